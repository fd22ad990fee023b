"""The connector fault zoo: every planted break is caught; the faithful reference app has no finding."""

from __future__ import annotations

import httpx
import pytest

from conformance.connector_app import CONNECTOR_FAULTS, ConnectorApp
from conformance.connectorcheck import CONNECTOR_CHECKS, Budget, ConnectorUrls, PlayOptions, check_connector

URLS = ConnectorUrls(
    *(f"http://connector.test/b24/{e}" for e in ("check", "table_list", "table_description", "data"))
)
TOKEN = "s3cret-Ünïcode"
FAST = Budget(connect_s=5, body_s=0.25)  # slow-body stalls 0.3 s: past this budget, as 61 s is past 60
CALM = Budget(connect_s=5, body_s=20)  # for the rest: a loaded machine must not make answers "slow"


def run(app: ConnectorApp, seed: int = 1, examples: int = 0, **options):
    budget = FAST if "slow-body" in app.faults else CALM
    play = PlayOptions({"token": TOKEN}, seed=seed, budget=budget, filter_examples=examples, **options)
    return check_connector(URLS, play, transport=httpx.WSGITransport(app=app))


def test_the_zoo_has_at_least_15_faults_each_aimed_at_a_connector_check():
    assert len(CONNECTOR_FAULTS) >= 15
    assert {f.expected_check for f in CONNECTOR_FAULTS.values()} <= set(CONNECTOR_CHECKS)


@pytest.mark.parametrize("name", list(CONNECTOR_FAULTS))
def test_the_check_catches_the_fault(name):
    result = run(ConnectorApp(token=TOKEN, faults=[name], slow_s=0.3))
    expected = CONNECTOR_FAULTS[name].expected_check
    assert expected in {f.check for f in result.findings}, [f.render() for f in result.findings]
    severities = CONNECTOR_CHECKS[expected].info.severities
    assert result.verdict == ("nonconformant" if "fail" in severities else "conformant")


@pytest.mark.parametrize("seed", range(10))
def test_the_reference_app_has_no_finding(seed):
    result = run(ConnectorApp(token=TOKEN), seed=seed, examples=4)
    assert result.findings == [] and result.verdict == "conformant" and result.exit_code == 0
    assert result.summary["requests"] > 40 and not result.recording.notes


def test_the_filter_search_shrinks_a_disagreement_to_one_condition():
    result = run(ConnectorApp(token=TOKEN, faults=["between-as-equals"]), examples=30, max_tables=1)
    drawn = [f for f in result.findings if "(drawn)" in f.message]
    assert drawn and all(f.check == "data-filter" for f in drawn)
    assert drawn[0].message.count('": ') == 1, drawn[0].message  # one key: the smallest failing filter


def test_an_app_without_credentials_fails_bad_credentials_only():
    result = run(ConnectorApp())
    assert {f.check for f in result.findings} == {"bad-credentials"}


def test_the_readme_counts_the_zoo():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"each\nof its {len(CONNECTOR_FAULTS)} planted faults" in readme
