"""Serving in the foreground, as the CLI does: explain a port that cannot be used, stop on a signal."""

from __future__ import annotations

import signal
import sys
import threading
from typing import IO, Any

from ._running import RunningServer, WsgiApp, serve


def serve_or_explain(app: WsgiApp, host: str, port: int, label: str) -> RunningServer | None:
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
