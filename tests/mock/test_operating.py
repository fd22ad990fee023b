"""The per-method operating-time limit: 10 baskets, 429 OPERATION_TIME_LIMIT, time.operating."""

from __future__ import annotations

import itertools
import re

import pytest

from conformance.mock import MockConfig, MockPortal

from .conftest import Rest, known_config

LIST = "biconnector.connector.list"


@pytest.fixture
def limited(clock) -> Rest:
    # 1 s allowed per method and application, 0.25 s charged per call: the 5th call goes over.
    config = known_config(operating_limit_s=1.0, operating_cost_s=0.25, clock=clock)
    return Rest(MockPortal(config))


def statuses(rest: Rest, method: str = LIST, count: int = 1, **options) -> list[int]:
    return [rest.call(method, **options).status for _ in range(count)]


def test_the_call_that_goes_over_completes_and_the_next_is_blocked(limited, clock):
    answers = [limited.call(LIST) for _ in range(5)]
    assert [a.body["time"]["operating"] for a in answers] == [0.25, 0.5, 0.75, 1.0, 1.25]
    blocked = limited.call(LIST)
    assert blocked.status == 429
    assert blocked.body == {
        "error": "OPERATION_TIME_LIMIT",
        "error_description": "Method is blocked due to operation time limit.",
    }
    assert blocked.envelope_errors("framework-error") == []


def test_module_answers_say_when_the_oldest_basket_drops(limited, clock):
    start = clock.now
    first = limited.call(LIST).body["time"]
    clock.advance(59.5)
    same_basket = limited.call(LIST).body["time"]
    clock.advance(1.0)
    next_basket = limited.call("biconnector.connector.get", {"id": 1}).body
    assert first["operating_reset_at"] == same_basket["operating_reset_at"] == start + 600
    assert isinstance(first["operating_reset_at"], int)
    assert next_basket["result"]["error"]["error"] == "CONNECTOR_NOT_FOUND"
    assert next_basket["time"]["operating"] == 0.25  # a method error is charged too, to its own method


def test_a_blocked_method_opens_again_when_its_oldest_basket_drops(limited, clock):
    start = clock.now
    assert statuses(limited, count=2) == [200, 200]
    clock.advance(120)
    assert statuses(limited, count=4) == [200, 200, 200, 429]
    reset_at = limited.call("biconnector.source.list").body["time"]["operating_reset_at"]
    assert reset_at == start + 120 + 600  # the source.list account has one basket, just opened
    clock.now = start + 599.9
    assert statuses(limited) == [429]
    clock.now = start + 600
    # The first basket (0.5 s) dropped: 0.75 s left, under the limit until one call past it.
    answer = limited.call(LIST)
    assert answer.status == 200 and answer.body["time"]["operating"] == 1.0
    assert answer.body["time"]["operating_reset_at"] == start + 120 + 600
    assert statuses(limited, count=2) == [200, 429]


def test_other_methods_applications_and_the_webhook_keep_working(limited):
    assert statuses(limited, count=6) == [200] * 5 + [429]
    assert statuses(limited, "biconnector.source.list") == [200]
    assert statuses(limited, token=limited.foreign) == [200]
    hooked = limited.hook(LIST)
    assert hooked.status == 200 and hooked.body["result"]["error"]["error"] == "ACCESS_DENIED"
    assert hooked.body["time"]["operating"] == 0.25


def test_a_scaled_basket_keeps_fractional_reset_times(clock):
    config = known_config(operating_limit_s=0.5, operating_cost_s=0.3, operating_basket_s=0.1, clock=clock)
    rest = Rest(MockPortal(config))
    start = clock.now
    assert rest.call(LIST).body["time"]["operating_reset_at"] == pytest.approx(start + 1.0)
    assert statuses(rest, count=2) == [200, 429]
    clock.advance(1.0)
    assert statuses(rest) == [200]


def test_without_a_fixed_cost_the_measured_processing_time_is_charged(clock):
    rest = Rest(MockPortal(known_config(operating_limit_s=480.0, clock=clock)))
    times = [rest.call(LIST).body["time"] for _ in range(3)]
    assert 0 < times[0]["operating"] < times[1]["operating"] < times[2]["operating"] < 1
    # Each call adds its processing time, measured a moment before the time block is written.
    charged = [
        times[0]["operating"],
        *(b["operating"] - a["operating"] for a, b in itertools.pairwise(times)),
    ]
    assert all(0 < c <= t["processing"] for c, t in zip(charged, times, strict=True))


def test_batch_commands_are_charged_as_their_methods_and_the_batch_is_not(limited):
    batch = limited.call("batch", {"cmd": {"a": LIST, "b": LIST, "c": "biconnector.source.list"}})
    body = batch.result
    assert "operating" not in batch.body["time"]
    assert [body["result_time"][key]["operating"] for key in "abc"] == [0.25, 0.5, 0.25]
    answers = limited.call("batch", {"cmd": [LIST] * 4}).result
    assert list(answers["result_error"]) == ["3"]
    assert answers["result_error"]["3"]["error"] == "OPERATION_TIME_LIMIT"


def test_a_portal_without_the_limiter_sends_no_operating_keys(rest):
    answer = rest.call(LIST)
    assert rest.portal.operating is None
    assert not {"operating", "operating_reset_at"} & set(answer.body["time"])
    assert answer.envelope_errors("success") == []


@pytest.mark.parametrize(
    ("options", "name"),
    [
        ({"operating_limit_s": 0}, "operating_limit_s"),
        ({"operating_cost_s": -1}, "operating_cost_s"),
        ({"operating_basket_s": None}, "operating_basket_s"),
        ({"token_lifetime_s": float("inf")}, "token_lifetime_s"),
        ({"operating_limit_s": True}, "operating_limit_s"),
    ],
)
def test_a_config_refuses_times_that_are_not_positive_seconds(options, name):
    with pytest.raises(ValueError, match=re.escape(f"Expected {name} to be a positive number of seconds")):
        MockConfig(**options)
