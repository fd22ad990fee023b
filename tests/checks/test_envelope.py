"""The envelope check, and how a broken envelope keeps the other checks quiet."""

from __future__ import annotations

import pytest

from conformance.checks import ALL_CHECKS, CHECKS, run_checks
from conformance.outcome import Expectation, Outcome

check_envelope = CHECKS["envelope"].function
HTML = b"<html><body><h1>502 Bad Gateway</h1></body></html>"


@pytest.mark.parametrize(
    ("build", "status"),
    [
        (lambda a: a.success(), 200),
        (lambda a: a.success(result=True), 200),
        (lambda a: a.nested(), 200),
        (lambda a: a.root(), 200),
        (lambda a: a.framework(), 503),
        (lambda a: a.nested({"error": 0, "error_description": "All the fields are required."}), 200),
        # time problems belong to the time check, not to the envelope
        (lambda a: {"result": True}, 200),
        (lambda a: {"result": True, "time": {"start": "soon"}}, 200),
        (lambda a: dict(a.framework(), time=a.FLOAT_TIME), 503),
    ],
)
def test_envelope_quiet_on_every_documented_shape(answers, ctx, build, status):
    assert check_envelope(answers.exchange(build(answers), status=status), ctx) == []


@pytest.mark.parametrize(
    ("body", "status", "content_type", "got"),
    [
        (HTML, 502, "text/html", "got text/html (502 Bad Gateway)"),
        (b"", 200, "", "got no content type (200 OK)"),
        (b"[1, 2]", 200, "application/json", "got a JSON array (200 OK)"),
        (b'"ok"', 200, "application/json", "got a JSON string (200 OK)"),
        (b"{}", 200, "application/json", "got an empty JSON object (200 OK)"),
        (
            b'{"data": 1, "time": {}}',
            200,
            "application/json",
            "got a JSON object with keys data, time (200 OK)",
        ),
        (b"null", 599, "application/json", "got a JSON null (599)"),
        (
            b'{"result": ' + b"[" * 600 + b"]" * 600 + b"}",
            200,
            "application/json",
            "got application/json (200 OK) that is not JSON: JSON nested deeper than 512 levels",
        ),
    ],
)
def test_envelope_fires_on_a_body_that_is_no_envelope(answers, ctx, body, status, content_type, got):
    exchange = answers.exchange(body, status=status, content_type=content_type)
    (finding,) = check_envelope(exchange, ctx)
    assert finding.check == "envelope" and finding.severity == "fail"
    assert finding.message == f'Expected a JSON object with "result" or "error", {got}'
    assert f"HTTP {status}" in finding.observed
    assert body.decode()[:20] in finding.observed  # the body snippet is shown


@pytest.mark.parametrize(
    ("build", "status", "where"),
    [
        (lambda a: a.nested({"error": "CONNECTOR_NOT_FOUND"}), 200, "result/error"),
        (lambda a: a.nested({"error": 7, "error_description": "x"}), 200, "result/error/error"),
        (lambda a: {"result": {"error": "CONNECTOR_NOT_FOUND"}, "time": a.FLOAT_TIME}, 200, "result/error"),
        (lambda a: {"error": "CONNECTOR_NOT_FOUND"}, 200, "(root)"),
        (lambda a: {"error": "bad code!", "error_description": "x"}, 400, "error"),
        (lambda a: dict(a.root(), result=True), 200, "(root)"),
        (lambda a: dict(a.success(), next="2"), 200, "next"),
    ],
)
def test_envelope_fires_on_a_broken_envelope_naming_the_path(answers, ctx, build, status, where):
    (finding,) = check_envelope(answers.exchange(build(answers), status=status), ctx)
    assert finding.check == "envelope"
    assert f"violation(s): {where}: " in finding.message
    assert finding.expected.startswith("envelope/")


@pytest.mark.parametrize(
    "body",
    [HTML, b"{}", b'{"result": {"error": "X"}, "time": {}}', b'{"error": {"code": 1}}'],
)
def test_broken_envelope_is_reported_once(answers, make_ctx, body):
    ctx = make_ctx(placement="root", expectation=Expectation(Outcome("CONNECTOR_NOT_FOUND"), Outcome("X")))
    exchange = answers.exchange(body, status=502, content_type="text/html")
    assert [f.check for f in run_checks(exchange, ctx, ALL_CHECKS)] == ["envelope"]
