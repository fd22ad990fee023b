"""Run a MockPortal in the foreground for the CLI, printing the credentials a user needs to call it."""

from __future__ import annotations

import sys
from typing import IO

from ..serving import WsgiApp, serve_or_explain, serve_until_signalled
from ._portal import MockPortal


def serve_forever(
    portal: MockPortal, host: str, port: int, out: IO[str] = sys.stdout, *, app: WsgiApp | None = None
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
