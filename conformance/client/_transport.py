"""Transport faults: the target could not be talked to at all, told apart by kind."""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterable, Iterator
from typing import Literal

import httpx

from conformance.exchange import Request

from ._redact import redact
from ._target import mask_url

TransportKind = Literal["refused", "timeout", "reset", "dns", "tls", "protocol"]
_WHAT = {
    "refused": "a refused connection",
    "timeout": "no answer in time",
    "reset": "a connection closed or reset without an answer",
    "dns": "a host name that does not resolve",
    "tls": "a failed TLS handshake",
    "protocol": "a broken HTTP exchange",
}
_HINT = {
    "refused": "is the portal (or mock) running on that host and port?",
    "timeout": "is the host right, or does it need a longer timeout?",
    "dns": "is the host name spelled right?",
    "tls": "does the host serve a valid certificate, or should the URL use http://?",
}


class TransportError(Exception):
    """The target could not be talked to: refused, timed out, reset, unknown host, TLS or HTTP breakage."""

    def __init__(self, kind: TransportKind, request: Request, message: str) -> None:
        super().__init__(message)
        self.kind: TransportKind = kind
        self.request = request
        self.message = message
        self.attempts = 1  # how many times the request was sent before the client gave up

    def __str__(self) -> str:
        return self.message


def transport_error(
    exc: httpx.TransportError, request: Request, *, timeout: float, secrets: Iterable[str]
) -> TransportError:
    """The one-line TransportError for an httpx failure, naming the redacted URL only."""
    kind = _kind(exc)
    got = _WHAT[kind] if kind != "timeout" else f"no answer within {timeout:g} s"
    detail = _detail(exc, tuple(secrets))
    hint = f"; {_HINT[kind]}" if kind in _HINT else ""
    where = request.url.partition("?")[0]  # the query string would drown the message
    message = f"Expected an HTTP response from {where}, got {got}{detail}{hint}"
    return TransportError(kind, request, message)


def _kind(exc: httpx.TransportError) -> TransportKind:
    if isinstance(exc, httpx.TimeoutException):
        return "timeout"
    causes = list(_causes(exc))
    if any(isinstance(c, ConnectionRefusedError) for c in causes):
        return "refused"
    if any(isinstance(c, socket.gaierror) for c in causes):
        return "dns"
    if any(isinstance(c, ssl.SSLError | ssl.CertificateError) for c in causes):
        return "tls"
    if isinstance(exc, httpx.ConnectError):
        return "refused"  # e.g. network unreachable: the detail in the message tells them apart
    # A server that closes the socket before answering shows up as a read/write error or as
    # "Server disconnected without sending a response"; both are a reset to the user.
    if isinstance(exc, httpx.RemoteProtocolError) and "without sending" in str(exc):
        return "reset"
    if isinstance(exc, httpx.ProtocolError | httpx.UnsupportedProtocol | httpx.ProxyError):
        return "protocol"
    return "reset"


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _detail(exc: BaseException, secrets: tuple[str, ...]) -> str:
    # httpx may quote the URL it tried, webhook code included.
    text = mask_url(redact(" ".join(str(exc).split()), secrets))
    if not text:
        return ""
    if len(text) > 160:
        text = text[:159] + "…"
    return f" ({text})"
