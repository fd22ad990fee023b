"""The portal's leaky bucket: 503 QUERY_LIMIT_EXCEEDED above the plan's burst, drained per second."""

from __future__ import annotations

import re

import pytest

from conformance.mock import MockConfig, MockPortal

from .conftest import Rest, known_config


def limited(clock, rate_limit) -> Rest:
    return Rest(MockPortal(known_config(rate_limit=rate_limit, clock=clock)))


def burst(rest: Rest, count: int) -> list[int]:
    return [rest.call("biconnector.connector.list").status for _ in range(count)]


@pytest.mark.parametrize(("plan", "capacity", "drain"), [("standard", 50, 2), ("enterprise", 250, 5)])
def test_a_plan_admits_its_burst_then_refuses_until_the_bucket_drains(clock, plan, capacity, drain):
    rest = limited(clock, plan)
    # Blocked once the counter exceeds X: X + 1 requests pass at once.
    assert burst(rest, capacity + 1) == [200] * (capacity + 1)
    refused = rest.call("biconnector.connector.list")
    assert refused.status == 503
    assert refused.body == {"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"}
    assert refused.envelope_errors("framework-error") == []
    clock.advance(1.0)
    assert burst(rest, drain + 1) == [200] * drain + [503]


def test_a_client_at_the_drain_rate_is_never_refused(clock):
    rest = limited(clock, "standard")
    assert burst(rest, 51) == [200] * 51
    statuses = []
    for _ in range(200):
        clock.advance(0.5)
        statuses += burst(rest, 1)
    assert statuses == [200] * 200


def test_refused_requests_do_not_fill_the_bucket(clock):
    rest = limited(clock, (2, 1.0))
    assert burst(rest, 10) == [200, 200, 200] + [503] * 7
    clock.advance(1.0)
    assert burst(rest, 2) == [200, 503]
    assert (rest.portal.bucket.admitted, rest.portal.bucket.refused) == (4, 8)


def test_every_rest_request_counts_but_token_renewal_does_not(clock):
    rest = limited(clock, (3, 1.0))
    application = rest.portal.applications[0]
    renewal = (
        f"/oauth/token/?grant_type=refresh_token&client_id={application.client_id}"
        f"&client_secret={application.client_secret}&refresh_token={application.refresh_token}"
    )
    assert rest.send("GET", renewal).status == 200
    assert rest.call("biconnector.connector.list", token="wrong").error == "NO_AUTH_FOUND"
    assert rest.hook("biconnector.connector.list").status == 200
    assert rest.call("no.such.method").error == "ERROR_METHOD_NOT_FOUND"
    assert rest.call("batch", {"cmd": ["biconnector.connector.list"] * 5}).status == 200
    assert rest.call("biconnector.connector.list").error == "QUERY_LIMIT_EXCEEDED"


def test_the_default_portal_has_no_rate_limit():
    rest = Rest(MockPortal())
    assert rest.portal.bucket is None
    assert set(burst(rest, 300)) == {200}


@pytest.mark.parametrize("bad", ["free", (0, 1.0), (5, 0), (5, -1.0), (True, 1.0), (5,), [50, 2.0], None])
def test_a_config_refuses_a_rate_limit_that_cannot_work(bad):
    with pytest.raises(ValueError, match=re.escape("Expected rate_limit 'off', 'standard', 'enterprise'")):
        MockConfig(rate_limit=bad)
