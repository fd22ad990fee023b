"""Envelopes of the mock's answers: the time block, and both error placements."""

from __future__ import annotations

import re
import time

import pytest

DATE_C = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")


def test_a_success_carries_result_and_a_consistent_time_block(rest):
    before = time.time()
    answer = rest.call("biconnector.connector.list")
    after = time.time()
    assert answer.status == 200
    assert answer.content_type == "application/json; charset=utf-8"
    assert answer.envelope_errors("success") == []
    clock = answer.body["time"]
    assert before <= clock["start"] <= clock["finish"] <= after
    assert clock["duration"] == pytest.approx(clock["finish"] - clock["start"], abs=1e-6)
    assert 0 <= clock["processing"] <= clock["duration"]
    assert DATE_C.fullmatch(clock["date_start"]) and DATE_C.fullmatch(clock["date_finish"])


def test_a_nested_method_error_has_time_and_status_200(rest):
    answer = rest.call("biconnector.connector.get")
    assert answer.status == 200
    assert answer.envelope_errors("method-error-nested") == []
    assert answer.body["result"]["error"] == {
        "error": "VALIDATION_ID_NOT_PROVIDED",
        "error_description": "ID is missing.",
    }


@pytest.fixture
def root_rest(rest_for):
    return rest_for(error_placement="root")


@pytest.mark.parametrize(
    ("method", "params", "code"),
    [
        ("biconnector.connector.get", {}, "VALIDATION_ID_NOT_PROVIDED"),
        ("biconnector.source.delete", {"id": 4}, "SOURCE_NOT_FOUND"),
        ("biconnector.connector.add", {"fields": {"x": 1}}, "VALIDATION_UNKNOWN_PARAMETERS"),
        ("biconnector.source.list", {"select": "id"}, "VALIDATION_SELECT_TYPE"),
    ],
)
def test_root_placement_puts_the_error_at_the_top_with_status_200_and_no_time(
    root_rest, method, params, code
):
    answer = root_rest.call(method, params)
    assert answer.status == 200
    assert answer.envelope_errors("method-error-root") == []
    assert set(answer.body) == {"error", "error_description"}
    assert answer.error == code


def test_root_placement_keeps_webhook_access_denied_at_the_root(root_rest):
    answer = root_rest.hook("biconnector.connector.list")
    assert answer.body == {"error": "ACCESS_DENIED", "error_description": "Access denied."}


def test_root_placement_changes_neither_successes_nor_framework_errors(root_rest):
    assert root_rest.call("biconnector.connector.list").result == []
    denied = root_rest.call("biconnector.connector.list", token="nope")
    assert (denied.status, denied.error) == (401, "NO_AUTH_FOUND")
    bad_order = root_rest.call("biconnector.connector.list", {"order": {"id": "up"}})
    assert (bad_order.status, bad_order.error) == (400, "ERROR_ARGUMENT")


def test_the_date_stamps_kept_per_second_are_the_ones_computed_each_time():
    from conformance.mock._envelope import _date_c, _date_c_exactly

    start = 1_700_000_000.0
    moments = [start + n / 7 for n in range(40)] + [start + 0.9999996, start + 0.9995, start - 3.25, 0.5]
    assert [_date_c(moment) for moment in moments] == [_date_c_exactly(moment) for moment in moments]
    assert _date_c(start + 0.9999996) == _date_c_exactly(start + 1)  # rounded up to the next second
