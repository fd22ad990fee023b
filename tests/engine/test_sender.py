"""Sender: every request within the budget and counted, every answer checked and recorded."""

from __future__ import annotations

import socket

import pytest

from conformance.client import Client, Target
from conformance.contract import default_contract
from conformance.engine import BudgetSpent, Recorder, Sender, bundled_mock
from conformance.findings import ConformanceFailure
from conformance.outcome import Outcome

CONTRACT = default_contract()
GET = CONTRACT.method("biconnector.connector.get")


@pytest.fixture
def sender():
    portal = bundled_mock()
    with Client(Target.in_process(portal, portal.applications[0].access_token)) as client:
        yield Sender(client, CONTRACT, Recorder(), budget=3)


def test_the_budget_stops_the_request_past_it_and_says_so(sender):
    for _ in range(3):
        sender.call(GET.name, {"id": 1})
    with pytest.raises(BudgetSpent, match="budget of 3 requests"):
        sender.call(GET.name, {"id": 1})
    assert sender.recorder.requests == 3 and sender.recorder.budget_spent


def test_a_cleanup_delete_goes_out_past_the_budget_and_is_counted(sender):
    for _ in range(3):
        sender.call(GET.name, {"id": 1})
    exchange = sender.call_past_budget("biconnector.connector.delete", {"id": 1})
    assert exchange.response.status == 200
    assert sender.recorder.requests == 4


def test_an_answer_is_checked_and_recorded_with_its_input_class(sender):
    exchange = sender.call(GET.name, {"id": 999_999_937})
    findings = sender.expect_outcome(GET, exchange, Outcome("CONNECTOR_NOT_FOUND"), "id.unknown")
    assert findings == []
    coverage = sender.recorder.coverage[GET.name]
    assert coverage.input_classes == {"id.unknown": 1} and coverage.error_codes == {"CONNECTOR_NOT_FOUND": 1}


def test_an_unexpected_outcome_is_a_fail_finding(sender):
    exchange = sender.call(GET.name, {"id": 999_999_937})
    [finding] = sender.expect_outcome(GET, exchange, Outcome("VALIDATION_INVALID_ID_FORMAT"), "id.zero")
    assert (finding.check, finding.severity, finding.input_class) == ("error-code", "fail", "id.zero")


def test_a_target_that_never_answers_becomes_a_transport_finding():
    with socket.socket() as placeholder:  # a loopback port nothing listens on once it is closed
        placeholder.bind(("127.0.0.1", 0))
        port = placeholder.getsockname()[1]
    with Client(Target.parse(f"http://127.0.0.1:{port}/rest/", access_token="t"), timeout=2) as client:
        sender = Sender(client, CONTRACT, Recorder())
        with pytest.raises(ConformanceFailure) as failure:
            sender.send_probe(GET, "id.zero", lambda: sender.call(GET.name, {"id": 0}))
    [finding] = failure.value.findings
    assert (finding.check, finding.method, finding.input_class) == ("transport", GET.name, "id.zero")
    assert sender.recorder.findings  # recorded, not only raised


def test_a_stop_requested_before_a_request_keeps_it_from_going_out(sender):
    def stop() -> None:
        raise KeyboardInterrupt("stopped by SIGTERM")

    sender.before_request = stop
    with pytest.raises(KeyboardInterrupt):
        sender.call(GET.name, {"id": 1})
    assert sender.recorder.requests == 0
