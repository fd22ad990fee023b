"""BatchProbes.send: one request for many probes, every command checked, nothing left over."""

from __future__ import annotations

import io
import json
from types import SimpleNamespace

import pytest

from conformance.client import Client, Target, command
from conformance.contract import default_contract
from conformance.engine import ConformanceSession, Recorder, RunConfig
from conformance.findings import ConformanceFailure
from conformance.ledger import Ledger
from conformance.outcome import Expectation, Outcome

CONTRACT = default_contract()
REQUIRED = Outcome("VALIDATION_REQUIRED_FIELD_MISSING")


@pytest.fixture
def session(tmp_path):
    config = RunConfig.from_values({"seed": "9", "report_dir": str(tmp_path)})
    session = ConformanceSession.open(config, CONTRACT, Recorder())
    yield session
    session.cleanup()
    session.close()


def case(input_class: str) -> SimpleNamespace:
    return SimpleNamespace(input_class=input_class, encoding="query")


class AddsAnyway:
    """WSGI middleware: every command of a batch becomes a valid connector.add (a target that accepts
    payloads it should refuse)."""

    def __init__(self, portal, valid_add: str) -> None:
        self.portal, self.valid_add = portal, valid_add

    def __call__(self, environ, start_response):
        if environ["PATH_INFO"].endswith("/batch"):
            body = json.loads(environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"])))
            body["cmd"] = dict.fromkeys(body["cmd"], self.valid_add)
            raw = json.dumps(body).encode()
            environ = {**environ, "CONTENT_LENGTH": str(len(raw)), "wsgi.input": io.BytesIO(raw)}
        return self.portal(environ, start_response)


def test_many_probes_cost_one_request_and_each_is_recorded(session):
    method = CONTRACT.method("biconnector.connector.get")
    cases = [case("id.zero"), case("id.unknown")]
    expectations = [
        Expectation(Outcome("VALIDATION_INVALID_ID_FORMAT"), Outcome("VALIDATION_INVALID_ID_FORMAT")),
        Expectation(Outcome("CONNECTOR_NOT_FOUND"), Outcome("CONNECTOR_NOT_FOUND")),
    ]
    before = session.recorder.requests
    answers = session.batch.send(method, cases, expectations, [{"id": "0"}, {"id": "999999937"}])
    assert session.recorder.requests == before + 1
    assert [a.response.json["result"]["error"]["error"] for a in answers] == [
        "VALIDATION_INVALID_ID_FORMAT",
        "CONNECTOR_NOT_FOUND",
    ]
    coverage = session.recorder.coverage[method.name]
    assert coverage.input_classes == {"id.zero": 1, "id.unknown": 1}


def test_a_wrong_expectation_fails_with_the_commands_own_finding(session):
    method = CONTRACT.method("biconnector.connector.get")
    wrong = Expectation(Outcome("CONNECTOR_NOT_FOUND"), Outcome("CONNECTOR_NOT_FOUND"))
    with pytest.raises(ConformanceFailure) as failure:
        session.batch.send(method, [case("id.zero")], [wrong], [{"id": "0"}])
    [finding] = [f for f in failure.value.findings if f.check == "error-code"]
    assert (finding.method, finding.input_class) == (method.name, "id.zero")
    assert '"cmd": {"0-id.zero": "biconnector.connector.get?id=0"}' in finding.reproduce


def test_an_add_the_target_should_have_refused_is_ledgered_and_deleted(session, tmp_path):
    method = CONTRACT.method("biconnector.connector.add")
    valid = command(method.name, {"fields": session.keeper.sample("connector")})
    token = session.portal.applications[0].access_token
    session.sender.client = Client(Target.in_process(AddsAnyway(session.portal, valid), token))
    refused = Expectation(REQUIRED, REQUIRED)
    with pytest.raises(ConformanceFailure):  # the oracle expected a refusal and got an id
        session.batch.send(method, [case("fields.missing-required")] * 2, [refused] * 2, [{"fields": {}}] * 2)
    assert session.keeper.created == []  # both deleted at once, not left for the end of the run
    listed = session.sender.call("biconnector.connector.list", {}).response.json["result"]
    assert listed == []
    entries = Ledger.read(tmp_path / "ledger.jsonl").entries()
    assert len(entries) == 2 and not any(entry.outstanding for entry in entries)
