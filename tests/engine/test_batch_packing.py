"""BatchProbes.send_packed: commands of many methods share batch calls, in an order that reads before it
changes anything, 50 to a call; each command's finding replays that command alone."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from conformance.batch import MAX_COMMANDS
from conformance.contract import default_contract
from conformance.engine import BatchCommand, BudgetSpent, ConformanceSession, Recorder, RunConfig
from conformance.findings import ConformanceFailure
from conformance.outcome import SUCCESS, Expectation, Outcome

CONTRACT = default_contract()
GET = CONTRACT.method("biconnector.connector.get")
LIST = CONTRACT.method("biconnector.source.list")
DELETE = CONTRACT.method("biconnector.connector.delete")
INVALID_ID = Outcome("VALIDATION_INVALID_ID_FORMAT")


@pytest.fixture
def session(tmp_path):
    config = RunConfig.from_values({"seed": "9", "report_dir": str(tmp_path)})
    session = ConformanceSession.open(config, CONTRACT, Recorder())
    yield session
    session.cleanup()
    session.close()


def command(method, input_class, params, outcome=INVALID_ID) -> BatchCommand:
    case = SimpleNamespace(input_class=input_class, encoding="query")
    return BatchCommand(method, case, Expectation(outcome, outcome), params)


@pytest.fixture
def spy(session, monkeypatch):
    """Every batch call's command map, in the order sent."""
    sent: list[dict] = []
    call = session.sender.call

    def spying(method, params, **kwargs):
        if method == "batch":
            sent.append(dict(params["cmd"]))
        return call(method, params, **kwargs)

    monkeypatch.setattr(session.sender, "call", spying)
    return sent


def test_commands_of_several_methods_share_one_call_deletes_last(session, spy):
    commands = [
        command(DELETE, "id.zero", {"id": "0"}),
        command(GET, "id.zero", {"id": "0"}),
        command(LIST, "list.plain", {}, outcome=SUCCESS),
    ]
    before = session.recorder.requests
    results = session.batch.send_packed(commands)
    assert session.recorder.requests == before + 1
    [cmd] = spy
    assert list(cmd) == ["1-id.zero", "2-list.plain", "0-id.zero"]  # reads first, the delete last
    assert cmd["0-id.zero"] == "biconnector.connector.delete?id=0"
    assert all(result.sent and result.answer is not None for result in results)
    assert results[0].answer.response.json["result"]["error"]["error"] == "VALIDATION_INVALID_ID_FORMAT"
    assert results[2].answer.response.json["result"] == []  # no source made yet: an empty list


def test_more_than_fifty_commands_take_as_many_calls_as_needed(session, spy):
    commands = [command(GET if n % 2 else DELETE, "id.zero", {"id": "0"}) for n in range(MAX_COMMANDS + 7)]
    session.batch.judge(commands, session.batch.send_packed(commands))
    assert [len(cmd) for cmd in spy] == [MAX_COMMANDS, 7]
    methods = [value.partition("?")[0] for cmd in spy for value in cmd.values()]
    assert methods == sorted(methods, key=lambda name: name.endswith(".delete"))
    coverage = session.recorder.coverage
    assert coverage[GET.name].input_classes["id.zero"] + coverage[DELETE.name].input_classes["id.zero"] == 57


def test_a_commands_finding_names_its_method_and_replays_only_its_command(session):
    wrong = Outcome("CONNECTOR_NOT_FOUND")
    commands = [
        command(GET, "id.unknown", {"id": "999999937"}, outcome=Outcome("CONNECTOR_NOT_FOUND")),
        command(DELETE, "id.zero", {"id": "0"}, outcome=wrong),
    ]
    results = session.batch.send_packed(commands)
    with pytest.raises(ConformanceFailure) as failure:
        session.batch.judge(commands, results)
    [finding] = [f for f in failure.value.findings if f.check == "error-code"]
    assert (finding.method, finding.input_class) == (DELETE.name, "id.zero")
    assert '"cmd": {"1-id.zero": "biconnector.connector.delete?id=0"}' in finding.reproduce
    assert GET.name not in finding.reproduce


def test_a_spent_budget_leaves_the_rest_unsent(tmp_path):
    config = RunConfig.from_values({"seed": "9", "report_dir": str(tmp_path), "budget": "1"})
    session = ConformanceSession.open(config, CONTRACT, Recorder())
    try:
        commands = [command(GET, "id.zero", {"id": "0"}) for _ in range(MAX_COMMANDS + 1)]
        results = session.batch.send_packed(commands)
        assert [result.sent for result in results].count(False) >= 1
        with pytest.raises(BudgetSpent):
            session.batch.judge(commands, results)
    finally:
        session.cleanup()
        session.close()


def test_adds_that_may_succeed_go_after_refused_ones_and_their_objects_go_in_one_call(tmp_path):
    config = RunConfig.from_values({"seed": "9", "report_dir": str(tmp_path), "batch": "1"})
    session = ConformanceSession.open(config, CONTRACT, Recorder())
    add = CONTRACT.method("biconnector.connector.add")
    sent: list[dict] = []
    call = session.sender.call_past_budget

    def spying(method, params, **kwargs):
        sent.append(dict(params["cmd"]))
        return call(method, params, **kwargs)

    try:
        valid = [{"fields": session.keeper.sample("connector")} for _ in range(2)]
        commands = [
            command(add, "fields.valid", valid[0], outcome=SUCCESS),
            command(add, "fields.missing", {}, outcome=Outcome("VALIDATION_FIELDS_NOT_PROVIDED")),
            command(add, "fields.valid", valid[1], outcome=SUCCESS),
            command(GET, "id.zero", {"id": "0"}),
        ]
        session.sender.call_past_budget = spying
        before = session.recorder.requests
        results = session.batch.send_packed(commands)
        answers = session.batch.judge(commands, results)
        # one batch call for the four, one for the deletes of what the valid adds made, newest first
        assert session.recorder.requests == before + 2
        made = [answers[index].response.json["result"]["id"] for index in (0, 2)]
        assert sent == [{f"delete{n}": f"biconnector.connector.delete?id={made[1 - n]}" for n in (0, 1)}]
        assert session.keeper.created == [] and session.keeper.ledger.outstanding() == []
        assert session.portal.count("connector") == 0
    finally:
        session.cleanup()
        session.close()


def test_packed_order_puts_what_may_succeed_after_what_is_refused(session, spy):
    add, update = (CONTRACT.method(f"biconnector.connector.{action}") for action in ("add", "update"))
    commands = [
        command(DELETE, "id.zero", {"id": "0"}),
        command(update, "fields.valid", {"id": "0", "fields": {"title": "x"}}, outcome=SUCCESS),
        command(add, "fields.valid", {"fields": session.keeper.sample("connector")}, outcome=SUCCESS),
        command(update, "id.zero", {"id": "0"}),
        command(add, "fields.missing", {}, outcome=Outcome("VALIDATION_FIELDS_NOT_PROVIDED")),
        command(GET, "id.zero", {"id": "0"}),
    ]
    session.batch.send_packed(commands)
    [cmd] = spy
    assert [key.partition("-")[0] for key in cmd] == ["5", "4", "3", "2", "1", "0"]
