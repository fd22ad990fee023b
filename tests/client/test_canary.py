"""Canary secrets: whatever the client records or says (requests, curl lines, messages, reprs) holds none."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, quote_plus

import pytest

from conformance.client import Client, OAuthError, OAuthRefresh, Pacer, RetryPolicy, Target, TransportError
from conformance.exchange import Exchange, Request

ACCESS = "canary-access-7d1f0c2b9e8a"
REFRESH = "canary-refresh-4b6e2a9c0d1f"
CLIENT_SECRET = "canary-client-secret-a8c3e5f7"
WEBHOOK_CODE = "canarywebhookq8z3c1x"
CANARIES = (ACCESS, REFRESH, CLIENT_SECRET, WEBHOOK_CODE)
TOKEN_URL = "http://mock.invalid/oauth/token/"
ENCODINGS = ("json", "form", "query")
# A client masks what it knows to be secret: its own credentials, and values under credential names
# (auth, access_token, refresh_token, client_secret) wherever they appear, also inside other text.
PARAMS = {
    "id": 1,
    "fields": {"title": f"hides {ACCESS} and {REFRESH}", "settings": {"refresh_token": REFRESH}},
    "auth": ACCESS,
    "client_secret": CLIENT_SECRET,
    "note": f"{CLIENT_SECRET} again",
}
# An OAuth client knows its credentials, so they are masked even where no credential name says so.
OAUTH_PARAMS = {"id": 1, "fields": {"title": f"hides {ACCESS}", "note": f"{CLIENT_SECRET} and {REFRESH}"}}


def _recorded(request: Request) -> str:
    parts = [request.url, request.body.decode(), json.dumps(request.params), json.dumps(request.headers)]
    return "\n".join([*parts, request.curl(), repr(request)])


def _exchange_text(exchange: Exchange) -> str:
    return _recorded(exchange.request) + exchange.reproduce


def _assert_clean(text: str, issued: tuple[str, ...] = ()) -> None:
    leaked = [secret for secret in (*CANARIES, *issued) if secret in text]
    assert not leaked, f"Expected no secret in what the client records, found {leaked}"


def _policy(clock) -> RetryPolicy:
    return RetryPolicy(clock=clock, sleep=clock.sleep, now=clock.wall)


@pytest.mark.parametrize("encoding", ["json", "form", "query"])
def test_an_oauth_run_with_renewal_records_no_secret(oauth_portal, clock, encoding):
    portal = oauth_portal(CLIENT_SECRET, ACCESS, REFRESH)
    oauth = OAuthRefresh(portal.client_id, CLIENT_SECRET, REFRESH, server_url=TOKEN_URL, app=portal)
    pacer = Pacer(50, 2.0, clock=clock, sleep=clock.sleep)
    with Client(Target.in_process(portal, ACCESS), pacer=pacer, retry=_policy(clock), oauth=oauth) as client:
        first = client.call("biconnector.connector.get", OAUTH_PARAMS, encoding="json")
        second = client.call("biconnector.connector.get", OAUTH_PARAMS, encoding=encoding)
        shown = "\n".join([_exchange_text(first), _exchange_text(second), repr(client), repr(oauth)])
    assert first.attempts == 2 and oauth.refreshes == 1, "the canary token was renewed"
    issued = ("new-access-1-9f8e7d6c5b4a", "new-refresh-1-1a2b3c4d5e6f")
    assert portal.calls[-1] == issued[0], "the renewed token went out"
    _assert_clean(shown, issued)


def test_a_refused_renewal_says_nothing_secret_even_when_the_server_echoes_it(oauth_portal):
    portal = oauth_portal("the-real-secret-000000", ACCESS, REFRESH)
    portal.echo_secrets = True
    oauth = OAuthRefresh(portal.client_id, CLIENT_SECRET, REFRESH, server_url=TOKEN_URL, app=portal)
    with (
        Client(Target.in_process(portal, ACCESS), oauth=oauth) as client,
        pytest.raises(OAuthError) as caught,
    ):
        client.call("biconnector.connector.list")
    message = str(caught.value)
    assert "invalid_client: Invalid client {" in message, "the server's text is kept, masked"
    assert "\n" not in message
    _assert_clean(message + repr(caught.value) + repr(oauth))


def test_a_webhook_run_with_retries_records_no_secret(scripted, clock):
    refused = {"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"}
    app = scripted([(503, refused), (200, {})])
    target = Target(f"http://mock.invalid/rest/1/{WEBHOOK_CODE}/", "webhook", app=app)
    with Client(target, retry=_policy(clock)) as client:
        exchanges = [client.call("biconnector.source.get", PARAMS, encoding=e) for e in ENCODINGS]
        shown = "\n".join([*map(_exchange_text, exchanges), repr(client), repr(target)])
    assert exchanges[0].attempts == 2
    assert app.seen[0]["path"] == f"/rest/1/{WEBHOOK_CODE}/biconnector.source.get"
    _assert_clean(shown)


@pytest.mark.http
def test_a_transport_failure_says_nothing_secret(refused_port, clock):
    target = Target.parse(f"http://127.0.0.1:{refused_port}/rest/1/{WEBHOOK_CODE}/")
    with Client(target, retry=_policy(clock)) as client, pytest.raises(TransportError) as caught:
        client.call("biconnector.source.get", PARAMS, encoding="query")
    error = caught.value
    _assert_clean("\n".join([str(error), repr(error), _recorded(error.request)]))


# A source's credential with what JSON escapes (a quote, non-ASCII) and what URL-encoding changes.
SETTING = 'pä"ss/wörd~canary'


def _echoing(kind: str):
    """A target that echoes the request in its answer: an HTML error page showing the URL and body,
    as some web servers write one, or a JSON error quoting the value it refused."""

    def app(environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length).decode("utf-8") if length else ""
        if kind == "html":
            page = f"<html>Not Found: {environ['PATH_INFO']}?{environ.get('QUERY_STRING', '')} {body}</html>"
            start_response("404 Not Found", [("Content-Type", "text/html")])
            return [page.encode("utf-8")]
        sent = json.loads(body) if body.startswith("{") else {}
        if not sent:
            form = parse_qs(body or environ.get("QUERY_STRING", ""))
            sent = {"auth": form["auth"][0], "fields": {"settings": {"password": form[PASSWORD][0]}}}
        refused = f"{environ['PATH_INFO']}: {sent['fields']['settings']['password']} for {sent['auth']}"
        answer = {"error": "WRONG_SETTINGS", "error_description": refused}
        start_response("400 Bad Request", [("Content-Type", "application/json")])
        return [json.dumps(answer).encode("utf-8")]

    return app


PASSWORD = "fields[settings][password]"


@pytest.mark.parametrize("kind", ["html", "json"])
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_an_answer_that_echoes_the_request_is_recorded_without_its_secrets(kind, encoding):
    target = Target(f"http://mock.invalid/rest/1/{WEBHOOK_CODE}/", "webhook", app=_echoing(kind))
    params = {"id": 1, "auth": ACCESS, "fields": {"settings": {"password": SETTING}}}
    with Client(target) as client:
        answer = client.call("biconnector.source.update", params, encoding=encoding).response
    assert answer.status in (400, 404) and b"***" in answer.body, "the target echoed what it got"
    parsed = json.dumps(answer.json) if answer.is_json else ""
    recorded = f"{answer.body.decode('utf-8')}\n{answer.snippet()}\n{parsed}"
    forms = {
        form
        for secret in (ACCESS, WEBHOOK_CODE, SETTING)
        for form in (
            secret,
            quote_plus(secret),
            json.dumps(secret)[1:-1],
            json.dumps(secret, ensure_ascii=False)[1:-1],
        )
    }
    assert not [form for form in forms if form in recorded]


@pytest.mark.http
def test_a_broken_answer_that_echoes_the_request_line_shows_no_part_of_the_code(raw_server, clock):
    # a TCP echo service on the port: its "answer" is the request, path and webhook code first
    port = raw_server(f"POST /rest/1/{WEBHOOK_CODE}/biconnector.source.get HTTP/1.1\r\n\r\n".encode())
    target = Target.parse(f"http://127.0.0.1:{port}/rest/1/{WEBHOOK_CODE}/")
    with Client(target, retry=_policy(clock)) as client, pytest.raises(TransportError) as caught:
        client.call("biconnector.source.get", {"id": 1})
    message = str(caught.value)
    assert "the answer began b'POST /rest/1/***'" in message
    assert f"/rest/1/{WEBHOOK_CODE[0]}" not in message, "not even the code's first letters"
