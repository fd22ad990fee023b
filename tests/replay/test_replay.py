"""replay on the mock: a faulted portal's findings still fail there and no longer fail on a faithful one."""

from __future__ import annotations

import io
import json
import socket

import pytest

from conformance.checks import CheckContext, run_checks
from conformance.client import Client, Target
from conformance.contract import default_contract
from conformance.findings import Finding
from conformance.mock import MockPortal
from conformance.outcome import Expectation, Outcome
from conformance.replay import ReplayError, replay

from ..conftest import RewrittenAnswers
from .conftest import connector, swap_invalid_for_missing

CONTRACT = default_contract()
INVALID = Outcome("VALIDATION_INVALID_ID_FORMAT")


def with_broken_answers(app) -> RewrittenAnswers:
    """The portal with one error code swapped and `time` dropped from every answer."""

    def edit(body: bytes) -> bytes:
        answer = json.loads(body)
        answer.pop("time", None)
        return swap_invalid_for_missing(json.dumps(answer).encode())

    return RewrittenAnswers(app, edit)


def client_for(portal: MockPortal, *, broken: bool) -> Client:
    app = with_broken_answers(portal) if broken else portal
    return Client(Target.in_process(app, portal.applications[0].access_token))


def probe(
    client: Client, method: str, params: dict, encoding: str = "json", expectation=None
) -> list[Finding]:
    exchange = client.call(method, params, encoding=encoding)
    context = CheckContext(CONTRACT, CONTRACT.method(method), "nested", expectation, "id.zero")
    return [f for f in run_checks(exchange, context) if f.severity == "fail"]


def write_summary(path, findings: list[Finding]) -> None:
    items = [{**f.as_json(), "count": 1} for f in findings]
    path.write_text(json.dumps({"verdict": "nonconformant", "error_placement": "nested", "findings": items}))


@pytest.fixture
def summary(tmp_path):
    """A summary.json made from real exchanges with a broken portal, in all three encodings."""
    with client_for(MockPortal(), broken=True) as client:
        expect = Expectation(INVALID, INVALID)
        findings = probe(client, "biconnector.connector.get", {"id": 0}, expectation=expect)
        findings += probe(client, "biconnector.source.get", {"id": "0"}, "form", expect)
        findings += probe(client, "biconnector.connector.list", {"page": 1}, "query")
    assert {f.check for f in findings} >= {"error-code", "error-description", "time"}
    path = tmp_path / "summary.json"
    write_summary(path, findings)
    return path, findings


def test_on_the_broken_portal_every_finding_still_fails(summary):
    path, findings = summary
    out = io.StringIO()
    # a new portal: other tokens than the run's, so only the client's current credentials can work
    with client_for(MockPortal(), broken=True) as client:
        code = replay(path, client, out=out)
    lines = out.getvalue().splitlines()
    assert code == 1, out.getvalue()
    assert sum(line.startswith("still fails") for line in lines) == len(findings)
    assert lines[-1] == f"replay: {len(findings)} still fail, 0 no longer fail, 0 not replayed"
    assert any(
        "error-code: biconnector.connector.get [id.zero]: VALIDATION_ID_NOT_PROVIDED" in x for x in lines
    )


def test_on_the_faithful_portal_no_finding_fails(summary):
    path, findings = summary
    out = io.StringIO()
    with client_for(MockPortal(), broken=False) as client:
        code = replay(path, client, out=out)
    assert code == 0, out.getvalue()
    assert (
        out.getvalue().splitlines()[-1]
        == f"replay: 0 still fail, {len(findings)} no longer fail, 0 not replayed"
    )
    assert (
        "no longer fails  error-code: biconnector.connector.get [id.zero]: was: VALIDATION_ID_NOT_PROVIDED"
        in (out.getvalue())
    )


