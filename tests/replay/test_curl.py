"""Reading a redacted curl line back into a REST call."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.client import Client, Target, batch_params, http_build_query
from conformance.mock import MockPortal
from conformance.replay import CurlError, parse_curl, parse_form

PARAMS = {
    "fields": {
        "title": "b24c-abc source & co = 100%",
        "connectorId": 5,
        "settings": {"token": "plain"},
        "tags": ["a", "b"],
    },
    "id": " 5",
}


@pytest.fixture
def client():
    portal = MockPortal()
    with Client(Target.in_process(portal, portal.applications[0].access_token)) as client:
        yield client


@pytest.mark.parametrize("encoding", ["json", "form", "query"])
def test_a_clients_request_reads_back_without_its_token(client, encoding):
    request = client.call("biconnector.source.add", PARAMS, encoding=encoding).request
    assert client.target.access_token not in request.curl()

    assert "plain" not in request.curl()  # a source's settings values are credentials too

    call = parse_curl(request.curl())

    masked = ("fields[settings][token]",)
    assert (call.rest_method, call.encoding, call.masked) == ("biconnector.source.add", encoding, masked)
    sent = {**PARAMS, "fields": {**PARAMS["fields"], "settings": {"token": "***"}}}
    if encoding == "json":
        assert call.params == sent
    else:  # form and query carry text only, and re-encode to the very same bytes
        assert http_build_query(call.params) == http_build_query(sent)
        assert call.params["fields"]["tags"] == {"0": "a", "1": "b"}


def test_masked_values_other_than_credentials_are_named(client):
    request = client.call("biconnector.connector.list", {"filter": {"access_token": "x" * 12}}).request
    call = parse_curl(request.curl())
    assert "auth" not in call.params
    assert call.masked == ("filter[access_token]",)


def test_a_webhook_url_gives_the_method_name():
    line = "curl -sS -X POST -H 'Content-Type: application/json' --data-binary '{\"id\": 0}' https://h/rest/1/***/biconnector.connector.get.json"
    call = parse_curl(line)
    assert (call.rest_method, call.params) == ("biconnector.connector.get", {"id": 0})


@pytest.mark.parametrize("encoding", ["json", "form"])
def test_a_batch_call_reads_back_with_its_commands(client, encoding):
    params = batch_params({"3-id.zero": ("biconnector.connector.get", {"id": 0})})
    request = client.call("batch", params, encoding=encoding).request
    call = parse_curl(request.curl())
    assert (call.rest_method, call.encoding, call.masked) == ("batch", encoding, ())
    assert http_build_query(call.params) == http_build_query(params)  # the token is left out
    assert call.params["cmd"] == {"3-id.zero": "biconnector.connector.get?id=0"}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("wget http://h/rest/x.y", "Expected a line starting with curl"),
        ("curl -X POST 'unclosed", "Expected a shell-quoted curl command"),
        ("curl -sS -X GET", "Expected a URL in the curl line"),
        ("curl -X GET http://h/rest/", "Expected a URL ending in a REST method name"),
        ("curl -X GET http://h/rest/foo", "Expected a URL ending in a REST method name (a.b or batch), got"),
        ("curl -X POST http://h/rest/a.b", "Expected a body with POST"),
        (
            "curl -X POST -H 'Content-Type: text/plain' -d x http://h/rest/a.b",
            "got Content-Type 'text/plain'",
        ),
        ("curl -X POST -H 'Content-Type: application/json' -d '[1]' http://h/rest/a.b", "got list"),
        ("curl -X POST -H 'Content-Type: application/json' -d '{' http://h/rest/a.b", "does not parse"),
    ],
)
def test_unreadable_lines_say_what_was_expected(line, message):
    with pytest.raises(CurlError) as raised:
        parse_curl(line)
    assert message in str(raised.value)


def test_form_text_follows_php_nesting():
    assert parse_form("a%5B%5D=1&a%5B%5D=2&b=x+y&c%5Bd%5D%5Be%5D=%26") == {
        "a": {"0": "1", "1": "2"},
        "b": "x y",
        "c": {"d": {"e": "&"}},
    }
    assert parse_form("") == {}


keys = st.text(st.characters(codec="utf-8", exclude_characters="[]"), min_size=1, max_size=5)
values = st.text(st.characters(codec="utf-8"), max_size=8)
trees = st.recursive(values, lambda inner: st.dictionaries(keys, inner, min_size=1, max_size=3), max_leaves=8)


@given(st.dictionaries(keys, trees, max_size=4))
def test_form_text_reencodes_to_the_same_bytes(params):
    text = http_build_query(params)
    assert http_build_query(parse_form(text)) == text
