"""What the client sends for each encoding, and what it records, against an in-process WSGI app."""

from __future__ import annotations

import json

import pytest

from conformance import __version__
from conformance.client import Client, Target
from conformance.exchange import Exchange

TOKEN = "oauth-token-0123456789abcdef"


@pytest.fixture
def client(echo_app):
    with Client(Target.in_process(echo_app, TOKEN)) as client:
        yield client


def _seen(echo_app, exchange: Exchange) -> dict:
    """What reached the echo app for exchange (the answer, as recorded, has the request's secrets masked)."""
    assert exchange.response.status == 200
    return echo_app.arrived[-1]


def test_json_posts_the_params_with_auth_in_the_body(client, echo_app):
    exchange = client.call("biconnector.connector.get", {"id": 7})
    seen = _seen(echo_app, exchange)
    assert (seen["method"], seen["path"], seen["query"]) == ("POST", "/rest/biconnector.connector.get", "")
    assert seen["content_type"] == "application/json"
    assert json.loads(seen["body"]) == {"id": 7, "auth": TOKEN}
    assert (exchange.request.http_method, exchange.request.encoding) == ("POST", "json")


def test_json_keeps_huge_integers_floats_and_types_exactly(client, echo_app):
    params = {
        "id": 2**70,
        "f": 0.1 + 0.2,
        "big": 1.8446744073709552e19,
        "b": True,
        "n": None,
        "l": [1],
        "s": "Ж",
    }
    seen = _seen(echo_app, client.call("biconnector.source.get", params))
    assert '"id": 1180591620717411303424' in seen["body"]
    assert '"f": 0.30000000000000004' in seen["body"]
    assert '"big": 1.8446744073709552e+19' in seen["body"]
    assert '"s": "Ж"' in seen["body"], "UTF-8 as is, not \\u escapes"
    assert json.loads(seen["body"]) == {**params, "auth": TOKEN}


def test_json_falls_back_to_escapes_for_text_utf8_cannot_carry(client, echo_app):
    seen = _seen(echo_app, client.call("biconnector.source.get", {"title": "\ud800"}))
    assert '"title": "\\ud800"' in seen["body"]


def test_form_posts_php_style_keys(client, echo_app):
    exchange = client.call(
        "biconnector.connector.add", {"fields": {"title": "a b", "sort": 5}}, encoding="form"
    )
    seen = _seen(echo_app, exchange)
    assert (seen["method"], seen["content_type"]) == ("POST", "application/x-www-form-urlencoded")
    assert seen["body"] == f"fields%5Btitle%5D=a+b&fields%5Bsort%5D=5&auth={TOKEN}"


def test_query_gets_with_the_params_in_the_url(client, echo_app):
    exchange = client.call("biconnector.connector.list", {"select": ["id"]}, encoding="query")
    seen = _seen(echo_app, exchange)
    assert (seen["method"], seen["body"], seen["content_type"]) == ("GET", "", "")
    assert seen["query"] == f"select%5B0%5D=id&auth={TOKEN}"
    assert exchange.request.http_method == "GET"
    assert exchange.request.body == b""


def test_headers_name_the_suite_and_ask_for_json(client, echo_app):
    exchange = client.call("biconnector.connector.list")
    seen = _seen(echo_app, exchange)
    assert seen["accept"] == "application/json"
    assert seen["user_agent"] == f"b24-conformance/{__version__}"
    assert exchange.request.headers["User-Agent"] == f"b24-conformance/{__version__}"


def test_access_token_overrides_the_targets_and_empty_sends_none(client, echo_app):
    assert json.loads(_seen(echo_app, client.call("m.x", {}, access_token="other-app"))["body"]) == {
        "auth": "other-app"
    }
    assert json.loads(_seen(echo_app, client.call("m.x", {}, access_token=""))["body"]) == {}
    assert _seen(echo_app, client.call("m.x", {}, encoding="query", access_token=""))["query"] == ""


def test_an_auth_the_suite_sets_itself_is_kept(client, echo_app):
    seen = _seen(echo_app, client.call("m.x", {"auth": "deliberately-wrong"}))
    assert json.loads(seen["body"]) == {"auth": "deliberately-wrong"}


def test_webhook_targets_send_no_auth_parameter(echo_app):
    target = Target("http://mock.invalid/rest/1/wh7k2p9x4m1q8z3c/", "webhook", app=echo_app)
    with Client(target) as client:
        seen = _seen(echo_app, client.call("biconnector.connector.get", {"id": 1}))
    assert seen["path"] == "/rest/1/wh7k2p9x4m1q8z3c/biconnector.connector.get"
    assert json.loads(seen["body"]) == {"id": 1}


def test_the_response_is_recorded_with_status_type_json_and_time(client):
    response = client.call("biconnector.connector.get", {"id": 1}).response
    assert response.status == 200
    assert response.content_type == "application/json; charset=utf-8"
    assert response.is_json and response.json["time"] == {"start": 1.0, "finish": 1.1}
    assert 0 < response.elapsed_s < 5


def test_non_json_answers_are_kept_as_bytes():
    def html(environ, start_response):
        start_response("502 Bad Gateway", [("Content-Type", "text/html")])
        return [b"<html>bad gateway</html>"]

    with Client(Target.in_process(html, TOKEN)) as client:
        response = client.call("biconnector.connector.get", {"id": 1}).response
    assert (response.status, response.content_type, response.is_json) == (502, "text/html", False)
    assert response.body == b"<html>bad gateway</html>"


def test_redirects_are_recorded_not_followed():
    def moved(environ, start_response):
        start_response("301 Moved Permanently", [("Location", "https://elsewhere.invalid/rest/")])
        return [b""]

    with Client(Target.in_process(moved, TOKEN)) as client:
        assert client.call("biconnector.connector.get").response.status == 301


def test_an_unknown_encoding_is_refused(client):
    with pytest.raises(ValueError, match="Expected encoding 'json', 'form' or 'query', got 'xml'"):
        client.call("biconnector.connector.get", encoding="xml")


def test_close_is_idempotent_and_repr_hides_secrets(echo_app):
    client = Client(Target.in_process(echo_app, TOKEN), timeout=2.5)
    assert (
        repr(client) == "Client(Target('http://mock.invalid/rest/', auth='oauth', in-process), timeout=2.5)"
    )
    client.close()
    client.close()


def test_a_cookie_the_target_sets_is_never_sent_back():
    """A portal's session cookie must not stand in for the credentials a probe carries (or lacks)."""
    seen = []

    def sets_a_session(environ, start_response):
        seen.append(environ.get("HTTP_COOKIE"))
        start_response(
            "200 OK", [("Content-Type", "application/json"), ("Set-Cookie", "PHPSESSID=1; Path=/")]
        )
        return [b'{"result": true}']

    with Client(Target.in_process(sets_a_session, TOKEN)) as client:
        client.call("biconnector.connector.list", {})
        client.call("biconnector.connector.list", {}, access_token="wrong-token-0123456789")
    assert seen == [None, None]
