"""Reading answers: content codings undone under the cap, bad ones refused, deep JSON not parsed."""

from __future__ import annotations

import gzip
import zlib

import pytest

from conformance.client import Client, Target, TransportError
from conformance.exchange import MAX_JSON_DEPTH, Response, json_depth

BODY = b'{"result": [], "time": {"start": 1.0}}'


def _client(content: bytes, headers: dict[str, str], cap: int = 1024) -> Client:
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "application/json"), *headers.items()])
        return [content]

    return Client(Target.in_process(app, "T"), max_answer_bytes=cap)


@pytest.mark.parametrize(
    ("coding", "content"),
    [
        ("gzip", gzip.compress(BODY, mtime=0)),  # no timestamp: the same ids on every xdist worker
        ("deflate", zlib.compress(BODY)),
        ("deflate", zlib.compress(BODY)[2:-4]),  # raw deflate, as some servers send it
        ("identity", BODY),
    ],
    ids=["gzip", "zlib-deflate", "raw-deflate", "identity"],
)
def test_a_coded_body_is_read_as_its_content_encoding_says(coding, content):
    with _client(content, {"Content-Encoding": coding}) as client:
        response = client.call("biconnector.connector.list").response
    assert response.json == {"result": [], "time": {"start": 1.0}}


def test_a_body_that_does_not_decompress_is_a_protocol_error():
    with (
        _client(b"not gzip at all", {"Content-Encoding": "gzip"}) as client,
        pytest.raises(TransportError) as caught,
    ):
        client.call("biconnector.connector.list")
    assert caught.value.kind == "protocol"
    assert "got a body that does not decompress as gzip" in caught.value.message


def test_a_coding_that_was_not_asked_for_is_a_protocol_error():
    with _client(BODY, {"Content-Encoding": "br"}) as client, pytest.raises(TransportError) as caught:
        client.call("biconnector.connector.list")
    assert caught.value.kind == "protocol"
    assert "got a body in Content-Encoding 'br', which was not asked for" in caught.value.message


def test_the_cap_counts_the_decoded_body_even_when_the_wire_is_small():
    bomb = gzip.compress(b" " * 5000, mtime=0)
    with _client(bomb, {"Content-Encoding": "gzip"}) as client, pytest.raises(TransportError) as caught:
        client.call("biconnector.connector.list")
    assert caught.value.kind == "size"
    assert "larger than 1024 bytes (more than 1024 bytes once gzip is undone)" in caught.value.message


def test_a_body_exactly_at_the_cap_is_read():
    body = b'{"result": "' + b"x" * (1024 - 14) + b'"}'
    assert len(body) == 1024
    with _client(body, {}) as client:
        assert client.call("biconnector.connector.list").response.is_json


def test_the_client_asks_only_for_the_codings_it_undoes():
    seen = {}

    def app(environ, start_response):
        seen["accept"] = environ.get("HTTP_ACCEPT_ENCODING")
        start_response("200 OK", [("Content-Type", "application/json")])
        return [BODY]

    with Client(Target.in_process(app, "T")) as client:
        client.call("biconnector.connector.list")
    assert seen["accept"] == "gzip, deflate"


def test_a_cap_below_one_byte_is_refused():
    with pytest.raises(ValueError, match="Expected max_answer_bytes of at least 1, got 0"):
        Client(Target.in_process(lambda e, s: [], "T"), max_answer_bytes=0)


@pytest.mark.parametrize("levels", [MAX_JSON_DEPTH, 980, 100_000])
def test_json_nested_too_deep_is_not_json_and_says_why(levels):
    body = b"[" * levels + b"]" * levels
    response = Response.from_bytes(200, "application/json", b'{"result": ' + body + b"}")
    assert not response.is_json
    assert response.json_error == f"JSON nested deeper than {MAX_JSON_DEPTH} levels"


def test_json_at_the_depth_limit_is_json():
    levels = MAX_JSON_DEPTH - 1
    response = Response.from_bytes(
        200, "application/json", b'{"result": ' + b"[" * levels + b"]" * levels + b"}"
    )
    assert response.is_json
    assert json_depth(response.json) == MAX_JSON_DEPTH


def test_json_depth_counts_objects_and_arrays_without_recursion():
    assert json_depth(1) == 0
    assert json_depth({"a": [1, {"b": []}]}) == 4
    nested: list = []
    for _ in range(50_000):
        nested = [nested]
    assert json_depth(nested) == 50_001


def test_settings_in_a_deep_answer_are_still_masked():
    body = (
        b'{"result": ' + b"[" * 400 + b'{"settings": [{"code": "pw", "value": "s3cret"}]}' + b"]" * 400 + b"}"
    )
    with _client(body, {}, cap=10_000) as client:
        response = client.call("biconnector.connector.list").response
    assert b"s3cret" not in response.body
