"""Run a ConnectorApp over real HTTP, in a background thread or in the foreground for the CLI."""

from __future__ import annotations

import sys
from typing import IO

from ..serving import RunningServer, serve, serve_or_explain, serve_until_signalled
from ._app import ConnectorApp

# The connector's four URL settings and the path each one ends in.
_ENDPOINT_PATHS = (
    ("urlCheck", "check"),
    ("urlTableList", "table_list"),
    ("urlTableDescription", "table_description"),
    ("urlData", "data"),
)


def serve_connector(app: ConnectorApp, host: str = "127.0.0.1", port: int = 0) -> RunningServer:
    """Serve app on host:port (0: a free port) and return once it accepts connections; close() stops it."""
    return serve(app, host, port)


def serve_connector_forever(
    app: ConnectorApp, host: str = "127.0.0.1", port: int = 0, out: IO[str] = sys.stdout
) -> int:
    """Serve until SIGINT or SIGTERM, printing the URL and the four endpoints; 2 when it cannot listen.

    Call it from the main thread: that is where Python delivers signals.
    """
    running = serve_or_explain(app, host, port, "connector-app")
    if running is None:
        return 2
    lines = [
        f"listening on {running.url}",
        *(f"{name}: {running.url}/{path}" for name, path in _ENDPOINT_PATHS),
    ]
    return serve_until_signalled(running, lines, out)
