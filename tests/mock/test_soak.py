"""A short soak of the mock over HTTP: generated hostile requests from concurrent clients."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from conformance.mock import MockPortal, serve

from ._soak import Tally, probes, soak
from .conftest import known_config

pytestmark = pytest.mark.http

PORTAL = MockPortal(known_config())
TOKEN = PORTAL.applications[0].access_token


@pytest.fixture(scope="module")
def running():
    with serve(PORTAL) as server:
        yield server


@seed(12)
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batch=st.lists(probes(TOKEN), min_size=12, max_size=12))
def test_no_500_no_text_and_no_hang_under_hostile_requests(running, batch):
    tally = Tally()
    soak(running.host, running.port, batch, workers=4, timeout_s=10, tally=tally)
    assert (tally.server_errors, tally.not_json, tally.hangs) == (0, 0, 0), tally.examples
