"""The batch check: HTTP 200, the batch envelope, each command key answered exactly once."""

from __future__ import annotations

import json

import pytest

from conformance.checks import check_batch
from conformance.exchange import Exchange, Request, Response

KEYS = ("0-id.missing", "1-id.existing")


def batch_exchange(answers, body, *, status=200, keys=KEYS) -> Exchange:
    params = {"halt": 0, "cmd": {key: "biconnector.connector.get?id=5" for key in keys}}
    request = Request(
        method="batch",
        http_method="POST",
        url="http://127.0.0.1:8080/rest/batch",
        encoding="json",
        params=params,
        body=json.dumps(params).encode(),
    )
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return Exchange(request, Response.from_bytes(status, "application/json", raw, 0.01))


def batch_body(answers, *, result=None, errors=None, times=None) -> dict:
    """A faithful batch answer: 0-id.missing refused (nested), 1-id.existing found."""
    missing = {"error": {"error": "VALIDATION_ID_NOT_PROVIDED", "error_description": "ID is missing."}}
    result = (
        {"0-id.missing": missing, "1-id.existing": {"item": answers.CONNECTOR_ITEM}}
        if result is None
        else result
    )
    times = {key: answers.FLOAT_TIME for key in result} if times is None else times
    return {
        "result": {
            "result": result,
            "result_error": [] if errors is None else errors,
            "result_total": [],
            "result_next": [],
            "result_time": times,
        },
        "time": answers.FLOAT_TIME,
    }


def test_quiet_on_a_faithful_batch(answers, ctx):
    assert check_batch(batch_exchange(answers, batch_body(answers)), ctx) == []


def test_quiet_when_a_command_failed_at_the_framework(answers, ctx):
    errors = {"0-id.missing": {"error": "ERROR_ARGUMENT", "error_description": "bad argument"}}
    body = batch_body(answers, result={"1-id.existing": {"item": answers.CONNECTOR_ITEM}}, errors=errors)
    assert check_batch(batch_exchange(answers, body), ctx) == []


def test_quiet_on_maps_php_wrote_as_lists(answers, ctx):
    # keys 0..n-1 make json_encode write a list
    found = [{"item": answers.CONNECTOR_ITEM}, {"item": answers.CONNECTOR_ITEM}]
    body = batch_body(answers, result=found, times=[answers.FLOAT_TIME, answers.FLOAT_TIME])
    assert check_batch(batch_exchange(answers, body, keys=("0", "1")), ctx) == []


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        (400, None, "Expected HTTP 200 for a batch call, got 400"),
        (503, {"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"}, "got 503"),
        (200, b"<html>busy</html>", "a body that is not JSON"),
        (200, {"result": {"a": 1}, "time": {}}, "'result' is a required property"),
        (
            200,
            {"error": "ERROR_BATCH_LENGTH_EXCEEDED", "error_description": "Max batch length exceeded"},
            "(root)",
        ),
    ],
)
def test_fires_on_a_batch_that_failed_as_a_whole(answers, ctx, status, body, message):
    found = check_batch(
        batch_exchange(answers, batch_body(answers) if body is None else body, status=status), ctx
    )
    assert [(f.check, f.severity) for f in found] == [("batch", "fail")]
    assert message in found[0].message + found[0].observed


def test_fires_on_a_malformed_command_map(answers, ctx):
    body = batch_body(answers)
    body["result"]["result_error"] = {"0-id.missing": "VALIDATION_ID_NOT_PROVIDED"}
    body["result"]["result"].pop("0-id.missing")
    [finding] = check_batch(batch_exchange(answers, body), ctx)
    assert "result/result_error/0-id.missing" in finding.message


def test_fires_on_a_command_answered_nowhere(answers, ctx):
    body = batch_body(answers, result={"0-id.missing": {"item": answers.CONNECTOR_ITEM}})
    [finding] = check_batch(batch_exchange(answers, body), ctx)
    assert finding.check == "batch"
    assert "1 answered in neither map: 1-id.existing" in finding.message


def test_fires_on_a_command_answered_twice(answers, ctx):
    errors = {"1-id.existing": {"error": "ERROR_CORE", "error_description": "x"}}
    [finding] = check_batch(batch_exchange(answers, batch_body(answers, errors=errors)), ctx)
    assert "answered in both result and result_error: 1-id.existing" in finding.message


def test_fires_on_an_answer_to_a_command_never_sent(answers, ctx):
    body = batch_body(answers)
    body["result"]["result"]["2-id.zero"] = {"item": answers.CONNECTOR_ITEM}
    [finding] = check_batch(batch_exchange(answers, body), ctx)
    assert "answered but never sent: 2-id.zero" in finding.message
    assert finding.method == "biconnector.connector.get"  # the method whose probes the batch carried
