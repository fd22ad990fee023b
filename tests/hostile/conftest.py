"""The hostile-target zoo: loopback servers that misbehave at the transport level, one behaviour each.

bench/hostile.py loads this file by its path to time the same cases, so it needs nothing from pytest
but the fixtures at the end.
"""

from __future__ import annotations

import functools
import json
import socket
import struct
import threading
import zlib
from collections.abc import Callable, Iterator

import pytest

# Long enough that no client waits it out by accident, short enough that an old client which does
# still ends (with a wrong outcome) instead of hanging the test run.
DRIBBLE_FOR_S = 8.0
DRIBBLE_EVERY_S = 0.1
_ENVELOPE_TIME = {"start": 1.0, "finish": 1.1, "duration": 0.1}

Behaviour = Callable[[socket.socket, "HostileServer"], None]


class HostileServer:
    """A loopback server that gives every connection one hostile behaviour; stop() ends it and its threads."""

    def __init__(self, behaviour: Behaviour, *, redirect_to: int | None = None) -> None:
        self.behaviour = behaviour
        self.redirect_to = redirect_to
        self.requests: list[bytes] = []  # each request as it arrived: head and body
        self.stopped = threading.Event()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(0.05)
        self._threads: list[threading.Thread] = []
        self._accepting = threading.Thread(target=self._accept, daemon=True)
        self._accepting.start()

    @property
    def port(self) -> int:
        """The loopback port it listens on."""
        return self._listener.getsockname()[1]

    def stop(self) -> None:
        """Stop accepting, wake every behaviour that waits, close the listener."""
        self.stopped.set()
        self._accepting.join(timeout=5)
        for thread in self._threads:
            thread.join(timeout=5)
        self._listener.close()

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            try:
                self.requests.append(_read_request(conn))
                self.behaviour(conn, self)
            except OSError:
                return  # the client gave up first: exactly what a hostile server hopes for


def _read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not data and chunk[:1] and not chunk[:1].isalpha():
            return chunk  # not HTTP (a TLS ClientHello): the behaviour answers it as it is
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def _head(status: str, content_type: str, *extra: str, length: int | None = None) -> bytes:
    lines = [f"HTTP/1.1 {status}", f"Content-Type: {content_type}", "Connection: close", *extra]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _answer(conn: socket.socket, status: str, content_type: str, body: bytes, *extra: str) -> None:
    conn.sendall(_head(status, content_type, *extra, length=len(body)) + body)


def _dribble(conn: socket.socket, server: HostileServer, data: bytes) -> None:
    for index in range(min(len(data), int(DRIBBLE_FOR_S / DRIBBLE_EVERY_S))):
        if server.stopped.wait(DRIBBLE_EVERY_S):
            return
        conn.sendall(data[index : index + 1])


def _envelope(result: bytes) -> bytes:
    return b'{"result": ' + result + b', "time": ' + json.dumps(_ENVELOPE_TIME).encode() + b"}"


def silent(conn: socket.socket, server: HostileServer) -> None:
    """Reads the request and never answers."""
    server.stopped.wait(DRIBBLE_FOR_S)


def dribbled_head(conn: socket.socket, server: HostileServer) -> None:
    """Sends the status line and headers one byte at a time."""
    _dribble(conn, server, _head("200 OK", "application/json", length=2) + b"{}")


def dribbled_body(conn: socket.socket, server: HostileServer) -> None:
    """Sends the headers at once, then the body one byte at a time."""
    body = _envelope(b'"' + b"x" * int(DRIBBLE_FOR_S / DRIBBLE_EVERY_S) + b'"')
    conn.sendall(_head("200 OK", "application/json", length=len(body)))
    _dribble(conn, server, body)


HUGE_BYTES = 100 * 1024 * 1024


def huge_declared(conn: socket.socket, server: HostileServer) -> None:
    """Announces a 100 MiB body in Content-Length and starts sending it."""
    conn.sendall(_head("200 OK", "application/json", length=HUGE_BYTES))
    _stream_filler(conn, server, HUGE_BYTES)


