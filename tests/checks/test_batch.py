"""The batch check: HTTP 200, the batch envelope, each command key answered exactly once."""

from __future__ import annotations

import json

import pytest

from conformance.batch import command_exchanges, sent_keys
from conformance.checks import check_batch
from conformance.exchange import Exchange, Request, Response

KEYS = ("0-id.missing", "1-id.existing")


def batch_exchange(answers, body, *, status=200, keys=KEYS, halt=0) -> Exchange:
    params = {"halt": halt, "cmd": {key: "biconnector.connector.get?id=5" for key in keys}}
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


# Shapes real portals send (the batch page of the docs, batch answers captured from real portals).


def test_quiet_on_errors_with_an_empty_code_listed_by_position(answers, ctx):
    # A command that fails without a code of its own carries "" as its code; failures of keys 0..n-1
    # form a JSON list while the success under another key stays an object.
    errors = [
        {"error": "", "error_description": "ID is not defined or invalid."},
        {"error": "", "error_description": "Not found"},
    ]
    body = batch_body(answers, result={"35943": {"item": answers.CONNECTOR_ITEM}}, errors=errors)
    exchange = batch_exchange(answers, body, keys=("0", "1", "35943"))
    assert check_batch(exchange, ctx) == []
    gone = command_exchanges(exchange)["1"]
    assert gone.response.json == {"error": "", "error_description": "Not found"}
    assert gone.request.params["cmd"] == {"1": "biconnector.connector.get?id=5"}


def test_quiet_when_every_command_failed_and_the_maps_are_empty_lists(answers, ctx):
    scope = {"error": "insufficient_scope", "error_description": ""}
    body = batch_body(answers, result=[], errors=dict.fromkeys(KEYS, scope), times=[])
    assert check_batch(batch_exchange(answers, body), ctx) == []


def test_quiet_when_halt_stopped_the_batch_at_the_first_failure(answers, ctx):
    keys = ("a", "b", "c", "d")
    errors = {"b": {"error": "ERROR_ARGUMENT", "error_description": "bad argument"}}
    body = batch_body(answers, result={"a": {"item": answers.CONNECTOR_ITEM}}, errors=errors)
    assert check_batch(batch_exchange(answers, body, keys=keys, halt=1), ctx) == []
    # without halt the same answer leaves c and d unanswered
    [finding] = check_batch(batch_exchange(answers, body, keys=keys), ctx)
    assert "2 answered in neither map: c, d" in finding.message


def test_fires_when_halt_left_out_a_command_before_the_failure(answers, ctx):
    keys = ("a", "b", "c")
    errors = {"c": {"error": "ERROR_ARGUMENT", "error_description": "bad argument"}}
    body = batch_body(answers, result={"b": {"item": answers.CONNECTOR_ITEM}}, errors=errors)
    [finding] = check_batch(batch_exchange(answers, body, keys=keys, halt="1"), ctx)
    assert "1 answered in neither map: a" in finding.message


@pytest.mark.parametrize("halt", [0, "0", "", False, None])
def test_halt_off_in_any_spelling_runs_every_command(answers, ctx, halt):
    body = batch_body(answers, result={"0-id.missing": {"item": answers.CONNECTOR_ITEM}})
    [finding] = check_batch(batch_exchange(answers, body, halt=halt), ctx)
    assert "answered in neither map: 1-id.existing" in finding.message


def test_quiet_on_commands_sent_as_a_json_list(answers, ctx):
    params = {"halt": 0, "cmd": ["biconnector.connector.get?id=5", "biconnector.source.get?id=7"]}
    request = Request(
        method="batch",
        http_method="POST",
        url="http://127.0.0.1:8080/rest/batch",
        encoding="json",
        params=params,
        body=json.dumps(params).encode(),
    )
    found = [{"item": answers.CONNECTOR_ITEM}, {"item": answers.CONNECTOR_ITEM}]
    body = batch_body(answers, result=found, times=[answers.FLOAT_TIME, answers.FLOAT_TIME])
    exchange = Exchange(
        request, Response.from_bytes(200, "application/json", json.dumps(body).encode(), 0.01)
    )
    assert sent_keys(request) == ("0", "1")
    assert check_batch(exchange, ctx) == []
    second = command_exchanges(exchange)["1"]
    assert second.request.method == "biconnector.source.get"
    assert json.loads(second.request.body)["cmd"] == {"1": "biconnector.source.get?id=7"}
    assert second.response.json == {"result": {"item": answers.CONNECTOR_ITEM}, "time": answers.FLOAT_TIME}


def test_fires_on_an_error_code_no_portal_sends(answers, ctx):
    errors = {"1-id.existing": {"error": "NOT FOUND!", "error_description": "x"}}
    body = batch_body(answers, result={"0-id.missing": {"item": answers.CONNECTOR_ITEM}}, errors=errors)
    [finding] = check_batch(batch_exchange(answers, body), ctx)
    assert "result/result_error/1-id.existing/error" in finding.message
