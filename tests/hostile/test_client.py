"""Client.call against each hostile server: which TransportError, or which Response, and nothing worse."""

from __future__ import annotations

import pytest

from conformance.client import Client, Target, TransportError
from conformance.exchange import MAX_JSON_DEPTH

TOKEN = "hostile-token-5d1e9c"
TIMEOUT = 0.6
CAP = 4 * 1024 * 1024  # above the bomb's own size, so only inflating it can pass the cap
pytestmark = pytest.mark.http


def _client(port: int, *, scheme: str = "http") -> Client:
    target = Target.parse(f"{scheme}://127.0.0.1:{port}/rest/", access_token=TOKEN)
    return Client(target, timeout=TIMEOUT, max_answer_bytes=CAP)


def _transport_error(port: int, kind: str, *, scheme: str = "http") -> str:
    with _client(port, scheme=scheme) as client, pytest.raises(TransportError) as caught:
        client.call("biconnector.connector.list", {})
    error = caught.value
    assert error.kind == kind, error.message
    assert error.message.startswith(f"Expected an HTTP response from {scheme}://127.0.0.1:{port}/rest/")
    assert "\n" not in error.message
    assert TOKEN not in error.message
    return error.message


def test_a_server_that_never_answers_is_a_timeout(hostile):
    message = _transport_error(hostile("silent").port, "timeout")
    assert f"got no answer within {TIMEOUT:g} s" in message


def test_headers_dribbled_past_the_deadline_are_a_timeout_that_shows_how_they_began(hostile):
    message = _transport_error(hostile("dribbled-head").port, "timeout")
    assert f"got no complete status line and headers within {TIMEOUT:g} s (they began b'HTTP" in message


def test_a_body_dribbled_past_the_deadline_is_a_timeout_that_says_how_much_came(hostile):
    message = _transport_error(hostile("dribbled-body").port, "timeout")
    assert f"got no complete answer within {TIMEOUT:g} s (headers and " in message
    assert "bytes of the body came)" in message


def test_a_declared_huge_body_is_refused_before_it_is_read(hostile):
    message = _transport_error(hostile("huge-declared").port, "size")
    assert f"got an answer larger than {CAP} bytes (Content-Length 104857600)" in message
    assert "raise --max-answer-bytes" in message


def test_a_huge_chunked_body_is_cut_off_at_the_cap(hostile):
    message = _transport_error(hostile("huge-chunked").port, "size")
    assert f"got an answer larger than {CAP} bytes (more than {CAP} bytes on the wire)" in message


def test_a_gzip_bomb_is_cut_off_once_inflated_past_the_cap(hostile):
    message = _transport_error(hostile("gzip-bomb").port, "size")
    assert f"(more than {CAP} bytes once gzip is undone)" in message


def test_deep_json_is_an_answer_that_is_not_json(hostile):
    with _client(hostile("deep-json").port) as client:
        response = client.call("biconnector.connector.list", {}).response
    assert response.status == 200
    assert not response.is_json
    assert response.json_error == f"JSON nested deeper than {MAX_JSON_DEPTH} levels"


def test_invalid_utf8_is_an_answer_that_is_not_json(hostile):
    with _client(hostile("invalid-utf8").port) as client:
        response = client.call("biconnector.connector.list", {}).response
    assert response.status == 200
    assert not response.is_json
    assert response.json_error.startswith("UnicodeDecodeError: ")


def test_a_redirect_is_an_answer_and_the_token_does_not_follow_it(hostile):
    elsewhere = hostile("silent")  # whatever reaches it would be the token leaking
    redirecting = hostile("redirect", redirect_to=elsewhere.port)
    with _client(redirecting.port) as client:
        exchange = client.call("biconnector.connector.list", {})
    assert exchange.response.status == 302
    assert TOKEN.encode() in redirecting.requests[0]
    assert elsewhere.requests == []


def test_tls_on_a_plain_port_is_a_protocol_error_that_suggests_https(hostile):
    message = _transport_error(hostile("tls-alert").port, "protocol")
    assert "got a broken HTTP exchange" in message
    assert "perhaps the URL should start with https://" in message


def test_https_to_a_plain_port_is_a_tls_error(hostile):
    message = _transport_error(hostile("https-to-plain").port, "tls", scheme="https")
    assert "got a failed TLS handshake" in message


def test_a_reset_mid_body_says_how_much_came(hostile):
    message = _transport_error(hostile("reset-mid-body").port, "reset")
    assert "got an answer cut off after " in message
    assert " bytes of its body" in message


def test_an_html_502_page_is_an_answer_that_is_not_json(hostile):
    with _client(hostile("html-502").port) as client:
        response = client.call("biconnector.connector.list", {}).response
    assert (response.status, response.content_type) == (502, "text/html")
    assert not response.is_json
    assert "502 Bad Gateway" in response.snippet()


def test_the_client_keeps_working_after_a_hostile_answer(hostile):
    good = hostile("html-502")
    with _client(hostile("huge-chunked").port) as client:
        with pytest.raises(TransportError):
            client.call("biconnector.connector.list", {})
        client.target = Target.parse(f"http://127.0.0.1:{good.port}/rest/", access_token=TOKEN)
        assert client.call("biconnector.connector.list", {}).response.status == 502
