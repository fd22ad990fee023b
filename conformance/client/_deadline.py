"""One deadline for a whole answer: connect, status line, headers and body, however slowly they trickle."""

from __future__ import annotations

import ssl
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import httpcore
import httpx

# httpx bounds each socket operation only, so a server sending a byte a second never times out. The
# deadline lives in a context variable because httpcore reads the headers in a loop of its own: every
# read and write on a connection of ours waits no longer than what is left of the current call's time.
_DEADLINE: ContextVar[float | None] = ContextVar("answer_deadline", default=None)
_ARRIVED: ContextVar[Arrived | None] = ContextVar("answer_arrived", default=None)
_HEAD_BYTES = 16


class Arrived:
    """The first bytes the server sent in answer: what a message shows when they are not HTTP."""

    def __init__(self) -> None:
        self.head = b""

    def looks_like_tls(self) -> bool:
        """Whether the answer began with a TLS record (an alert or a handshake), not with HTTP."""
        return self.head[:2] in (b"\x15\x03", b"\x16\x03")


@contextmanager
def answer_deadline(seconds: float) -> Iterator[Arrived]:
    """Within this block, socket operations of a deadline transport give up `seconds` from now."""
    arrived = Arrived()
    tokens = _DEADLINE.set(time.monotonic() + seconds), _ARRIVED.set(arrived)
    try:
        yield arrived
    finally:
        _DEADLINE.reset(tokens[0])
        _ARRIVED.reset(tokens[1])


def _left(timeout: float | None, late: type[Exception]) -> float | None:
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise late("the deadline for the whole answer passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data = self._stream.read(max_bytes, _left(timeout, httpcore.ReadTimeout))
        arrived = _ARRIVED.get()
        if arrived is not None and len(arrived.head) < _HEAD_BYTES:
            arrived.head += data[: _HEAD_BYTES - len(arrived.head)]
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        timeout = _left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.SyncBackend):
    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        timeout = _left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(super().connect_tcp(host, port, timeout, local_address, socket_options))


class DeadlineTransport(httpx.HTTPTransport):
    """httpx's own transport whose connections honour answer_deadline()."""

    def __init__(self) -> None:
        super().__init__()
        # httpx takes no network backend, so the pool is built again with one, on httpx's defaults;
        # tests/hostile's dribbling servers fail if a new httpx stops reading this attribute.
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=20)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_DeadlineBackend(),
        )
