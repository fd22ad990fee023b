"""Fixtures for the client's tests: an echo WSGI app, a loopback HTTP server, raw misbehaving sockets."""

from __future__ import annotations

import itertools
import json
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest


class EchoApp:
    """A WSGI app that answers with what arrived (method, path, query, headers and body) as result,
    and keeps each arrival in `arrived`: the answer the client records has the request's secrets
    masked, so what went out unmasked is read there."""

    def __init__(self) -> None:
        self.arrived: list[dict[str, str]] = []

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        seen = {
            "method": environ["REQUEST_METHOD"],
            "path": environ["PATH_INFO"],
            "query": environ.get("QUERY_STRING", ""),
            "content_type": environ.get("CONTENT_TYPE", ""),
            "accept": environ.get("HTTP_ACCEPT", ""),
            "user_agent": environ.get("HTTP_USER_AGENT", ""),
            "body": body.decode("utf-8"),
        }
        self.arrived.append(seen)
        answer = json.dumps({"result": seen, "time": {"start": 1.0, "finish": 1.1}}).encode()
        start_response("200 OK", [("Content-Type", "application/json; charset=utf-8")])
        return [answer]


@pytest.fixture
def echo_app() -> EchoApp:
    """A fresh EchoApp: answers with what arrived, and keeps it in `arrived`."""
    return EchoApp()


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def loopback_url(echo_app: EchoApp) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving echo_app; its base URL, e.g. http://127.0.0.1:PORT."""
    server: WSGIServer = make_server("127.0.0.1", 0, echo_app, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def refused_port() -> int:
    """A loopback port nothing listens on: bound to pick a free one, then closed."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A loopback port that accepts connections (into the backlog) and never answers."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield sock.getsockname()[1]


@pytest.fixture
def raw_server() -> Iterator[Callable[[bytes | None], int]]:
    """Start one-connection servers that read the request, send fixed bytes (None: nothing) and close."""
    started: list[tuple[socket.socket, threading.Thread]] = []

    def start(reply: bytes | None) -> int:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(5)

        def serve() -> None:
            try:
                conn, _ = listener.accept()
                with conn:
                    conn.settimeout(5)
                    conn.recv(65536)
                    if reply is not None:
                        conn.sendall(reply)
            except OSError:
                return  # the client went away first; nothing to serve

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        started.append((listener, thread))
        return listener.getsockname()[1]

    yield start
    for listener, thread in started:
        thread.join(timeout=5)
        listener.close()


class FakeClock:
    """A monotonic clock and a wall clock that move only when sleep() is called; sleeps are recorded."""

    def __init__(self, wall: float = 1_780_000_000.0) -> None:
        self.t = 0.0
        self.wall_start = wall
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.t

    def wall(self) -> float:
        return self.wall_start + self.t

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0, f"Expected a non-negative sleep, got {seconds}"
        self.sleeps.append(seconds)
        self.t += seconds


@pytest.fixture
def clock() -> FakeClock:
    """A fake clock: call it for monotonic time, .wall() for Unix time, .sleep(s) to move both on."""
    return FakeClock()


Answer = tuple[int, Any]  # HTTP status and a JSON body (bytes are sent as they are, as text/html)


class ScriptedApp:
    """A WSGI app that answers with the scripted answers in turn, then repeats the last; records requests."""

    def __init__(self, answers: list[Answer]) -> None:
        self.answers = list(answers)
        self.seen: list[dict[str, str]] = []

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        self.seen.append({"path": environ["PATH_INFO"], "body": body.decode()})
        status, content = self.answers[min(len(self.seen), len(self.answers)) - 1]
        if isinstance(content, bytes):
            start_response(f"{status} X", [("Content-Type", "text/html")])
            return [content]
        start_response(f"{status} X", [("Content-Type", "application/json")])
        return [json.dumps(content).encode()]


@pytest.fixture
def scripted() -> Callable[[list[Answer]], ScriptedApp]:
    """Make a WSGI app that gives the listed (status, body) answers in turn, then repeats the last."""
    return ScriptedApp


@pytest.fixture(scope="session")
def make_clock() -> type[FakeClock]:
    """The FakeClock class, for tests (Hypothesis ones) that need a fresh clock per example."""
    return FakeClock


def _json(start_response: Callable[..., Any], status: int, body: Any) -> list[bytes]:
    start_response(f"{status} X", [("Content-Type", "application/json")])
    return [json.dumps(body).encode()]


class OAuthPortal:
    """A portal and its OAuth server in one WSGI app: tokens expire on demand, /oauth/token/ renews them."""

    client_id = "local.0123abcd.45678901"

    def __init__(self, client_secret: str, access_token: str, refresh_token: str) -> None:
        self.client_secret = client_secret
        self.refresh_token = refresh_token
        self.valid: set[str] = set()  # the given access token starts out expired
        self.expired = {access_token}
        self.token_requests: list[tuple[str, dict[str, list[str]]]] = []
        self.calls: list[str | None] = []  # the auth each REST call carried
        self.echo_secrets = False  # a careless server quoting what it was sent in its error text
        self.renews_expired = False  # a broken server handing out tokens that are already expired
        self._serial = itertools.count(1)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        if environ["PATH_INFO"] == "/oauth/token/":
            query = parse_qs(environ.get("QUERY_STRING", ""))
            self.token_requests.append((environ["REQUEST_METHOD"], query))
            return self._token(query, start_response)
        auth = _auth_of(environ)
        self.calls.append(auth)
        if auth in self.valid:
            return _json(start_response, 200, {"result": [], "time": {"start": 1.0}})
        if auth in self.expired:
            description = "The access token provided has expired"
            return _json(start_response, 401, {"error": "expired_token", "error_description": description})
        unknown = {"error": "NO_AUTH_FOUND", "error_description": "Wrong authorization data"}
        return _json(start_response, 401, unknown)

    def _token(self, query: dict[str, list[str]], start_response: Callable[..., Any]) -> list[bytes]:
        given = {key: values[0] for key, values in query.items()}
        if given.get("client_id") != self.client_id or given.get("client_secret") != self.client_secret:
            text = f"Invalid client {given}" if self.echo_secrets else "Invalid client credentials"
            return _json(start_response, 401, {"error": "invalid_client", "error_description": text})
        if given.get("grant_type") != "refresh_token" or given.get("refresh_token") != self.refresh_token:
            grant = {"error": "invalid_grant", "error_description": "Invalid grant"}
            return _json(start_response, 400, grant)
        serial = next(self._serial)
        access, self.refresh_token = f"new-access-{serial}-9f8e7d6c5b4a", f"new-refresh-{serial}-1a2b3c4d5e6f"
        (self.expired if self.renews_expired else self.valid).add(access)
        answer = {"access_token": access, "refresh_token": self.refresh_token, "expires_in": 3600}
        return _json(start_response, 200, {**answer, "domain": "oauth.bitrix.info", "status": "L"})


def _auth_of(environ: dict[str, Any]) -> str | None:
    """The auth parameter, from a JSON body, a form body or the query string."""
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    if environ.get("CONTENT_TYPE", "").startswith("application/json"):
        return json.loads(body).get("auth")
    form = parse_qs(body.decode()) or parse_qs(environ.get("QUERY_STRING", ""))
    return form.get("auth", [None])[0]


@pytest.fixture
def oauth_portal() -> Callable[..., OAuthPortal]:
    """Make an OAuthPortal(client_secret, access_token, refresh_token): a portal plus its OAuth server."""
    return OAuthPortal
