"""Read and rewrite top-level REST parameters in a JSON body, a form body or a query string."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, unquote_plus

MISSING: Any = object()  # sentinel: no such parameter


class JsonParams:
    """The parameters of a JSON body: a decoded object, re-encoded only when something changed."""

    def __init__(self, body: bytes) -> None:
        try:
            decoded = json.loads(body.decode("utf-8")) if body.strip() else {}
        except (UnicodeDecodeError, ValueError, RecursionError):
            decoded = None
        # A body that is no JSON object is left exactly as it came: the portal decides what it means.
        self._values: dict[str, Any] | None = decoded if isinstance(decoded, dict) else None
        self._original = body
        self.changed = False

    def get(self, name: str) -> Any:
        """The decoded value of name, or MISSING."""
        return MISSING if self._values is None else self._values.get(name, MISSING)

    def set(self, name: str, value: Any) -> None:
        """Give name a new value (any JSON value)."""
        if self._values is None:
            self._values = {}
        self._values[name] = value
        self.changed = True

    def remove(self, name: str) -> None:
        """Drop name if present."""
        if self._values is not None and name in self._values:
            del self._values[name]
            self.changed = True

    def encode(self) -> bytes:
        """The body to send on."""
        if not self.changed or self._values is None:
            return self._original
        return json.dumps(self._values, ensure_ascii=False).encode("utf-8")


class PairParams:
    """Form or query parameters as raw key=value pairs; untouched pairs keep their exact bytes."""

    def __init__(self, text: str) -> None:
        self._pairs: list[tuple[str, str]] = []  # (decoded key, raw pair)
        for raw in text.split("&"):
            if raw:
                self._pairs.append((unquote_plus(raw.partition("=")[0]), raw))
        self.changed = False

    def get(self, name: str) -> Any:
        """The last plain value of name as a string, a list of bracketed values, or MISSING."""
        plain = [raw for key, raw in self._pairs if key == name]
        if plain:
            return unquote_plus(plain[-1].partition("=")[2])
        nested = [unquote_plus(raw.partition("=")[2]) for key, raw in self._pairs if _base(key) == name]
        return nested if nested else MISSING

    def set(self, name: str, value: Any) -> None:
        """Replace every pair of name with the PHP form encoding of value."""
        self.remove(name)
        self._pairs.extend(
            (key, f"{quote(key, safe='[]')}={quote(text, safe='')}") for key, text in _flat(name, value)
        )
        self.changed = True

    def remove(self, name: str) -> None:
        """Drop every pair of name, plain or bracketed."""
        kept = [(key, raw) for key, raw in self._pairs if _base(key) != name]
        self.changed = self.changed or len(kept) != len(self._pairs)
        self._pairs = kept

    def encode(self) -> str:
        """The pairs joined again."""
        return "&".join(raw for _, raw in self._pairs)


def _base(key: str) -> str:
    return key.partition("[")[0]


def _flat(name: str, value: Any) -> list[tuple[str, str]]:
    # http_build_query: nested keys in brackets, null left out, booleans as 1 and 0.
    if value is None:
        return []
    if isinstance(value, dict):
        return [pair for key, item in value.items() for pair in _flat(f"{name}[{key}]", item)]
    if isinstance(value, list | tuple):
        return [pair for index, item in enumerate(value) for pair in _flat(f"{name}[{index}]", item)]
    if isinstance(value, bool):
        return [(name, "1" if value else "0")]
    return [(name, str(value))]
