"""replay of run --batch findings: batch lines are sent again as batches and judged as the run judged them."""

from __future__ import annotations

import io
import json

import pytest

from conformance.batch import command_exchanges
from conformance.checks import BATCH_COMMAND_CHECKS, CheckContext, check_batch, run_checks
from conformance.client import Client, Target, batch_params
from conformance.contract import default_contract
from conformance.exchange import Exchange
from conformance.faults import with_faults
from conformance.findings import Finding
from conformance.mock import MockPortal
from conformance.outcome import Expectation, Outcome
from conformance.replay import replay

from ..conftest import RewrittenAnswers
from .conftest import connector, swap_invalid_for_missing

CONTRACT = default_contract()
GET = "biconnector.connector.get"
INVALID = Outcome("VALIDATION_INVALID_ID_FORMAT")
# Two id cases as run --batch sends them: keys "<index>-<input class>", ids query-encoded.
CASES = {"0-id.zero": {"id": 0}, "1-id.negative": {"id": -1}}


def swapped_code(app) -> RewrittenAnswers:
    """The portal answering VALIDATION_ID_NOT_PROVIDED wherever it says INVALID_ID_FORMAT."""
    return RewrittenAnswers(app, swap_invalid_for_missing)


class Recording:
    """WSGI middleware that keeps each request's path and JSON body."""

    def __init__(self, app) -> None:
        self.app, self.sent = app, []

    def __call__(self, environ, start_response):
        raw = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        environ["wsgi.input"] = io.BytesIO(raw)
        self.sent.append((environ["PATH_INFO"], json.loads(raw) if raw else None))
        return self.app(environ, start_response)


def client_for(portal: MockPortal, app=None) -> Client:
    return Client(Target.in_process(app or portal, portal.applications[0].access_token))


def send_batch(client: Client, method: str, cases: dict[str, dict]) -> Exchange:
    return client.call("batch", batch_params({key: (method, params) for key, params in cases.items()}))


def write_summary(path, findings: list[Finding]) -> None:
    items = [{**f.as_json(), "count": 1} for f in findings]
    path.write_text(json.dumps({"verdict": "nonconformant", "error_placement": "nested", "findings": items}))


def replayed(path, portal: MockPortal, app=None, **options) -> tuple[int, str]:
    out = io.StringIO()
    with client_for(portal, app) as client:
        code = replay(path, client, out=out, **options)
    return code, out.getvalue()


@pytest.fixture
def error_code_summary(tmp_path):
    """A summary with the error-code finding of a batched id.zero command, from a portal that swaps codes."""
    portal = MockPortal()
    with client_for(portal, swapped_code(portal)) as client:
        answer = command_exchanges(send_batch(client, GET, CASES))["0-id.zero"]
    context = CheckContext(CONTRACT, CONTRACT.method(GET), "nested", Expectation(INVALID, INVALID), "id.zero")
    findings = [f for f in run_checks(answer, context, BATCH_COMMAND_CHECKS) if f.check == "error-code"]
    assert [(f.severity, f.observed) for f in findings] == [("fail", "VALIDATION_ID_NOT_PROVIDED")]
    assert '"cmd": {"0-id.zero": "biconnector.connector.get?id=0"}' in findings[0].reproduce
    assert findings[0].reproduce.endswith("/rest/batch")
    path = tmp_path / "summary.json"
    write_summary(path, findings)
    return path


def test_a_batched_error_code_finding_still_fails_where_codes_are_still_wrong(error_code_summary):
    portal = MockPortal()
    recording = Recording(swapped_code(portal))
    code, text = replayed(error_code_summary, portal, recording)
    assert code == 1, text
    assert (
        "still fails      error-code: biconnector.connector.get [id.zero]: VALIDATION_ID_NOT_PROVIDED" in text
    )
    assert text.splitlines()[-1] == "replay: 1 still fail, 0 no longer fail, 0 not replayed"
    # sent again as the run sent it: a batch of that one command, with the client's token
    [(path, body)] = recording.sent
    assert path == "/rest/batch"
    assert body["cmd"] == {"0-id.zero": "biconnector.connector.get?id=0"}
    assert body["auth"] == portal.applications[0].access_token


def test_a_batched_error_code_finding_no_longer_fails_on_a_faithful_portal(error_code_summary):
    code, text = replayed(error_code_summary, MockPortal())
    assert code == 0, text
    assert (
        "no longer fails  error-code: biconnector.connector.get [id.zero]: was: VALIDATION_ID_NOT_PROVIDED"
        in text
    )
    assert text.splitlines()[-1] == "replay: 0 still fail, 1 no longer fail, 0 not replayed"


def test_a_command_the_batch_no_longer_answers_still_fails(error_code_summary):
    portal = MockPortal()
    code, text = replayed(error_code_summary, portal, with_faults(portal, ["batch-drops-a-command"]))
    assert code == 1, text
    assert (
        "still fails      error-code: biconnector.connector.get [id.zero]: the batch answered no command: "
        "'0-id.zero' is in neither result nor result_error (HTTP 200)"
    ) in text


