"""OAuth token renewal: trade the refresh token for a new pair when the portal says expired_token."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx

from ._query import http_build_query
from ._redact import redact
from ._target import mask_url

DEFAULT_OAUTH_SERVER = "https://oauth.bitrix.info/oauth/token/"
_TOKEN_PATH = "oauth/token/"
_HINTS = {
    "invalid_client": "check the client id and client secret, and that the application is installed",
    "invalid_grant": "the refresh token is wrong or older than 180 days; authorize the application again",
    "PAYMENT_REQUIRED": "the application's paid or trial period is over",
}
_DEFAULT_HINT = "check the client id, client secret, refresh token and OAuth server URL"


class OAuthError(Exception):
    """The OAuth server did not renew the tokens; the message is one line and holds no secret."""

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status

    def __str__(self) -> str:
        return self.message


class OAuthRefresh:
    """An application's OAuth credentials and the server that renews its tokens."""

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        refresh_token: str,
        *,
        server_url: str = DEFAULT_OAUTH_SERVER,
        app: Callable[..., Any] | None = None,
        timeout: float = 10.0,
    ) -> None:
        given = {"client id": client_id, "client secret": client_secret, "refresh token": refresh_token}
        missing = [name for name, value in given.items() if not value]
        if missing:
            wanted = "Expected a client id, client secret and refresh token"
            raise ValueError(f"{wanted}, got no {' or '.join(missing)}")
        self.client_id = client_id
        self.server_url = _token_url(server_url)
        self.app = app  # a WSGI app answering the token URL in-process (the mock portal)
        self.timeout = timeout
        self._client_secret = client_secret
        self._refresh_token = refresh_token
        self._issued: list[str] = []  # every token handed out, so none can leak from an old exchange
        self._lock = threading.Lock()
        self.refreshes = 0

    def secrets(self) -> tuple[str, ...]:
        """Every credential this object holds or has held: the client secret and all tokens."""
        with self._lock:
            return self._held()

    def refresh(self) -> str:
        """Renew the token pair; return the new access token, or raise OAuthError."""
        with self._lock:
            secrets = self._held()
            query = http_build_query(
                {
                    "grant_type": "refresh_token",
                    "client_id": self.client_id,
                    "client_secret": self._client_secret,
                    "refresh_token": self._refresh_token,
                }
            )
            separator = "&" if urlsplit(self.server_url).query else "?"
            answer = self._get(f"{self.server_url}{separator}{query}", secrets)
            access, renewed = self._tokens(answer, secrets)
            self._issued += [token for token in (access, self._refresh_token) if token not in self._issued]
            self._refresh_token = renewed or self._refresh_token
            self.refreshes += 1
            return access

    def _held(self) -> tuple[str, ...]:
        # what secrets() returns, for callers that already hold the (non-reentrant) lock
        return (self._client_secret, self._refresh_token, *self._issued)

    def _get(self, url: str, secrets: tuple[str, ...]) -> httpx.Response:
        transport = httpx.WSGITransport(app=self.app) if self.app is not None else None
        try:
            with httpx.Client(transport=transport, timeout=self.timeout, follow_redirects=False) as http:
                return http.get(url, headers={"Accept": "application/json"})
        except httpx.HTTPError as exc:
            detail = mask_url(redact(" ".join(str(exc).split()), secrets)) or type(exc).__name__
            raise OAuthError(self._expected(f"no answer ({detail[:160]})", _DEFAULT_HINT)) from None

    def _tokens(self, answer: httpx.Response, secrets: tuple[str, ...]) -> tuple[str, str | None]:
        try:
            body = answer.json()
        except ValueError:
            kind = answer.headers.get("content-type", "no content type").split(";")[0]
            got = f"HTTP {answer.status_code} with a {kind} body that is not JSON"
            raise OAuthError(self._expected(got, _DEFAULT_HINT), status=answer.status_code) from None
        if isinstance(body, dict) and body.get("error"):
            code = str(body["error"])
            text = redact(" ".join(str(body.get("error_description", "")).split()), secrets)[:160]
            got = f"HTTP {answer.status_code} {code}{f': {text}' if text else ''}"
            hint = _HINTS.get(code, _DEFAULT_HINT)
            raise OAuthError(self._expected(got, hint), code=code, status=answer.status_code)
        access = body.get("access_token") if isinstance(body, dict) else None
        if answer.status_code != 200 or not isinstance(access, str) or not access:
            keys = ", ".join(sorted(map(str, body))) if isinstance(body, dict) else type(body).__name__
            got = f"HTTP {answer.status_code} without an access_token (got {keys or 'nothing'})"
            raise OAuthError(self._expected(got, _DEFAULT_HINT), status=answer.status_code)
        renewed = body.get("refresh_token")
        return access, renewed if isinstance(renewed, str) and renewed else None

    def _expected(self, got: str, hint: str) -> str:
        return f"Expected new OAuth tokens from {self.server_url}, got {got}; {hint}"

    def __repr__(self) -> str:
        return f"OAuthRefresh({self.server_url!r}, client_id={self.client_id!r}, refreshes={self.refreshes})"


def _token_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"Expected an http(s) OAuth server URL like {DEFAULT_OAUTH_SERVER}, got {url!r}")
    if parts.path in ("", "/"):
        # A bare host is the server, not its endpoint; the endpoint's path is fixed.
        return f"{parts.scheme}://{parts.netloc}/{_TOKEN_PATH}"
    return url.strip()
