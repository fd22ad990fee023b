"""The mock's urlCheck call: a given app in-process on connector.invalid, loopback over HTTP, else no."""

from __future__ import annotations

import http.client
import ipaddress
from urllib.parse import urlencode, urlsplit

from werkzeug.test import EnvironBuilder, run_wsgi_app

from ..serving import WsgiApp

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
    this machine.
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
        elif _is_loopback(host):
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
        connection = kind(host, port, timeout=self.timeout_s)
        try:
            target = (path or "/") + (f"?{query}" if query else "")
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            connection.request("POST", target, body=body.encode("ascii"), headers=headers)
            response = connection.getresponse()
            return response.status, response.read(_MAX_BODY)
        finally:
            connection.close()


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
