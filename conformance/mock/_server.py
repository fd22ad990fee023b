"""Run a MockPortal over real HTTP with waitress: in a background thread, or in the foreground for the CLI."""

from __future__ import annotations

import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import IO, Any

from waitress import wasyncore
from waitress.server import create_server

from ._portal import MockPortal

WsgiApp = Callable[[dict[str, Any], Any], Iterable[bytes]]

_START_TIMEOUT_S = 5.0
_STOP_TIMEOUT_S = 5.0


class RunningServer:
    """A waitress server answering for a portal in a daemon thread; close() stops it."""

    def __init__(self, server: Any) -> None:
        self._server = server
        self.host: str = str(server.effective_host)
        self.port: int = int(server.effective_port)
        shown = f"[{self.host}]" if ":" in self.host else self.host
        self.url = f"http://{shown}:{self.port}"
        self._closed = False
        self._thread = threading.Thread(
            target=server.run, name=f"b24-conformance server {self.url}", daemon=True
        )
        self._thread.start()
        _wait_until_accepting(self.host, self.port)

    def __repr__(self) -> str:
        return f"RunningServer({self.url!r}, closed={self._closed})"

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop accepting, close every connection and wait for the serving thread (idempotent)."""
        if self._closed:
            return
        self._closed = True
        server = self._server
        # Closing every channel from inside the event loop empties its map, so the loop returns at
        # once instead of after its select timeout; then the worker threads are stopped.
        server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
        self._thread.join(_STOP_TIMEOUT_S)
        server.task_dispatcher.shutdown(timeout=_STOP_TIMEOUT_S)


def _wait_until_accepting(host: str, port: int) -> None:
    deadline = time.monotonic() + _START_TIMEOUT_S
    while True:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def serve(portal: MockPortal | WsgiApp, host: str = "127.0.0.1", port: int = 0) -> RunningServer:
    """Serve portal (or any WSGI app) on host:port (0: a free port) once it accepts connections."""
    listener = _bound_socket(host, port)
    server = create_server(portal, sockets=[listener], threads=8, ident="b24-conformance mock")
    return RunningServer(server)


def serve_or_explain(app: MockPortal | WsgiApp, host: str, port: int, label: str) -> RunningServer | None:
    """serve(app, host, port), or None once it has said on stderr why it cannot listen there.

    label names the command in that line: b24-conformance LABEL: cannot listen on HOST:PORT: REASON.
    """
    try:
        return serve(app, host, port)
    except OSError as exc:
        print(
            f"b24-conformance {label}: cannot listen on {host}:{port}: {exc.strerror or exc}", file=sys.stderr
        )
        return None


def _bound_socket(host: str, port: int) -> socket.socket:
    # Bound here rather than by waitress, which leaves its socket open when bind fails.
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    listener = socket.socket(family, kind, proto)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
    except OSError:
        listener.close()
        raise
    return listener


def serve_forever(
    portal: MockPortal, host: str, port: int, out: IO[str] = sys.stdout, *, app: Any = None
) -> int:
    """Serve until SIGINT or SIGTERM, printing the URL and credentials first; 2 when it cannot listen.

    The lines: listening on URL, access token, second access token, webhook, oauth server, then
    client id, client secret and refresh token of each application (the second one's prefixed
    "second ").

    app, when given, is what is served (the portal wrapped in middleware, e.g. planted faults); the
    credentials printed are still the portal's. Call it from the main thread: that is where Python
    delivers signals.
    """
    running = serve_or_explain(portal if app is None else app, host, port, "mock")
    if running is None:
        return 2
    primary, foreign = portal.applications
    lines = [
        f"listening on {running.url}",
        f"access token: {primary.access_token}",
        f"second access token: {foreign.access_token}",
        f"webhook: {running.url}{portal.webhook_path}",
        # The OAuth credentials, so a user can try token renewal against the mock's own endpoint.
        f"oauth server: {running.url}/oauth/token/",
    ]
    for prefix, application in (("", primary), ("second ", foreign)):
        lines += [
            f"{prefix}client id: {application.client_id}",
            f"{prefix}client secret: {application.client_secret}",
            f"{prefix}refresh token: {application.refresh_token}",
        ]
    return serve_until_signalled(running, lines, out)


def serve_until_signalled(running: RunningServer, lines: list[str], out: IO[str] = sys.stdout) -> int:
    """Print lines, serve until SIGINT or SIGTERM, then close the server; 0. Call from the main thread."""
    stop = threading.Event()
    previous: dict[int, Any] = {}
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, lambda *_: stop.set())
        for line in lines:
            print(line, file=out)
        out.flush()
        while not stop.wait(0.5):
            pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        running.close()
    return 0
