"""Packing calls into a batch and reading each command's answer back, against the in-process mock."""

from __future__ import annotations

import json

import pytest

from conformance.batch import MAX_COMMANDS, command_exchanges, sent_keys
from conformance.checks import classify
from conformance.client import Client, Target, batch_params, command, fits_in_batch
from conformance.exchange import Exchange, Request, Response
from conformance.mock import MockConfig, MockPortal

GET = "biconnector.connector.get"
TOKEN = "batch-primary-token-0123"


@pytest.fixture
def client():
    portal = MockPortal(MockConfig(access_token=TOKEN, second_access_token="batch-second-token-0123"))
    with Client(Target.in_process(portal, TOKEN)) as client:
        yield client


def test_commands_are_query_strings_as_php_writes_them():
    assert command(GET, {"id": 5}) == f"{GET}?id=5"
    assert command(GET, {"id": [" 5", "x"]}) == f"{GET}?id%5B0%5D=+5&id%5B1%5D=x"
    assert command("biconnector.connector.list", {}) == "biconnector.connector.list"


def test_batch_params_never_halt_and_keep_the_keys_in_order():
    params = batch_params({"b": (GET, {"id": 1}), "a": (GET, {"id": 2})})
    assert params == {"halt": 0, "cmd": {"b": f"{GET}?id=1", "a": f"{GET}?id=2"}}


def test_a_batch_holds_at_most_fifty_calls():
    calls = {str(index): (GET, {"id": index}) for index in range(MAX_COMMANDS)}
    assert len(batch_params(calls)["cmd"]) == MAX_COMMANDS
    with pytest.raises(ValueError, match="at most 50 calls in one batch, got 51"):
        batch_params({**calls, "extra": (GET, {"id": 1})})
    with pytest.raises(ValueError, match="at least one call"):
        batch_params({})


@pytest.mark.parametrize("params", [{"id": 1, "auth": "a-token"}, {"filter": {"access_token": "t"}}])
def test_credentials_never_go_into_a_command(params):
    # a batch call carries its credentials itself; one inside a command has no business there
    assert not fits_in_batch(params)
    with pytest.raises(ValueError, match="without credentials in a batch command"):
        command(GET, params)


def test_source_settings_may_go_into_a_command():
    # the client masks them by name in what it records (tests/client/test_redaction.py)
    params = {"fields": {"connectorId": 1, "settings": {"token": "pass"}}}
    assert fits_in_batch(params)
    assert command("biconnector.source.add", params) == (
        "biconnector.source.add?fields%5BconnectorId%5D=1&fields%5Bsettings%5D%5Btoken%5D=pass"
    )


def test_each_command_answer_reads_as_the_call_on_its_own(client):
    fields = client.call("biconnector.connector.fields", {}).response.json
    exchange = client.call(
        "batch",
        batch_params({"fields": ("biconnector.connector.fields", {}), "refused": (GET, {"id": "0"})}),
    )
    answers = command_exchanges(exchange)
    assert list(answers) == ["fields", "refused"]
    found, refused = answers["fields"].response, answers["refused"].response
    assert (classify(found), found.json["result"]) == ("success", fields["result"])
    assert set(found.json) == {"result", "time"}
    assert classify(refused) == "method-error-nested"
    assert refused.json["result"]["error"]["error"] == "VALIDATION_INVALID_ID_FORMAT"
    assert (refused.status, refused.content_type) == (200, exchange.response.content_type)


def test_a_framework_error_of_a_command_reads_as_a_root_error(client):
    exchange = client.call("batch", batch_params({"gone": ("no.such.method", {})}))
    answer = command_exchanges(exchange)["gone"].response
    assert answer.json == {"error": "ERROR_METHOD_NOT_FOUND", "error_description": "Method not found!"}


def test_each_command_reproduces_alone_with_its_method_and_no_token(client):
    exchange = client.call("batch", batch_params({"one": (GET, {"id": 1}), "two": (GET, {"id": 2})}))
    request = command_exchanges(exchange)["two"].request
    assert request.method == GET
    assert request.params == {"halt": 0, "cmd": {"two": f"{GET}?id=2"}}
    assert json.loads(request.body) == {"halt": 0, "cmd": {"two": f"{GET}?id=2"}, "auth": "***"}
    assert TOKEN not in request.curl() and request.curl().endswith("/rest/batch")
    assert sent_keys(exchange.request) == ("one", "two")


def test_a_command_answered_nowhere_is_left_out_and_list_maps_are_read_by_position():
    params = {"halt": 0, "cmd": {"0": f"{GET}?id=1", "1": f"{GET}?id=2", "2": f"{GET}?id=3"}}
    request = Request(
        "batch", "POST", "http://127.0.0.1:1/rest/batch", "json", params, json.dumps(params).encode()
    )
    time = {"start": 1.0, "finish": 1.5, "duration": 0.5, "processing": 0.4}
    body = {
        "result": {
            "result": [{"item": {"id": 1}}, {"item": {"id": 2}}],
            "result_error": [],
            "result_total": [],
            "result_next": [],
            "result_time": [time, time],
        },
        "time": time,
    }
    exchange = Exchange(request, Response.from_bytes(200, "application/json", json.dumps(body).encode()))
    answers = command_exchanges(exchange)
    assert list(answers) == ["0", "1"]
    assert answers["1"].response.json == {"result": {"item": {"id": 2}}, "time": time}


def test_an_answer_with_a_lone_surrogate_still_reads():
    params = {"halt": 0, "cmd": {"a": f"{GET}?id=1"}}
    request = Request(
        "batch", "POST", "http://127.0.0.1:1/rest/batch", "json", params, json.dumps(params).encode()
    )
    body = b'{"result": {"result": {"a": {"item": {"title": "\\ud800"}}}, "result_error": [],'
    body += b' "result_total": [], "result_next": [], "result_time": []}, "time": {}}'
    exchange = Exchange(request, Response.from_bytes(200, "application/json", body))
    assert command_exchanges(exchange)["a"].response.json == {"result": {"item": {"title": "\ud800"}}}
