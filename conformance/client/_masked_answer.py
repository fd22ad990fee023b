"""An answer as the suite records it: what it holds of the request's secrets masked, and the values
of a source's settings, which a portal sends back in plain text."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from typing import Any
from urllib.parse import quote, quote_plus

from conformance.exchange import Response, json_bytes

from ._redact import MASK, MASK_BYTES, MIN_TEXT_SECRET


def masked_response(
    status: int, content_type: str, content: bytes, elapsed: float, secrets: Iterable[str] = ()
) -> Response:
    """The answer with every secret of the request masked wherever it is echoed (an error page that
    shows the URL, a message that quotes the token; as sent, in JSON, or URL-encoded), and the values
    of a source's settings masked. A secret too short to mask as text (MIN_TEXT_SECRET) is left: it
    would mangle ordinary words of the answer the checks read."""
    for form in _echoed_forms(tuple(s for s in secrets if len(s) >= MIN_TEXT_SECRET)):
        content = content.replace(form, MASK_BYTES)
    response = Response.from_bytes(status, content_type, content, elapsed)
    if response.is_json and _mask_setting_values(response.json):
        # re-encode only when a value was masked; the parsed body, masked in place, is what the checks read
        response = replace(response, body=json_bytes(response.json))
    return response


@lru_cache(maxsize=256)  # a run's requests mostly carry the same few secrets
def _echoed_forms(secrets: tuple[str, ...]) -> tuple[bytes, ...]:
    """How each secret can appear in an answer, longest first so that one holding another goes whole."""
    forms = set()
    for secret in secrets:
        encoded = quote_plus(secret, safe="")
        forms |= {
            secret,
            json.dumps(secret)[1:-1],
            json.dumps(secret, ensure_ascii=False)[1:-1],
            quote(secret, safe=""),
            encoded,
            encoded.replace("~", "%7E"),  # as PHP encodes it
        }
    return tuple(sorted((form.encode("utf-8") for form in forms), key=len, reverse=True))


def _mask_setting_values(body: Any) -> bool:
    """Replace settings[].value strings with *** in place; whether any was replaced."""
    # A loop, not recursion: a hostile answer may nest as deep as the JSON parser lets it.
    masked = False
    pending = [body]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            settings = node.get("settings")
            if isinstance(settings, list):
                for item in settings:
                    if (
                        isinstance(item, dict)
                        and isinstance(item.get("value"), str)
                        and item["value"] != MASK
                    ):
                        item["value"] = MASK
                        masked = True
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return masked
