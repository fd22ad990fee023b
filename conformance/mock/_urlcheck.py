"""The mock's urlCheck call: a given app in-process on connector.invalid, loopback over HTTP, else no."""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
from urllib.parse import urlencode, urlsplit

from werkzeug.test import EnvironBuilder, run_wsgi_app

from ..serving import WsgiApp, is_loopback_host

# A reserved name (RFC 6761) that can never resolve: urlChecks there reach the given app without a socket.
IN_PROCESS_HOST = "connector.invalid"
TIMEOUT_S = 3.0
# The module only needs to know that a body came; reading more is pointless.
_MAX_BODY = 64 * 1024


def connection_body(settings: dict[str, str]) -> str:
    """The form body the module posts: connection[code]=value for every setting."""
    return urlencode([(f"connection[{code}]", value) for code, value in settings.items()])


class UrlChecker:
    """Posts the source settings to a connector's urlCheck as the module does; True for 200 with a body.

    A URL on connector.invalid goes to app in-process (without one it fails, as a name that does
    not resolve would); a loopback URL (localhost, 127.0.0.0/8, ::1) gets a real POST with a short
    timeout and no redirects; any other host fails the check, so the mock never sends a request off
    this machine. timeout_s bounds the whole loopback call, connect to last byte.
    """

    def __init__(self, app: WsgiApp | None = None, timeout_s: float = TIMEOUT_S) -> None:
        self.app = app
        self.timeout_s = timeout_s

    def __call__(self, url: str, settings: dict[str, str]) -> bool:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("http", "https") or not host:
            return False
        body = connection_body(settings)
        if host == IN_PROCESS_HOST:
            if self.app is None:
                return False
            status, content = self._in_process(parts.scheme, parts.path, parts.query, body)
        elif is_loopback_host(host):
            status, content = self._over_http(parts.scheme, host, parts.port, parts.path, parts.query, body)
        else:
            return False
        return status == 200 and content != b""

    def _in_process(self, scheme: str, path: str, query: str, body: str) -> tuple[int, bytes]:
        builder = EnvironBuilder(
            path=path or "/",
            query_string=query,
            base_url=f"{scheme}://{IN_PROCESS_HOST}",
            method="POST",
            data=body,
            content_type="application/x-www-form-urlencoded",
        )
        try:
            app_iter, status, _ = run_wsgi_app(self.app, builder.get_environ())
            try:
                content = b"".join(app_iter)
            finally:
                getattr(app_iter, "close", lambda: None)()
        finally:
            builder.close()
        return int(status.split(" ", 1)[0]), content

    def _over_http(
        self, scheme: str, host: str, port: int | None, path: str, query: str, body: str
    ) -> tuple[int, bytes]:
        kind = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
        deadline = time.monotonic() + self.timeout_s
        connection = kind(host, port, timeout=self.timeout_s)
        # timeout_s bounds each read; a connector that answers a byte at a time would pass every one
        # of them. Once connected, a watchdog cuts the socket when the whole call's time is up.
        watchdog = threading.Timer(0, _cut, (connection,))
        try:
            connection.connect()
            watchdog.interval = max(0.0, deadline - time.monotonic())
            watchdog.daemon = True
            watchdog.start()
            target = (path or "/") + (f"?{query}" if query else "")
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            connection.request("POST", target, body=body.encode("ascii"), headers=headers)
            response = connection.getresponse()
            content = response.read(_MAX_BODY)
            if time.monotonic() >= deadline:
                # A read the watchdog cut short ends without an error: the answer came too late.
                raise TimeoutError(f"Expected the urlCheck answer within {self.timeout_s} s, got part of it")
            return response.status, content
        finally:
            watchdog.cancel()
            connection.close()


def _cut(connection: http.client.HTTPConnection) -> None:
    # shutdown() wakes a read blocked in another thread; close() alone would not.
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):  # already closed by the caller
            sock.shutdown(socket.SHUT_RDWR)
