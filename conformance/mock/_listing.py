"""The list methods: select/filter/order checks as the module runs them, then filter, sort and page."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from . import _php
from ._errors import framework_error, module_error

PAGE_SIZE = 50
_PREFIX_CHARS = "<>=!@%"
_OPERATORS = {
    "": "=",
    "=": "=",
    "!": "!=",
    "!=": "!=",
    ">": ">",
    ">=": ">=",
    "<": "<",
    "<=": "<=",
    "@": "in",
    "!@": "!in",
    "%": "contains",
    "!%": "!contains",
    "=%": "like",
    "%=": "like",
}
# The settings column is a JSON string in the module; filters and sorting on it do nothing useful.
_IGNORED = frozenset({"settings"})


@dataclass(frozen=True)
class ListQuery:
    """A list call's parameters after the module's checks."""

    select: tuple[str, ...]  # as given; ("*",) when absent
    filter: dict[str, Any] | list[Any]
    order: tuple[tuple[str, Any], ...]  # (field, direction as sent)
    page: int


def list_query(params: dict[str, Any], titles: Collection[str]) -> ListQuery:
    """Check select, filter and order against the entity's field titles, first error only.

    The three type checks come first, then the contents of select, filter and order in turn.
    """
    select = params.get("select")
    select = ["*"] if select is None else select
    filter_ = {} if params.get("filter") is None else params["filter"]
    order = {} if params.get("order") is None else params["order"]
    for value, code in ((select, "SELECT"), (filter_, "FILTER"), (order, "ORDER")):
        if not _php.is_array(value):
            raise module_error(f"VALIDATION_{code}_TYPE")
    for name in _php.values(select):
        if not (isinstance(name, str) and (name == "*" or name in titles)):
            raise module_error("VALIDATION_FIELD_NOT_ALLOWED_IN_SELECT", FIELD=_php.to_str(name))
    _check_filter(filter_, titles)
    for name, _ in _php.items(order):
        if name not in titles:
            raise module_error("VALIDATION_FIELD_NOT_ALLOWED_IN_ORDER", FIELD=name)
    page = _php.to_int(params.get("page", 1))
    return ListQuery(tuple(_php.values(select)), filter_, tuple(_php.items(order)), max(page, 1))


def _check_filter(filter_: dict[str, Any] | list[Any], titles: Collection[str]) -> None:
    for key, value in _php.items(filter_):
        if key == "logic":
            if not (isinstance(value, str) and value.upper() in ("AND", "OR")):
                raise module_error("VALIDATION_INVALID_FILTER_LOGIC")
            continue
        if _php.is_numeric(key) and _php.is_array(value):
            _check_filter(value, titles)
            continue
        if _php.is_numeric(key) and _php.is_numeric(value):
            continue
        name = key.lstrip(_PREFIX_CHARS)
        if name not in titles:
            raise module_error("VALIDATION_FIELD_NOT_ALLOWED_IN_FILTER", FIELD=name)


def run(query: ListQuery, items: list[dict[str, Any]], *, unformatted: Collection[str] = ()) -> list[dict]:
    """One page of items: filtered, sorted, cut to 50, reduced to the selected fields.

    Fields in unformatted come out as {} when select names them (the module skips their date
    formatting then); order directions outside ASC/DESC fail as the ORM does, HTTP 400.
    """
    directions = []
    for name, direction in query.order:
        upper = _php.to_str(direction).upper()
        if upper not in ("ASC", "DESC"):
            raise framework_error("ERROR_ARGUMENT", f'Invalid order "{upper}"')
        directions.append((name, upper == "DESC"))
    chosen = [item for item in items if _matches(item, query.filter)]
    for name, descending in reversed(directions):
        if name not in _IGNORED:
            chosen.sort(key=lambda item, name=name: _sort_key(item.get(name)), reverse=descending)
    start = (query.page - 1) * PAGE_SIZE
    return [_selected(item, query.select, unformatted) for item in chosen[start : start + PAGE_SIZE]]


def _selected(item: dict[str, Any], select: tuple[str, ...], unformatted: Collection[str]) -> dict:
    shaped = dict(item) if "*" in select else {name: item[name] for name in select if name in item}
    for name in unformatted:
        if name in select and name in shaped:
            shaped[name] = {}
    return shaped


def _matches(item: dict[str, Any], filter_: dict[str, Any] | list[Any]) -> bool:
    results = []
    logic = "AND"
    for key, value in _php.items(filter_):
        if key == "logic":
            logic = value.upper()
        elif _php.is_numeric(key):
            if _php.is_array(value):
                results.append(_matches(item, value))
        else:
            name = key.lstrip(_PREFIX_CHARS)
            operator = _OPERATORS.get(key[: len(key) - len(name)])
            if name not in _IGNORED and name in item and operator is not None:
                results.append(_condition(operator, item[name], value))
    return any(results) if logic == "OR" and results else all(results)


def _condition(operator: str, actual: Any, expected: Any) -> bool:
    if operator.startswith("!"):
        return not _condition(operator[1:], actual, expected)
    if operator in ("=", "in"):
        options = _php.values(expected) if _php.is_array(expected) else [expected]
        return any(_equal(actual, option) for option in options)
    if operator in ("contains", "like"):
        if actual is None:
            return False
        text, wanted = _php.to_str(actual).casefold(), _php.to_str(expected).casefold()
        return wanted in text if operator == "contains" else _like(wanted).fullmatch(text) is not None
    left, right = _sort_key(actual), _sort_key(_coerced(actual, expected))
    if actual is None or left[0] != right[0]:
        return False
    return {">": left > right, ">=": left >= right, "<": left < right, "<=": left <= right}[operator]


def _equal(actual: Any, expected: Any) -> bool:
    if actual is None or expected is None:
        return actual is expected
    return _sort_key(actual) == _sort_key(_coerced(actual, expected))


def _coerced(actual: Any, expected: Any) -> Any:
    # SQL compares a column with the column's type: "5" equals 5, "Y" and "1" are true.
    if isinstance(actual, bool):
        return expected in (True, 1, "1", "Y", "y", "true")
    if isinstance(actual, int) and isinstance(expected, str) and _php.is_numeric(expected):
        return float(expected.strip())
    if isinstance(actual, str):
        return _php.to_str(expected)
    return expected


def _sort_key(value: Any) -> tuple:
    # NULL sorts first, as in MySQL; text compares case-insensitively, as the portal's collation does.
    if value is None:
        return (0,)
    if isinstance(value, bool | int | float):
        return (1, value)
    if isinstance(value, str):
        return (2, value.casefold())
    return (3, _php.to_str(value))


def _like(pattern: str) -> re.Pattern[str]:
    wildcards = {"%": ".*", "_": "."}
    return re.compile("".join(wildcards.get(c, re.escape(c)) for c in pattern), re.DOTALL)
