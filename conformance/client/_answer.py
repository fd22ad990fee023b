"""Reading an answer's body as a stream, decompressed as it arrives, never past a size cap."""

from __future__ import annotations

import zlib

import httpx

DEFAULT_MAX_ANSWER_BYTES = 8 * 1024 * 1024
# Only what is decoded here is asked for: httpx would otherwise offer br or zstd when installed.
ACCEPT_ENCODING = "gzip, deflate"
_WBITS = {"gzip": zlib.MAX_WBITS | 16, "x-gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}


class AnswerProblem(Exception):
    """A body that cannot be used: bigger than the cap, or not decodable as its Content-Encoding says."""

    def __init__(self, kind: str, got: str, hint: str) -> None:
        super().__init__(got)
        self.kind = kind
        self.got = got
        self.hint = hint


class BodyProgress:
    """How much of a body has arrived, for messages about an answer cut off or too slow."""

    def __init__(self) -> None:
        self.raw_bytes = 0


def read_body(answer: httpx.Response, limit: int, progress: BodyProgress) -> bytes:
    """The decoded body of a streamed answer; AnswerProblem past limit bytes, on the wire or decoded."""
    declared = answer.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(limit, f"Content-Length {int(declared)}")
    stages = [_Inflater(coding, limit) for coding in reversed(_codings(answer))]
    body = bytearray()
    for chunk in answer.iter_raw():
        progress.raw_bytes += len(chunk)
        if progress.raw_bytes > limit:
            raise _too_large(limit, f"more than {limit} bytes on the wire")
        for stage in stages:
            chunk = stage.feed(chunk)
        body += chunk
        if len(body) > limit:
            raise _too_large(limit, f"more than {limit} bytes once decompressed")
    for index, stage in enumerate(stages):
        tail = stage.finish()
        for later in stages[index + 1 :]:
            tail = later.feed(tail)
        body += tail
    if len(body) > limit:
        raise _too_large(limit, f"more than {limit} bytes once decompressed")
    return bytes(body)


def _codings(answer: httpx.Response) -> list[str]:
    header = answer.headers.get("content-encoding", "")
    codings = [part.strip().lower() for part in header.split(",") if part.strip()]
    codings = [coding for coding in codings if coding != "identity"]
    unknown = [coding for coding in codings if coding not in _WBITS]
    if unknown:
        raise AnswerProblem(
            "protocol",
            f"a body in Content-Encoding {header.strip()!r}, which was not asked for",
            f"the client asks for {ACCEPT_ENCODING} or none",
        )
    return codings


def _too_large(limit: int, got: str) -> AnswerProblem:
    return AnswerProblem(
        "size",
        f"an answer larger than {limit} bytes ({got})",
        "raise --max-answer-bytes if the portal's answers really are this large",
    )


class _Inflater:
    """One content coding undone incrementally: each call yields at most what is left under the cap."""

    def __init__(self, coding: str, limit: int) -> None:
        self.coding = coding
        self.limit = limit
        self.produced = 0
        self._started = False
        self._inflate = zlib.decompressobj(_WBITS[coding])

    def feed(self, data: bytes) -> bytes:
        if not data:
            return b""
        out = self._decompress(data, self.limit - self.produced + 1)
        self._started = True
        self.produced += len(out)
        if self.produced > self.limit:
            # the output reached the cap with input left over: a bomb, not an answer
            raise _too_large(self.limit, f"more than {self.limit} bytes once {self.coding} is undone")
        return out

    def finish(self) -> bytes:
        try:
            out = self._inflate.flush()
        except zlib.error as exc:
            raise self._undecodable(exc) from None
        self.produced += len(out)
        return out

    def _decompress(self, data: bytes, room: int) -> bytes:
        try:
            return self._inflate.decompress(data, room)
        except zlib.error as exc:
            if self.coding == "deflate" and not self._started:
                # "deflate" is zlib-wrapped by the standard and raw from some servers: the first bytes tell
                self._started = True
                self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)
                return self._decompress(data, room)
            raise self._undecodable(exc) from None

    def _undecodable(self, exc: zlib.error) -> AnswerProblem:
        return AnswerProblem(
            "protocol",
            f"a body that does not decompress as {self.coding} ({exc})",
            "the server's Content-Encoding header does not match its body",
        )