@pytest.fixture
def batch_check_summary(tmp_path):
    """A summary with the batch finding of a two-command batch whose last command went unanswered."""
    portal = MockPortal()
    with client_for(portal, with_faults(portal, ["batch-drops-a-command"])) as client:
        exchange = send_batch(client, GET, CASES)
    findings = check_batch(exchange, CheckContext(CONTRACT, CONTRACT.method(GET), "nested"))
    assert [(f.check, f.observed) for f in findings] == [("batch", "answered in neither map: 1-id.negative")]
    path = tmp_path / "summary.json"
    write_summary(path, findings)
    return path


def test_a_batch_finding_still_fails_where_the_batch_still_drops_a_command(batch_check_summary):
    portal = MockPortal()
    code, text = replayed(batch_check_summary, portal, with_faults(portal, ["batch-drops-a-command"]))
    assert code == 1, text
    assert "still fails      batch: biconnector.connector.get: answered in neither map: 1-id.negative" in text
    assert text.splitlines()[-1] == "replay: 1 still fail, 0 no longer fail, 0 not replayed"


def test_a_batch_finding_no_longer_fails_on_a_faithful_portal(batch_check_summary):
    portal = MockPortal()
    recording = Recording(portal)
    code, text = replayed(batch_check_summary, portal, recording)
    assert code == 0, text
    assert (
        "no longer fails  batch: biconnector.connector.get: was: answered in neither map: 1-id.negative"
        in text
    )
    assert [body["cmd"] for _, body in recording.sent] == [
        {"0-id.zero": "biconnector.connector.get?id=0", "1-id.negative": "biconnector.connector.get?id=-1"}
    ]


def test_a_per_command_finding_on_a_batch_of_several_commands_is_not_replayed(tmp_path):
    portal = MockPortal()
    with client_for(portal) as client:
        line = send_batch(client, GET, CASES).reproduce
    per_command = Finding("error-code", "fail", GET, "wrong code", input_class="id.zero", reproduce=line)
    whole = Finding("batch", "fail", GET, "a command unanswered", observed="gone", reproduce=line)
    path = tmp_path / "summary.json"
    write_summary(path, [per_command, whole])
    code, text = replayed(path, portal)
    assert code == 0, text
    assert (
        "not replayed     error-code: biconnector.connector.get [id.zero]: "
        "Expected a batch of the one command whose answer the finding is about, got a batch of 2 commands"
    ) in text
    assert (
        "no longer fails  batch: biconnector.connector.get: was: gone" in text
    )  # the batch itself is judged
    assert text.splitlines()[-1] == "replay: 0 still fail, 1 no longer fail, 1 not replayed"


@pytest.mark.parametrize(
    ("commands", "reason"),
    [
        ({"0-a": "biconnector.nope.get?id=1"}, "biconnector.nope.get is not a method of the contract"),
        (
            {"0-a": "biconnector.connector.get?id=1", "1-b": "biconnector.source.get?id=1"},
            "Expected every command of its batch to call one method, "
            "got biconnector.connector.get, biconnector.source.get",
        ),
        ([], "Expected its batch to carry commands as a map in cmd, got []"),
        ({"0-a": 5}, "Expected batch command '0-a' as 'method?query' text, got 5"),
    ],
)
def test_a_batch_line_without_one_contract_method_is_not_replayed(tmp_path, commands, reason):
    body = json.dumps({"halt": 0, "cmd": commands, "auth": "***"})
    line = f"curl -sS -X POST -H 'Content-Type: application/json' --data-binary '{body}' http://h/rest/batch"
    path = tmp_path / "summary.json"
    write_summary(path, [Finding("batch", "fail", GET, "x", reproduce=line)])
    portal = MockPortal()
    recording = Recording(portal)
    code, text = replayed(path, portal, recording)
    assert code == 0, text
    assert f"not replayed     batch: {GET}: {reason}" in text
    assert recording.sent == []


def test_a_batched_add_is_deleted_again_and_read_only_skips_it(tmp_path):
    with client_for(MockPortal()) as client:
        add = command_exchanges(
            send_batch(client, "biconnector.connector.add", {"0-add": {"fields": connector()}})
        )
    line = add["0-add"].reproduce
    path = tmp_path / "summary.json"
    write_summary(path, [Finding("time", "fail", "biconnector.connector.add", "no time", reproduce=line)])

    portal = MockPortal()
    recording = Recording(portal)
    code, text = replayed(path, portal, recording)
    assert code == 0, text
    assert [sent_path for sent_path, _ in recording.sent] == [
        "/rest/batch",
        "/rest/biconnector.connector.delete",
    ]
    assert portal.count("connector") == 0  # the command's connector is gone again

    code, text = replayed(path, portal, recording, read_only=True)
    assert "biconnector.connector.add changes the target (create) and the replay is read-only" in text
    assert len(recording.sent) == 2  # nothing more was sent
