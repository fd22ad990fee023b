"""Real HTTP over loopback, and the transport faults a user sees as one-line TransportErrors."""

from __future__ import annotations

import json
import socket
import ssl
import time

import httpx
import pytest

from conformance.client import Client, Target, TransportError
from conformance.client._transport import _kind

CODE = "wh7k2p9x4m1q8z3c"
pytestmark = pytest.mark.http


def _webhook(port: int) -> Target:
    return Target.parse(f"http://127.0.0.1:{port}/rest/1/{CODE}/")


def test_a_real_http_call_over_loopback(loopback_url, echo_app):
    with Client(Target.parse(f"{loopback_url}/rest/1/{CODE}/")) as client:
        first = client.call("biconnector.connector.get", {"id": 1})
        second = client.call("biconnector.source.list", {"select": ["id"]}, encoding="form")
    assert first.response.status == second.response.status == 200
    got_first, got_second = echo_app.arrived
    assert got_first["path"] == f"/rest/1/{CODE}/biconnector.connector.get"
    assert json.loads(got_first["body"]) == {"id": 1}
    assert got_second["body"] == "select%5B0%5D=id"
    assert first.response.json["result"]["path"] == "/rest/1/***/biconnector.connector.get"
    assert first.request.url == f"{loopback_url}/rest/1/***/biconnector.connector.get"


def _raises(client: Client, kind: str) -> TransportError:
    with pytest.raises(TransportError) as caught:
        client.call("biconnector.connector.get", {"id": 1})
    error = caught.value
    assert error.kind == kind
    assert error.__suppress_context__, "no chained traceback for the user"
    assert "\n" not in error.message and str(error) == error.message
    assert CODE not in error.message
    assert error.request.method == "biconnector.connector.get"
    return error


def test_a_refused_port(refused_port):
    with Client(_webhook(refused_port)) as client:
        error = _raises(client, "refused")
    assert error.message.startswith(
        f"Expected an HTTP response from http://127.0.0.1:{refused_port}/rest/1/***/biconnector.connector.get,"
        " got a refused connection"
    )
    assert "is the portal (or mock) running" in error.message


def test_a_server_that_never_answers_times_out(silent_port):
    started = time.perf_counter()
    with Client(_webhook(silent_port), timeout=0.3) as client:
        error = _raises(client, "timeout")
    assert time.perf_counter() - started < 3
    assert "got no answer within 0.3 s" in error.message


def test_a_server_that_closes_without_answering_is_a_reset(raw_server):
    with Client(_webhook(raw_server(None)), timeout=3) as client:
        _raises(client, "reset")


def test_a_server_that_answers_garbage_is_a_protocol_error(raw_server):
    with Client(_webhook(raw_server(b"NOT HTTP AT ALL\r\n\r\n")), timeout=3) as client:
        error = _raises(client, "protocol")
    assert "got a broken HTTP exchange" in error.message


@pytest.mark.parametrize(
    ("cause", "kind"),
    [
        (socket.gaierror(-2, "Name or service not known"), "dns"),
        (ssl.SSLCertVerificationError(1, "certificate verify failed"), "tls"),
        (ConnectionRefusedError(111, "Connection refused"), "refused"),
        (OSError(101, "Network is unreachable"), "refused"),
    ],
)
def test_connect_failures_are_told_apart_by_their_cause(cause, kind):
    try:
        try:
            raise cause
        except OSError as exc:
            raise httpx.ConnectError(str(exc)) from exc
    except httpx.ConnectError as exc:
        assert _kind(exc) == kind
