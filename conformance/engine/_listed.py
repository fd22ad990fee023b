"""What a list call answered: its objects and their ids, read leniently (a wrong answer is a check's job)."""

from __future__ import annotations

from typing import Any

from ..exchange import Exchange


def listed_items(exchange: Exchange) -> list[dict[str, Any]] | None:
    """The objects a list call answered (None for an error or a result that is no list)."""
    body = exchange.response.json if exchange.response.is_json else None
    result = body.get("result") if isinstance(body, dict) and "error" not in body else None
    if not isinstance(result, list):
        return None
    return [item for item in result if isinstance(item, dict)]


def listed_ids(items: list[dict[str, Any]]) -> list[int]:
    """The integer ids of listed objects, in order."""
    return [item["id"] for item in items if isinstance(item.get("id"), int)]
