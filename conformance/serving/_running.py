"""RunningServer: a WSGI app served by waitress in a daemon thread until close()."""

from __future__ import annotations

import select
import socket
import threading
import time
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any

from waitress import wasyncore
from waitress.server import create_server

from ._heads import bound_request_heads

WsgiApp = Callable[[dict[str, Any], Any], Iterable[bytes]]

_START_TIMEOUT_S = 5.0
_STOP_TIMEOUT_S = 5.0
_THREADS = 8
# Waitress stops accepting at connection_limit open connections and drops an idle one only after
# channel_timeout (checked every cleanup_interval): with its defaults (100, 120 s, 30 s), 100
# half-sent requests shut everyone else out for minutes. Idle or stalled connections are cheap to
# drop; a client that sends nothing for IDLE_TIMEOUT_S reconnects.
CONNECTION_LIMIT = 1000
IDLE_TIMEOUT_S = 15.0
CLEANUP_INTERVAL_S = 1.0
# A client that is never idle (a header byte a second) is closed once its request head has taken this
# long: without it, a thousand of them hold every connection for good.
HEAD_DEADLINE_S = 10.0
# select() cannot watch a descriptor numbered 1024 or above: near the connection limit, waitress' loop
# then dies with "filedescriptor out of range" and the server answers nobody again. poll() has no limit.
_USE_POLL = hasattr(select, "poll")


class RunningServer:
    """A waitress server answering for a WSGI app in a daemon thread; close() stops it."""

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
        try:
            server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
        except OSError:
            # The trigger is already closed (seen intermittently after a burst of concurrent
            # connections): close what is left from here, then stop the loop and the workers.
            wasyncore.close_all(server._map)
        self._thread.join(_STOP_TIMEOUT_S)
        server.task_dispatcher.shutdown(timeout=_STOP_TIMEOUT_S)


def serve(
    app: WsgiApp,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    idle_timeout_s: float = IDLE_TIMEOUT_S,
    head_deadline_s: float = HEAD_DEADLINE_S,
    connection_limit: int = CONNECTION_LIMIT,
) -> RunningServer:
    """Serve app on host:port (0: a free port) and return once it accepts connections.

    A connection that sends nothing for idle_timeout_s (an unfinished request included), or whose
    request head is still unfinished head_deadline_s after its first byte, is closed.
    """
    listener = _bound_socket(host, port)
    server = create_server(
        app,
        sockets=[listener],
        threads=_THREADS,
        ident="b24-conformance",
        connection_limit=connection_limit,
        channel_timeout=idle_timeout_s,
        cleanup_interval=min(CLEANUP_INTERVAL_S, idle_timeout_s / 2, head_deadline_s / 2),
        asyncore_use_poll=_USE_POLL,
    )
    bound_request_heads(server, head_deadline_s)
    return RunningServer(server)


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
