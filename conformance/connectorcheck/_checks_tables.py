"""urlTableList and urlTableDescription: the shapes the portal accepts, and the types it knows."""

from __future__ import annotations

from typing import Any

from ._make import finding
from ._recording import NOT_JSON, Call, Recording
from ._registry import ConnectorFinding, connector_check
from ._values import TYPES, php_empty


@connector_check(endpoint="urlTableList")
def table_list_shape(rec: Recording) -> list[ConnectorFinding]:
    """urlTableList answers a JSON array of objects, each with a non-empty code and title."""
    call = rec.table_list
    if call is None or not call.answered:
        return []
    expected = 'HTTP 200 and a JSON array of {"code": ..., "title": ...}, code and title non-empty'
    problem = _array_problem(call, expected_item="object")
    if problem is None:
        for i, item in enumerate(call.json()):
            missing = [k for k in ("code", "title") if php_empty(item.get(k))]
            if missing:
                problem = f"table {i} has an empty {' and '.join(missing)}; the portal rejects the whole list"
                break
    return [] if problem is None else [finding("table-list-shape", call, problem, expected=expected)]


@connector_check(endpoint="urlTableDescription")
def table_description_shape(rec: Recording) -> list[ConnectorFinding]:
    """urlTableDescription answers a non-empty JSON array of objects with non-empty code, name and type."""
    found = []
    expected = "HTTP 200 and a non-empty JSON array of {code, name, type}, each non-empty"
    for call in rec.descriptions.values():
        if not call.answered:
            continue
        problem = _array_problem(call, expected_item="object")
        if problem is None and not call.json():
            problem = "the description is empty; the portal needs at least one column"
        if problem is None:
            for item in call.json():
                missing = [k for k in ("code", "name", "type") if php_empty(item.get(k))]
                if missing:
                    problem = f"column {item.get('code')!r} has an empty {' and '.join(missing)}"
                    break
        if problem is None:
            codes = [str(item["code"]) for item in call.json()]
            twice = sorted({c for c in codes if codes.count(c) > 1})
            if twice:
                problem = f"column codes given twice: {', '.join(twice)}"
        if problem is not None:
            found.append(finding("table-description-shape", call, problem, expected=expected))
    return found


@connector_check(endpoint="urlTableDescription", severities=("warn",))
def column_types(rec: Recording) -> list[ConnectorFinding]:
    """Column types are among int, string, double, date, datetime, money, timezone (any case)."""
    found = []
    for call in rec.descriptions.values():
        described = call.json() if call.status == 200 else None
        if not isinstance(described, list):
            continue
        unknown = [
            f"{item.get('code')}: {item.get('type')!r}"
            for item in described
            if isinstance(item, dict)
            and not php_empty(item.get("type"))
            and str(item.get("type")).lower() not in TYPES
        ]
        if unknown:
            found.append(
                finding(
                    "column-types",
                    call,
                    "unknown types, which the portal silently reads as string",
                    expected=f"a type among {', '.join(TYPES)}",
                    observed="; ".join(unknown),
                    severity="warn",
                )
            )
    return found


def _array_problem(call: Call, *, expected_item: str) -> str | None:
    if call.status != 200:
        return f"HTTP {call.status}; the portal reads anything but 200 as a failure"
    answer: Any = call.json()
    if answer is NOT_JSON:
        return "the body is not JSON"
    if not isinstance(answer, list):
        return f"a JSON {type(answer).__name__.replace('dict', 'object')}, not an array"
    if not all(isinstance(item, dict) for item in answer):
        return f"an array whose items are not all {expected_item}s"
    return None
