"""Whole schemathesis runs through the bridge: the faithful mock, planted faults, budget and cleanup."""

from __future__ import annotations

import pytest

from .conftest import rewriting

# Enough operations to meet adds, reads and deletes of both seed entities, quickly.
OPERATIONS = (
    "biconnector.connector.add",
    "biconnector.connector.get",
    "biconnector.connector.list",
    "biconnector.source.get",
    "biconnector.source.delete",
)


def test_the_faithful_mock_has_no_failures_and_keeps_nothing(make_bridge):
    bridge = make_bridge(examples=4)
    assert bridge.fuzz(operations=OPERATIONS) == {}
    assert bridge.stateful() is None
    recorder = bridge.recorder
    assert recorder.counts()["fail"] == 0, [f.render() for f in recorder.findings.values()]
    assert recorder.requests >= len(OPERATIONS) * 4
    assert set(OPERATIONS) <= set(recorder.coverage)
    assert bridge.portal.count("connector") == 0 and bridge.portal.count("source") == 0
    assert bridge.created == []


def test_the_stateful_phase_follows_links_and_deletes_what_adds_made(make_bridge):
    bridge = make_bridge(examples=3, modes=("positive",))
    seen = []
    original = bridge.call

    def spy(case, **kwargs):
        response = original(case, **kwargs)
        seen.append((case.operation.definition.raw["operationId"], list(bridge.created)))
        return response

    bridge.call = spy
    assert bridge.stateful() is None
    assert any(name.endswith(".add") for name, _ in seen)
    assert any(name.endswith((".get", ".delete")) for name, _ in seen)
    assert any(created for _, created in seen), "a positive add should have created something"
    assert bridge.portal.count("connector") == 0 and bridge.portal.count("source") == 0


def _undocumented_code(body: dict) -> dict:
    result = body.get("result")
    if isinstance(result, dict) and isinstance(result.get("error"), dict):
        result["error"] = {"error": "PLANTED_UNDOCUMENTED", "error_description": "planted"}
    return body


def _without_time(body: dict) -> dict:
    body.pop("time", None)
    return body


@pytest.mark.parametrize(
    ("rewrite", "check"), [(_undocumented_code, "error-code"), (_without_time, "time")], ids=["code", "time"]
)
def test_a_planted_fault_is_reported_in_the_recorder(make_bridge, rewrite, check):
    faithful = make_bridge()
    bridge = make_bridge(
        rewriting(faithful.portal, rewrite), token=faithful.portal.applications[0].access_token
    )
    failures = bridge.fuzz(operations=("biconnector.connector.get",))
    assert set(failures) == {"biconnector.connector.get"}
    fails = [f for f in bridge.recorder.findings.values() if f.severity == "fail"]
    assert check in {f.check for f in fails}
    assert all(f.method == "biconnector.connector.get" and f.reproduce.startswith("curl ") for f in fails)
    assert bridge.recorder.verdict() == "nonconformant"


def test_the_budget_stops_generation(make_bridge):
    bridge = make_bridge(examples=20, budget=7)
    bridge.fuzz(operations=OPERATIONS)
    assert bridge.recorder.requests <= 7 + 1  # the budget, and cleanup of what an add made
    assert bridge.recorder.budget_spent


def test_a_read_only_bridge_leaves_out_writes(make_bridge):
    bridge = make_bridge(read_only=True)
    names = bridge.operations()
    assert "biconnector.connector.get" in names
    assert not [name for name in names if name.rsplit(".", 1)[-1] in ("add", "update", "delete")]


def test_the_same_seed_sends_the_same_requests(make_bridge):
    def bodies(bridge):
        sent = []
        original = bridge.call

        def spy(case, **kwargs):
            sent.append(repr(case.body))
            return original(case, **kwargs)

        bridge.call = spy
        bridge.fuzz(operations=("biconnector.connector.get",))
        return sent

    assert bodies(make_bridge(seed=9)) == bodies(make_bridge(seed=9))


@pytest.mark.http
def test_over_http_the_bridge_reaches_a_url_target_and_guards_deletes():
    from conformance.client import Target
    from conformance.contract import default_contract
    from conformance.engine import Recorder, bundled_mock
    from conformance.mock import serve
    from conformance.oracle import module_id
    from conformance.stbridge import UNKNOWN_ID, Bridge

    portal = bundled_mock()
    token = portal.applications[0].access_token
    with serve(portal) as server:
        target = Target.parse(server.url + "/rest/", access_token=token)
        bridge = Bridge(default_contract(), target, Recorder(), seed=2, examples=2)
        sent = []
        original = bridge.call

        def spy(case, **kwargs):
            response = original(case, **kwargs)
            sent.append((case.operation.definition.raw["operationId"], case.body))
            return response

        bridge.call = spy
        assert bridge.fuzz(operations=("biconnector.connector.get", "biconnector.connector.delete")) == {}
    deletes = [body for name, body in sent if name.endswith(".delete") and isinstance(body, dict)]
    # every delete that names an object the module would look up names no object; ids the module
    # refuses outright are sent as generated, since they test validation and delete nothing
    looked_up = [body for body in deletes if "id" in body and isinstance(module_id(body["id"], "json"), int)]
    assert looked_up and all(body["id"] == UNKNOWN_ID for body in looked_up)
    assert bridge.recorder.counts()["fail"] == 0
