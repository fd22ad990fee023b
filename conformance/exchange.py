"""One request sent to a target and what came back, as the checks and reports see it."""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field
from typing import Any, Literal

Encoding = Literal["json", "form", "query"]
NO_JSON = object()  # sentinel: the body was not JSON (see Response.json_error)
# PHP's json_encode refuses to nest deeper than 512 by default, so a portal never sends more; deeper
# bodies are refused here before anything walks them recursively.
MAX_JSON_DEPTH = 512


@dataclass(frozen=True)
class Request:
    """A request as sent, already redacted: no secret is left in url, body or headers."""

    method: str  # REST method name, e.g. biconnector.connector.get
    http_method: str  # GET or POST
    url: str
    encoding: Encoding
    params: Any  # the parameters as the suite meant them, before encoding (redacted)
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    def curl(self) -> str:
        """A curl command line that sends this request again (secrets stay masked)."""
        parts = ["curl", "-sS", "-X", self.http_method]
        for name, value in self.headers.items():
            parts += ["-H", f"{name}: {value}"]
        if self.body:
            parts += ["--data-binary", self.body.decode("utf-8", "replace")]
        parts.append(self.url)
        return shlex.join(parts)


@dataclass(frozen=True)
class Response:
    """What the target answered: status, content type and the body, parsed when it is JSON."""

    status: int
    content_type: str
    body: bytes
    json: Any = NO_JSON
    json_error: str | None = None
    elapsed_s: float = 0.0

    @classmethod
    def from_bytes(cls, status: int, content_type: str, body: bytes, elapsed_s: float = 0.0) -> Response:
        """Build a Response, parsing the body as JSON and keeping the parse error if it is not."""
        too_deep = f"JSON nested deeper than {MAX_JSON_DEPTH} levels"
        try:
            parsed = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            return cls(status, content_type, body, NO_JSON, f"{type(exc).__name__}: {exc}", elapsed_s)
        except RecursionError:
            return cls(status, content_type, body, NO_JSON, too_deep, elapsed_s)
        # Counting brackets (in strings too) is a cheap bound: only a body with that many can be too deep.
        if body.count(b"[") + body.count(b"{") > MAX_JSON_DEPTH and json_depth(parsed) > MAX_JSON_DEPTH:
            return cls(status, content_type, body, NO_JSON, too_deep, elapsed_s)
        return cls(status, content_type, body, parsed, None, elapsed_s)

    @property
    def is_json(self) -> bool:
        """Whether the body parsed as JSON."""
        return self.json is not NO_JSON

    def snippet(self, limit: int = 120) -> str:
        """The start of the body as text, for messages."""
        text = self.body.decode("utf-8", "replace").strip()
        return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Exchange:
    """A request and its response."""

    request: Request
    response: Response
    attempts: int = 1  # how many times the request was sent; above 1 when a client retried it

    @property
    def reproduce(self) -> str:
        """The redacted curl line that sends the request again."""
        return self.request.curl()


def made_id(exchange: Exchange) -> int | None:
    """The id an add answered with (result.id), or None."""
    body = exchange.response.json if exchange.response.is_json else None
    result = body.get("result") if isinstance(body, dict) else None
    found = result.get("id") if isinstance(result, dict) else None
    return found if isinstance(found, int) and not isinstance(found, bool) else None


def json_depth(value: Any) -> int:
    """How deeply arrays and objects nest in a parsed JSON value (a scalar is 0), found without recursion."""
    deepest = 0
    pending = [(value, 1)]
    while pending:
        node, depth = pending.pop()
        if isinstance(node, dict):
            node = node.values()
        elif not isinstance(node, list):
            continue
        deepest = max(deepest, depth)
        pending.extend((child, depth + 1) for child in node if isinstance(child, dict | list))
    return deepest


def json_bytes(value: Any) -> bytes:
    """value as JSON bytes: plain UTF-8 keeps curl lines and reports readable; \\u escapes take over
    only for text UTF-8 cannot carry (lone surrogates). Big ints and floats are written exactly (repr)."""
    try:
        return json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value).encode("ascii")