def huge_chunked(conn: socket.socket, server: HostileServer) -> None:
    """Sends a 100 MiB body in chunks, with no Content-Length to refuse it by."""
    conn.sendall(_head("200 OK", "application/json", "Transfer-Encoding: chunked"))
    block = b" " * 65536
    chunk = f"{len(block):x}\r\n".encode() + block + b"\r\n"
    for _ in range(HUGE_BYTES // len(block)):
        if server.stopped.is_set():
            return
        conn.sendall(chunk)
    conn.sendall(b"0\r\n\r\n")


def _stream_filler(conn: socket.socket, server: HostileServer, size: int) -> None:
    block = b" " * 65536
    for _ in range(size // len(block)):
        if server.stopped.is_set():
            return
        conn.sendall(block)


@functools.cache
def gzip_bomb() -> bytes:
    """About 1 MB of gzip that inflates to 1 GiB of zeros, built from one repeated deflate block."""
    block = bytes(1 << 20)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    first = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    # After a full flush the compressor starts afresh, so every further megabyte compresses alike.
    repeated = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(1024):
        crc = zlib.crc32(block, crc)
    trailer = struct.pack("<II", crc, (1 << 30) & 0xFFFFFFFF)
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + first + repeated * 1022 + deflate.flush() + trailer


def gzipped_bomb(conn: socket.socket, server: HostileServer) -> None:
    """Answers 200 with a gzip body that inflates to 1 GiB."""
    _answer(conn, "200 OK", "application/json", gzip_bomb(), "Content-Encoding: gzip")


DEEP_LEVELS = 980


def deep_json(conn: socket.socket, server: HostileServer) -> None:
    """Answers 200 with {"result": [[[...]]]} nested 980 levels deep."""
    _answer(conn, "200 OK", "application/json", _envelope(b"[" * DEEP_LEVELS + b"]" * DEEP_LEVELS))


def invalid_utf8(conn: socket.socket, server: HostileServer) -> None:
    """Answers 200 with a JSON envelope whose string holds bytes that are not UTF-8."""
    _answer(conn, "200 OK", "application/json; charset=utf-8", _envelope(b'"\xff\xfe\xc3("'))


def redirect(conn: socket.socket, server: HostileServer) -> None:
    """Answers 302 with a Location on another port (the server's redirect_to)."""
    path = _read_path(server.requests[-1])
    location = f"Location: http://127.0.0.1:{server.redirect_to}{path}"
    _answer(conn, "302 Found", "text/html", b"<a>moved</a>", location)


def _read_path(request: bytes) -> str:
    return request.split(b" ", 2)[1].decode("ascii", "replace")


# A fatal TLS alert record: what a TLS-only port sends back to bytes that are not a ClientHello.
TLS_ALERT = b"\x15\x03\x01\x00\x02\x02\x46"


def tls_alert(conn: socket.socket, server: HostileServer) -> None:
    """Answers a plain HTTP request with a TLS alert record, as a TLS-only port does."""
    conn.sendall(TLS_ALERT)


def plain_http(conn: socket.socket, server: HostileServer) -> None:
    """Answers whatever arrives (a TLS ClientHello included) with a plain HTTP 400."""
    _answer(conn, "400 Bad Request", "text/plain", b"plain HTTP spoken here")


CUT_AFTER = 1000


def reset_mid_body(conn: socket.socket, server: HostileServer) -> None:
    """Announces 100 kB, sends 1000 bytes of it, then resets the connection."""
    conn.sendall(_head("200 OK", "application/json", length=100_000) + b"[" + b"0," * (CUT_AFTER // 2))
    # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


BAD_GATEWAY_PAGE = (
    b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"
)


def html_502(conn: socket.socket, server: HostileServer) -> None:
    """Answers 502 with the HTML page a reverse proxy shows when the portal behind it is down."""
    _answer(conn, "502 Bad Gateway", "text/html", BAD_GATEWAY_PAGE)


def recorder(conn: socket.socket, server: HostileServer) -> None:
    """Answers 200 with an empty success envelope and keeps what it was sent (see requests)."""
    _answer(conn, "200 OK", "application/json", _envelope(b"[]"))


CASES: dict[str, Behaviour] = {
    "silent": silent,
    "dribbled-head": dribbled_head,
    "dribbled-body": dribbled_body,
    "huge-declared": huge_declared,
    "huge-chunked": huge_chunked,
    "gzip-bomb": gzipped_bomb,
    "deep-json": deep_json,
    "invalid-utf8": invalid_utf8,
    "redirect": redirect,
    "tls-alert": tls_alert,
    "https-to-plain": plain_http,
    "reset-mid-body": reset_mid_body,
    "html-502": html_502,
}
# Not hostile: the other end of a redirect, which must never hear from the client.
HELPERS: dict[str, Behaviour] = {"recorder": recorder}


@pytest.fixture
def hostile() -> Iterator[Callable[..., HostileServer]]:
    """Start hostile servers: hostile(name or behaviour, redirect_to=PORT); all are stopped afterwards."""
    started: list[HostileServer] = []

    def start(case: str | Behaviour, *, redirect_to: int | None = None) -> HostileServer:
        behaviour = {**CASES, **HELPERS}[case] if isinstance(case, str) else case
        if behaviour is gzipped_bomb:
            gzip_bomb()  # built before the client's clock starts, not inside its deadline
        server = HostileServer(behaviour, redirect_to=redirect_to)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
