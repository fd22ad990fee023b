"""Transport faults: the target could not be talked to at all, told apart by kind."""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterable, Iterator
from typing import Literal

import httpx

from conformance.exchange import Request

from ._redact import MASK_BYTES, redact
from ._target import mask_url

TransportKind = Literal["refused", "timeout", "reset", "dns", "tls", "protocol", "size"]
_WHAT = {
    "refused": "a refused connection",
    "timeout": "no answer in time",
    "reset": "a connection closed or reset without an answer",
    "dns": "a host name that does not resolve",
    "tls": "a failed TLS handshake",
    "protocol": "a broken HTTP exchange",
    "size": "an answer too large to read",
}
_HINT = {
    "refused": "is the portal (or mock) running on that host and port?",
    "timeout": "is the host right, or does it need a longer timeout?",
    "dns": "is the host name spelled right?",
    "tls": "does the host serve a valid certificate, or should the URL use http://?",
}
_TLS_HINT = "the port answered with TLS: perhaps the URL should start with https://"


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
    exc: httpx.TransportError,
    request: Request,
    *,
    timeout: float,
    secrets: Iterable[str],
    body_bytes: int | None = None,
    first_bytes: bytes = b"",
    tls_answer: bool = False,
) -> TransportError:
    """The one-line TransportError for an httpx failure, naming the redacted URL only.

    body_bytes is how much of the body had arrived when the failure came after the headers;
    first_bytes what the server sent first, shown when it broke HTTP; tls_answer whether that was TLS.
    """
    kind = _kind(exc)
    secrets = tuple(secrets)
    detail = _detail(exc, secrets)
    first_bytes = _shown_head(first_bytes, secrets)
    hint = _HINT.get(kind)
    if kind == "timeout":
        got = f"no answer within {timeout:g} s"
        if body_bytes is not None:
            got = f"no complete answer within {timeout:g} s (headers and {body_bytes} bytes of the body came)"
            hint = "the server sends its answer too slowly; a longer --timeout may help"
        elif first_bytes:
            got = f"no complete status line and headers within {timeout:g} s (they began {first_bytes!r})"
            hint = "the server sends its answer too slowly; a longer --timeout may help"
    elif body_bytes is not None:
        got = f"an answer cut off after {body_bytes} bytes of its body"
    else:
        got = _WHAT[kind]
    if kind == "protocol" and first_bytes:
        detail = (
            f"{detail[:-1]}; the answer began {first_bytes!r})" if detail else f" (it began {first_bytes!r})"
        )
        hint = _TLS_HINT if tls_answer else hint
    return _error(kind, request, got + detail, hint)


def answer_error(kind: TransportKind, request: Request, got: str, hint: str) -> TransportError:
    """The one-line TransportError for an answer that came but cannot be used (too large, undecodable)."""
    return _error(kind, request, got, hint)


def _error(kind: TransportKind, request: Request, got: str, hint: str | None) -> TransportError:
    where = request.url.partition("?")[0]  # the query string would drown the message
    message = f"Expected an HTTP response from {where}, got {got}{f'; {hint}' if hint else ''}"
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


def _shown_head(head: bytes, secrets: tuple[str, ...]) -> bytes:
    """The first bytes of an answer as a message shows them: each secret masked, also the start of
    one where the head was cut (a server that echoes the request line shows the webhook code)."""
    for secret in sorted(secrets, key=len, reverse=True):
        raw = secret.encode("utf-8")
        head = head.replace(raw, MASK_BYTES)
        cut = next((end for end in range(len(raw) - 1, 0, -1) if head.endswith(raw[:end])), 0)
        if cut:
            head = head[:-cut] + MASK_BYTES
    return head


def _detail(exc: BaseException, secrets: tuple[str, ...]) -> str:
    # httpx may quote the URL it tried, webhook code included.
    text = mask_url(redact(" ".join(str(exc).split()), secrets))
    if not text:
        return ""
    if len(text) > 160:
        text = text[:159] + "…"
    return f" ({text})"
