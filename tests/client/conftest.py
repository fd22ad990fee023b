"""Fixtures for the client's tests: an echo WSGI app, a loopback HTTP server, raw misbehaving sockets."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest


def _echo_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    """Answer with what arrived: method, path, query string, headers and body, inside a success envelope."""
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
    answer = json.dumps({"result": seen, "time": {"start": 1.0, "finish": 1.1}}).encode()
    start_response("200 OK", [("Content-Type", "application/json; charset=utf-8")])
    return [answer]


@pytest.fixture
def echo_app() -> Callable[..., list[bytes]]:
    """A WSGI app that answers with what arrived: method, path, query, headers and body, as result."""
    return _echo_app


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def loopback_url() -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving echo_app; its base URL, e.g. http://127.0.0.1:PORT."""
    server: WSGIServer = make_server("127.0.0.1", 0, _echo_app, handler_class=_QuietHandler)
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
