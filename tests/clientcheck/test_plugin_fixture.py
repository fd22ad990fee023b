"""b24_portal from the installed pytest plugin, and LivePortal.scenario: catalog states on a live mock."""

from __future__ import annotations

import textwrap

import httpx
import pytest

from conformance.clientcheck import LivePortal

pytestmark = pytest.mark.http
pytest_plugins = ["pytester"]

FIELDS = "biconnector.connector.fields"
LIST = "biconnector.connector.list"

# A client team's test file: no conftest, no pytest_plugins; the fixture comes with the package.
TEAM_TESTS = textwrap.dedent(
    """
    import httpx

    def call(portal, method, **params):
        return httpx.post(portal.url + method, json={**params, "auth": portal.token})

    def test_a_client_meets_the_scenarios_and_keeps_the_contract(b24_portal):
        assert b24_portal.url.startswith("http://127.0.0.1:") and b24_portal.url.endswith("/rest/")
        made = b24_portal.scenario("list-all", objects=60)
        second = call(b24_portal, "biconnector.connector.list", page=2).json()["result"]
        assert len(made) == 60 and len(second) == 10
        b24_portal.scenario("html-error-page")
        assert call(b24_portal, "biconnector.connector.fields").status_code == 502
        assert [r.method for r in b24_portal.requests] == [
            "biconnector.connector.list", "biconnector.connector.fields"
        ]
        b24_portal.assert_contract()

    def test_an_unknown_parameter_fails_the_contract_assertion(b24_portal):
        call(b24_portal, "biconnector.connector.list", start=50)
        b24_portal.assert_contract()
    """
)


def test_the_installed_plugin_gives_a_team_the_fixture_and_its_contract_assertion(pytester):
    pytester.makepyfile(test_team=TEAM_TESTS)
    run = pytester.runpytest("-p", "no:cacheprovider")
    run.assert_outcomes(passed=1, failed=1)
    run.stdout.fnmatch_lines(["*ContractBroken: 1 requests broke the contract:*"])
    run.stdout.fnmatch_lines(["*biconnector.connector.list: expected only known parameters, got start*"])
    run.stdout.fnmatch_lines(["FAILED test_team.py::test_an_unknown_parameter_fails_the_contract_assertion*"])
    listing = pytester.runpytest("--fixtures", "-p", "no:cacheprovider")
    listing.stdout.fnmatch_lines(["*fixtures defined from conformance.plugin*", "b24_portal*"])


def test_a_scenario_keeps_url_and_credentials_and_brings_its_limits():
    with LivePortal() as live:
        url, access = live.url, live.access
        live.scenario("query-limit")  # a bucket of 3, draining 2 a second
        statuses = []
        while 503 not in statuses and len(statuses) < 20:  # the bucket drains 2 a second meanwhile
            statuses.append(httpx.post(live.url + FIELDS, json={"auth": live.token}).status_code)
        assert (live.url, live.access) == (url, access)
        assert statuses[0] == 200 and statuses[-1] == 503
        assert live.requests[-1].error == "QUERY_LIMIT_EXCEEDED"


def test_a_scenario_plants_its_behaviour_where_a_team_asks():
    with LivePortal() as live:
        live.scenario("expired-token", method=LIST, nth=1)
        answer = httpx.post(live.url + LIST, json={"auth": live.token})
        assert (answer.status_code, answer.json()["error"]) == (401, "expired_token")
        assert httpx.post(live.url + FIELDS, json={"auth": live.token}).status_code == 401  # all expired


def test_an_unknown_scenario_or_option_is_a_clear_value_error():
    with LivePortal() as live:
        with pytest.raises(ValueError, match="Expected a scenario name among list-all"):
            live.scenario("no-such-scenario")
        with pytest.raises(ValueError, match="unexpected option colour"):
            live.scenario("slow-answer", colour="red")
        with pytest.raises(ValueError, match="Expected objects as a whole number"):
            live.scenario("list-all", objects=-1)
