"""The adapter protocol: what a client under test is given and what it must offer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True)
class PortalAccess:
    """What an adapter is constructed with: where the portal is and the credentials of one application.

    rest_url ends in /rest/ (a call goes to rest_url + method); the access token goes in the auth
    parameter or an Authorization: Bearer header; oauth_url is the token endpoint that renews it
    (grant_type=refresh_token with client_id, client_secret, refresh_token). timeout_s is the longest
    a client should wait for one answer: the slow-answer scenario holds an answer longer than that.
    """

    rest_url: str
    access_token: str
    refresh_token: str
    client_id: str
    client_secret: str
    oauth_url: str
    timeout_s: float

    def secrets(self) -> tuple[str, ...]:
        """The values no report may show."""
        return (self.access_token, self.refresh_token, self.client_secret)

    def __repr__(self) -> str:
        return f"PortalAccess(rest_url={self.rest_url!r}, timeout_s={self.timeout_s})"


@runtime_checkable
class Adapter(Protocol):
    """A client under test, constructed as Adapter(access: PortalAccess).

    call returns the method's result and raises on any error; list_all returns every item of a list
    method over all its pages; batch runs {key: (method, params)} as one batch call and returns
    {key: result, or the exception the client would raise for that command}. An error raised (or
    returned by batch) carries the portal's code and text: as attributes code and description, or
    in its message (b24pysdk's error and error_description are read too). close(), when present,
    is called after each scenario.
    """

    def call(self, method: str, params: dict[str, Any]) -> Any: ...
    def list_all(self, method: str, params: dict[str, Any]) -> list[Any]: ...
    def batch(self, commands: dict[str, tuple[str, dict[str, Any]]]) -> dict[str, Any]: ...


# Where an exception may keep the portal's code and text (the second names are b24pysdk's).
CODE_ATTRIBUTES = ("code", "error")
TEXT_ATTRIBUTES = ("description", "error_description")


def _attribute(error: BaseException, names: tuple[str, ...]) -> str | None:
    for name in names:
        try:
            value = getattr(error, name, None)
        except Exception:  # a property that fails to parse the answer it wraps
            continue
        if isinstance(value, str | int) and not isinstance(value, bool):
            return str(value)
    return None


def error_code(error: BaseException) -> str | None:
    """The error code a client's exception carries (attribute code or error), else None."""
    return _attribute(error, CODE_ATTRIBUTES)


def error_text(error: BaseException) -> str:
    """What a client's exception says: its type, its code and description (unless its message has them)."""
    message = str(error)
    told = [_attribute(error, CODE_ATTRIBUTES), _attribute(error, TEXT_ATTRIBUTES)]
    missing = [part for part in told if part is not None and part not in message]
    return ": ".join(part for part in (type(error).__name__, *missing, message) if part)
