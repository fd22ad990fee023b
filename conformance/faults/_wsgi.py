"""The WSGI plumbing of a fault: a rewritable request, a captured answer, and the middleware itself."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from typing import Any

from ._params import MISSING, JsonParams, PairParams

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
NO_JSON: Any = object()
_METHOD = re.compile(r"(?P<head>.*/)(?P<name>[^/]+?)(?P<tail>\.json)?/?$")


class FaultRequest:
    """One WSGI request as a fault sees it: the REST method, its parameters, its credentials."""

    def __init__(self, environ: dict[str, Any]) -> None:
        self.environ = dict(environ)
        length = environ.get("CONTENT_LENGTH") or "0"
        stream = environ.get("wsgi.input")
        self.body: bytes = stream.read(int(length)) if stream is not None and length.isdigit() else b""
        media = environ.get("CONTENT_TYPE", "").split(";", 1)[0].strip().lower()
        self.encoding = {"application/json": "json", "application/x-www-form-urlencoded": "form"}.get(media)
        self._query = PairParams(environ.get("QUERY_STRING", ""))
        self._body: JsonParams | PairParams | None = None
        if self.encoding == "json":
            self._body = JsonParams(self.body)
        elif self.encoding == "form":
            self._body = PairParams(self.body.decode("latin-1"))

    @property
    def method(self) -> str:
        """The REST method name, lower case, without .json ("" when the path names none)."""
        found = _METHOD.fullmatch(self.environ.get("PATH_INFO", ""))
        return found.group("name").lower() if found else ""

    @property
    def is_rest(self) -> bool:
        """Whether the request is a REST call (its path is under /rest/), not a page of the site."""
        return self.environ.get("PATH_INFO", "").startswith("/rest/")

    @property
    def action(self) -> str:
        """The last part of the method name: add, get, list, delete, update ..."""
        return self.method.rpartition(".")[2]

    def get(self, name: str) -> Any:
        """A top-level parameter as the portal reads it (the body wins over the query), or MISSING."""
        value = self._body.get(name) if self._body is not None else MISSING
        return self._query.get(name) if value is MISSING else value

    def has(self, name: str) -> bool:
        """Whether the parameter is there at all."""
        return self.get(name) is not MISSING

    def set(self, name: str, value: Any) -> None:
        """Give a parameter a new value, in the body when the body carries parameters."""
        self._query.remove(name)
        (self._body if self._body is not None else self._query).set(name, value)

    def remove(self, name: str) -> None:
        """Drop a parameter from the query and the body."""
        self._query.remove(name)
        if self._body is not None:
            self._body.remove(name)

    def drop_body(self) -> None:
        """Send the request on with an empty body."""
        self._body = None
        self.body = b""

    def renamed(self, method: str) -> FaultRequest:
        """A copy of this request calling another method with the same parameters and credentials."""
        copy = FaultRequest(self.wsgi_environ())
        found = _METHOD.fullmatch(copy.environ.get("PATH_INFO", ""))
        if found is not None:
            copy.environ["PATH_INFO"] = f"{found.group('head')}{method}{found.group('tail') or ''}"
        return copy

    def token(self) -> str | None:
        """The OAuth token the request carries: auth or access_token, else the Bearer header."""
        for name in ("auth", "access_token"):
            value = self.get(name)
            if isinstance(value, str) and value:
                return value
        scheme, _, token = self.environ.get("HTTP_AUTHORIZATION", "").partition(" ")
        return token.strip() or None if scheme.lower() == "bearer" else None

    def with_token(self, token: str) -> FaultRequest:
        """A copy of this request authenticated with another OAuth token."""
        copy = FaultRequest(self.wsgi_environ())
        for name in ("auth", "access_token"):
            if copy.has(name):
                copy.set(name, token)
        if copy.environ.get("HTTP_AUTHORIZATION"):
            copy.environ["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        return copy

    def wsgi_environ(self) -> dict[str, Any]:
        """A fresh environ carrying the (possibly rewritten) query and body."""
        environ = dict(self.environ)
        body = self.body
        if self._body is not None and self._body.changed:
            encoded = self._body.encode()
            body = encoded if isinstance(encoded, bytes) else encoded.encode("latin-1")
        environ["QUERY_STRING"] = (
            self._query.encode() if self._query.changed else environ.get("QUERY_STRING", "")
        )
        environ["CONTENT_LENGTH"] = str(len(body))
        environ["wsgi.input"] = io.BytesIO(body)
        return environ


@dataclass(frozen=True)
class Answer:
    """What the wrapped app answered: status, headers and the whole body."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    json: Any = field(default=NO_JSON, compare=False)

    @classmethod
    def of(cls, status: int, headers: Iterable[tuple[str, str]], body: bytes) -> Answer:
        """An answer, with its body decoded when it is JSON."""
        try:
            decoded = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            decoded = NO_JSON
        return cls(status, tuple(headers), body, decoded)

    def with_json(self, value: Any, *, status: int | None = None) -> Answer:
        """The same answer with another JSON body (and status)."""
        return self.with_body(_dumps(value), status=status)

    def with_body(self, body: bytes, *, status: int | None = None, content_type: str | None = None) -> Answer:
        """The same answer with another body, status or content type; Content-Length follows the body."""
        headers = [(k, v) for k, v in self.headers if k.lower() != "content-length"]
        if content_type is not None:
            headers = [(k, v) for k, v in headers if k.lower() != "content-type"]
            headers.append(("Content-Type", content_type))
        answer = Answer.of(self.status if status is None else status, headers, body)
        return answer

    def with_status(self, status: int) -> Answer:
        """The same answer with another HTTP status."""
        return replace(self, status=status)


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


Forward = Callable[[FaultRequest], Answer]
Behaviour = Callable[[FaultRequest, Forward], Answer]


class Faulted:
    """WSGI middleware: every request goes through behaviour, which may forward it to app."""

    def __init__(self, app: WSGIApp, behaviour: Behaviour, name: str) -> None:
        self.app = app
        self.behaviour = behaviour
        self.name = name

    def __repr__(self) -> str:
        return f"Faulted({self.name!r}, {self.app!r})"

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        """The WSGI entry point."""
        answer = self.behaviour(FaultRequest(environ), self.forward)
        headers = [(k, v) for k, v in answer.headers if k.lower() != "content-length"]
        headers.append(("Content-Length", str(len(answer.body))))
        start_response(f"{answer.status} {_phrase(answer.status)}", headers)
        return [answer.body]

    def forward(self, request: FaultRequest) -> Answer:
        """Run the wrapped app on request and capture its whole answer."""
        captured: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured["status"], captured["headers"] = int(status.split(" ", 1)[0]), headers
            return lambda chunk: None

        chunks = self.app(request.wsgi_environ(), start_response)
        try:
            body = b"".join(chunks)
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
        return Answer.of(captured["status"], captured["headers"], body)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"