def test_each_recorded_request_is_sent_once(summary):
    path, findings = summary
    portal = MockPortal()
    sent = []

    def counting(environ, start_response):
        sent.append(environ["PATH_INFO"])
        return portal(environ, start_response)

    with Client(Target.in_process(counting, portal.applications[0].access_token)) as client:
        replay(path, client, out=io.StringIO())
    assert len(sent) == len({f.reproduce for f in findings}) == 3


def test_without_an_answer_nothing_is_judged_but_a_transport_finding(summary):
    path, findings = summary
    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        port = probe_socket.getsockname()[1]  # closed again below: nothing listens there
    out = io.StringIO()
    target = Target.parse(f"http://127.0.0.1:{port}/rest/", auth="oauth", access_token="replay-token")
    with Client(target, timeout=2) as client:
        code = replay(path, client, out=out)
    assert code == 0, out.getvalue()
    assert (
        out.getvalue().splitlines()[-1]
        == f"replay: 0 still fail, 0 no longer fail, {len(findings)} not replayed"
    )
    assert "not replayed     error-code: biconnector.connector.get [id.zero]: the target gave no answer" in (
        out.getvalue()
    )


def test_findings_of_a_sequence_or_without_a_request_are_not_replayed(tmp_path):
    path = tmp_path / "summary.json"
    lifecycle = Finding(
        "lifecycle", "fail", "biconnector.connector.get", "gone after update", reproduce="curl x"
    )
    bare = Finding("envelope", "fail", "biconnector.connector.get", "no body")
    warn = Finding("time", "warn", "biconnector.connector.get", "integer start")
    write_summary(path, [lifecycle, bare, warn])
    out = io.StringIO()
    with client_for(MockPortal(), broken=False) as client:
        assert replay(path, client, out=out) == 0
    text = out.getvalue()
    assert "lifecycle: biconnector.connector.get: it needs a sequence of calls: run the suite again" in text
    assert "envelope: biconnector.connector.get: no request was recorded with it" in text
    assert text.splitlines()[-1] == "replay: 0 still fail, 0 no longer fail, 2 not replayed"


def test_an_add_that_succeeds_again_is_deleted_and_read_only_skips_it(tmp_path):
    portal = MockPortal()
    with client_for(portal, broken=True) as client:
        exchange = client.call("biconnector.connector.add", {"fields": connector()})
    finding = Finding("time", "fail", "biconnector.connector.add", "no time", reproduce=exchange.reproduce)
    path = tmp_path / "summary.json"
    write_summary(path, [finding])
    assert portal.count("connector") == 1

    with client_for(portal, broken=False) as client:
        assert replay(path, client, out=io.StringIO()) == 0
        out = io.StringIO()
        assert replay(path, client, out=out, read_only=True) == 0
    assert portal.count("connector") == 1  # the replay's own connector is gone again
    assert (
        "biconnector.connector.add changes the target (create) and the replay is read-only" in out.getvalue()
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "Expected a summary.json at"),
        ("{", "to hold JSON, got a file that does not parse"),
        ("[]", "Expected a summary.json object with a findings list"),
        (
            '{"findings": [{"check": "nope", "severity": "fail"}]}',
            "Expected findings as summary.json writes them",
        ),
        ('{"error_placement": "sideways", "findings": []}', "Expected error placement 'nested' or 'root'"),
    ],
)
def test_an_unusable_summary_says_what_was_expected(tmp_path, content, message):
    path = tmp_path / "summary.json"
    if content is not None:
        path.write_text(content)
    with client_for(MockPortal(), broken=False) as client, pytest.raises(ReplayError) as raised:
        replay(path, client, out=io.StringIO())
    assert message in str(raised.value)


def test_public_api_is_what_all_names():
    import conformance.replay as module

    assert set(module.__all__) == {
        "REPLAYABLE",
        "CurlCall",
        "CurlError",
        "ReplayError",
        "load_summary",
        "parse_curl",
        "parse_form",
        "replay",
    }
    assert all(hasattr(module, name) for name in module.__all__)
