"""The portal's OAuth tokens: which application an access token stands for, its scopes and its expiry."""

from __future__ import annotations

import hmac
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass

from ._config import SCOPE, Application
from ._errors import FrameworkFailure, framework_error

# What the token endpoint says when no lifetime is configured: the cloud's one hour.
DEFAULT_LIFETIME_S = 3600


@dataclass(frozen=True)
class Grant:
    """An issued access token: the application, the scopes, when it expires (None: never)."""

    application: Application
    scopes: tuple[str, ...]
    expires_at: float | None


class RefreshRefused(Exception):
    """The token endpoint's error: an OAuth error code, its text and the HTTP status it is sent with."""

    def __init__(self, code: str, description: str, status: int) -> None:
        super().__init__(f"{status} {code}: {description}")
        self.code = code
        self.description = description
        self.status = status


class TokenBook:
    """Access and refresh tokens of the portal's applications; thread-safe."""

    def __init__(
        self,
        applications: tuple[Application, ...],
        *,
        scopes: tuple[str, ...],
        lifetime_s: float | None,
        scope_status: int,
        clock: Callable[[], float],
    ) -> None:
        self.lifetime_s = lifetime_s
        self._scope_status = scope_status
        self._clock = clock
        self._lock = threading.Lock()
        self._access: dict[str, Grant] = {}
        self._refresh: dict[str, tuple[Application, tuple[str, ...]]] = {}
        self._applications = {application.client_id: application for application in applications}
        for application in applications:
            self._access[application.access_token] = self._grant(application, scopes)
            self._refresh[application.refresh_token] = (application, scopes)

    def issue(self, application: Application, scopes: tuple[str, ...]) -> str:
        """A new access token for application with scopes (the lifetime as configured)."""
        token = secrets.token_hex(16)
        with self._lock:
            self._access[token] = self._grant(application, scopes)
        return token

    def expire_all(self) -> None:
        """Make every access token issued so far expired, as if its hour had passed."""
        with self._lock:
            now = self._clock()
            self._access = {token: _expired(grant, now) for token, grant in self._access.items()}

    def grant(self, token: str | None) -> Grant:
        """The grant of a token; NO_AUTH_FOUND when unknown, expired_token when its time is over."""
        with self._lock:
            found = next((g for t, g in self._access.items() if token and same_secret(token, t)), None)
            if found is None:
                raise framework_error("NO_AUTH_FOUND")
            if found.expires_at is not None and self._clock() >= found.expires_at:
                raise framework_error("expired_token")
            return found

    def require(self, grant: Grant | None, scope: str = SCOPE) -> None:
        """Raise insufficient_scope when the grant (None: a webhook, which has every scope) lacks scope."""
        if grant is not None and scope not in grant.scopes:
            failure = framework_error("insufficient_scope")
            raise FrameworkFailure(failure.code, self._scope_status, failure.description)

    def refresh(self, client_id: str, client_secret: str, refresh_token: str) -> tuple[str, str, Grant]:
        """Trade a refresh token for a new pair (the old refresh token is spent); RefreshRefused if wrong."""
        with self._lock:
            application = self._applications.get(client_id)
            if application is None or not same_secret(client_secret, application.client_secret):
                raise RefreshRefused("invalid_client", "Invalid client_id or client_secret", 401)
            spent = next((t for t in self._refresh if refresh_token and same_secret(refresh_token, t)), None)
            if spent is None or self._refresh[spent][0] != application:
                raise RefreshRefused("invalid_grant", "Invalid refresh_token", 400)
            _, scopes = self._refresh.pop(spent)
            access, renewed = secrets.token_hex(16), secrets.token_hex(16)
            grant = self._grant(application, scopes)
            self._access[access] = grant
            self._refresh[renewed] = (application, scopes)
            return access, renewed, grant

    def _grant(self, application: Application, scopes: tuple[str, ...]) -> Grant:
        lifetime = self.lifetime_s
        return Grant(application, tuple(scopes), None if lifetime is None else self._clock() + lifetime)


def _expired(grant: Grant, now: float) -> Grant:
    return Grant(grant.application, grant.scopes, now)


def same_secret(given: str, expected: str) -> bool:
    """Whether a given secret equals the expected one, compared in constant time."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
