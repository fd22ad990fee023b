"""Secrets out of every output: the settings' values, as given and as form-encoded, become ***."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, quote_plus

from ._phpquery import http_build_query

MASK = "***"
MIN_SECRET = 4


class Redactor:
    """Replaces each secret, raw or URL-encoded, in strings and in nested JSON-like data."""

    def __init__(self, secrets: Iterable[str]) -> None:
        forms = set()
        for secret in secrets:
            # Shorter values (a port, a flag) would mask every such run of characters in the text; the
            # reproduce lines mask every value whatever its length, as they are built with *** in place.
            if len(secret) >= MIN_SECRET:
                forms |= {
                    secret,
                    quote_plus(secret, safe=""),
                    quote(secret, safe=""),
                    http_build_query({"x": secret})[2:],
                }
        self._forms = sorted(forms, key=len, reverse=True)  # longest first: no half-masked secret

    def text(self, value: str) -> str:
        """value with every secret masked."""
        for form in self._forms:
            value = value.replace(form, MASK)
        return value

    def data(self, value: Any) -> Any:
        """A copy of JSON-like data with every secret in its strings (keys too) masked."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {self.data(k): self.data(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.data(v) for v in value]
        return value
