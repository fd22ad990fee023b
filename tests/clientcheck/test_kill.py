"""The kill test of the client gate: every planted client bug is caught by its scenario, the careful
client passes them all."""

from __future__ import annotations

import json

import pytest

from conformance.clientcheck import PLANTED, SCENARIOS, CarefulAdapter, NaiveAdapter, play

pytestmark = pytest.mark.http


def test_every_scenario_has_a_planted_bug_and_the_catalog_has_at_least_twelve():
    assert set(PLANTED) == set(SCENARIOS)
    assert len(SCENARIOS) >= 12
    assert all(issubclass(variant, CarefulAdapter) for variant in PLANTED.values())


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_the_careful_client_passes(name):
    result = play(SCENARIOS[name], CarefulAdapter)
    assert result.verdict == "pass", [p.as_json() for p in result.problems]
    assert result.traffic, "a scenario that sends nothing judges nothing"


@pytest.mark.parametrize("name", list(PLANTED))
def test_the_planted_bug_is_caught_by_its_scenario(name):
    result = play(SCENARIOS[name], PLANTED[name])
    assert result.verdict == "fail", f"{PLANTED[name].__name__} slipped through {name}"
    assert all(p.what for p in result.problems)


@pytest.mark.parametrize(
    ("name", "verdict"),
    [("nested-error", "fail"), ("batch-errors", "fail"), ("html-error-page", "fail"), ("root-error", "pass")],
)
def test_the_naive_client_fails_what_naive_clients_fail(name, verdict):
    result = play(SCENARIOS[name], NaiveAdapter)
    assert result.verdict == verdict


class _Leaky(CarefulAdapter):
    """Puts every secret it was given into the text of its errors."""

    def _root_error(self, answer, body):
        raise RuntimeError(f"{body['error']}: {self.access.access_token} {self.access.client_secret}")


def test_no_secret_reaches_a_result_even_from_a_client_that_prints_them():
    given = []

    def factory(access):
        given.append(access)
        return _Leaky(access)

    result = play(SCENARIOS["expired-token"], factory)
    shown = json.dumps(result.as_json())
    (access,) = given
    assert "expired_token" in shown or result.verdict == "pass"
    for secret in (*access.secrets(), access.client_secret):
        assert secret not in shown
    result = play(SCENARIOS["root-error"], factory)
    assert "[redacted]" in json.dumps(result.as_json())
