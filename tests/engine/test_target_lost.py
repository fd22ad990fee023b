"""A target that stops answering mid-run: the sender stops the run after a few silent requests in a row,
never for an occasional one; the verdict is incomplete, and the cleanup leaves the rest to the ledger."""

from __future__ import annotations

import pytest

from conformance.client import Client, Target, TransportError
from conformance.contract import default_contract
from conformance.engine import ObjectKeeper, Recorder, Sender, bundled_mock
from conformance.engine._sender import LOST_AFTER, TargetLost
from conformance.findings import ConformanceFailure
from conformance.ledger import Ledger

CONTRACT = default_contract()
GET = CONTRACT.method("biconnector.connector.get")


class Scripted:
    """A client that answers through the in-process mock or fails as told, one step per call."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.steps: list[str] = []  # "answer" or a transport kind ("refused", "reset", "protocol", ...)
        self.calls = 0

    def call(self, method, params, **kwargs):
        self.calls += 1
        step = self.steps.pop(0) if self.steps else "answer"
        exchange = self.client.call(method, params, **kwargs)
        if step == "answer":
            return exchange
        raise TransportError(step, exchange.request, f"no answer ({step})")


@pytest.fixture
def scripted():
    portal = bundled_mock()
    with Client(Target.in_process(portal, portal.applications[0].access_token)) as client:
        yield Scripted(client)


def _probe(sender: Sender) -> str:
    """One probe through the sender: 'answer', 'finding' (a transport finding) or 'lost'."""
    try:
        sender.send_probe(GET, "id.unknown", lambda: sender.call(GET.name, {"id": 999_999_937}))
    except ConformanceFailure:
        return "finding"
    except TargetLost:
        return "lost"
    return "answer"


def test_a_target_silent_for_several_requests_in_a_row_is_lost(scripted):
    sender = Sender(scripted, CONTRACT, Recorder())
    scripted.steps = ["answer", "answer", *["refused"] * LOST_AFTER]
    seen = [_probe(sender) for _ in range(2 + LOST_AFTER)]
    assert seen == ["answer", "answer", *["finding"] * (LOST_AFTER - 1), "lost"]
    reason = sender.recorder.reasons_incomplete()["target_lost"]
    assert "stopped answering at request 3 of the run" in reason
    assert f"sending after {2 + LOST_AFTER} requests" in reason
    # the transport findings stay, fail as ever, but the loss they show is not a contract break
    assert sender.recorder.counts()["fail"] == 1  # one distinct finding, seen LOST_AFTER - 1 times
    assert sum(sender.recorder.finding_counts.values()) == LOST_AFTER - 1
    assert sender.recorder.verdict() == "incomplete"


def test_nothing_more_goes_out_once_the_target_is_lost(scripted):
    sender = Sender(scripted, CONTRACT, Recorder())
    scripted.steps = ["answer", *["timeout"] * LOST_AFTER]
    for _ in range(1 + LOST_AFTER):
        _probe(sender)
    sent, requests = scripted.calls, sender.recorder.requests
    with pytest.raises(TargetLost):
        sender.call(GET.name, {"id": 1})
    assert (scripted.calls, sender.recorder.requests) == (sent, requests)


@pytest.mark.parametrize(
    "steps",
    [
        # occasional faults between answers
        ["answer", "reset", "answer", "refused", "refused", "answer", "timeout", "answer"],
        # something came back, however broken: that is a finding, not a lost target
        ["answer", "refused", "protocol", "refused", "refused", "tls", "size", "refused"],
        # never reached at all: the run's first call reports that (unreachable), not a loss
        ["refused"] * (LOST_AFTER + 2),
    ],
    ids=["occasional", "broken-answers", "never-reached"],
)
def test_faults_that_are_not_a_lost_target(scripted, steps):
    sender = Sender(scripted, CONTRACT, Recorder())
    scripted.steps = list(steps)
    seen = [_probe(sender) for _ in steps]
    assert "lost" not in seen
    assert sender.lost is None and "target_lost" not in sender.recorder.reasons_incomplete()
    if "finding" in seen and steps[0] == "answer":
        assert sender.recorder.verdict() == "nonconformant"  # transport findings judge as before


def test_a_test_error_at_a_silent_request_is_the_loss_not_the_suite():
    recorder = Recorder()
    recorder.test_error("test_a", "SetupFailed: could not be sent", target_silent=True)
    assert recorder.verdict() == "error"  # the target answered again: it was the suite's trouble
    recorder.incomplete("target_lost", "the target stopped answering")
    assert recorder.verdict() == "incomplete"
    assert (
        "1 suite tests stopped at a request that got no answer"
        in recorder.reasons_incomplete()["target_lost"]
    )
    recorder.test_error("test_b", "KeyError in call")  # one that failed while the target answered
    assert recorder.verdict() == "error"


def test_the_cleanup_after_a_loss_tries_once_and_leaves_the_rest_to_the_ledger(scripted, tmp_path):
    sender = Sender(scripted, CONTRACT, Recorder())
    ledger = Ledger(tmp_path / "ledger.jsonl")
    ledger.begin("b24c-abc123")
    keeper = ObjectKeeper(sender, ledger=ledger, run_id="abc123")
    connector = keeper.create("connector", keeper.sample("connector"))
    keeper.create("source", keeper.sample("source", connector))
    scripted.steps = ["refused"] * LOST_AFTER
    for _ in range(LOST_AFTER):
        _probe(sender)
    assert sender.lost is not None
    sent = scripted.calls
    scripted.steps = ["refused"] * 5
    problems = keeper.cleanup()
    assert scripted.calls == sent + 1  # one delete tried; the other is not sent into the silence
    assert len(problems) == 2 and "not tried" in problems[1]
    assert len(ledger.outstanding()) == 2  # both still named for `b24-conformance cleanup --ledger`


def test_a_target_lost_during_the_cleanup_stops_the_deletes(scripted, tmp_path):
    sender = Sender(scripted, CONTRACT, Recorder())
    keeper = ObjectKeeper(sender, run_id="abc123")
    connector = keeper.create("connector", keeper.sample("connector"))
    for _ in range(LOST_AFTER + 2):
        keeper.create("source", keeper.sample("source", connector))
    scripted.steps = ["refused"] * 10
    problems = keeper.cleanup()
    assert sender.lost is not None  # noted, so the plugin reports incomplete, not a cleanup error
    assert scripted.calls == 1 + (LOST_AFTER + 2) + LOST_AFTER
    assert len(problems) == LOST_AFTER + 3
