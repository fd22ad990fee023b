"""Filters in the portal's ORM dialect: drawn from a table's own rows, and evaluated the suite's way."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from ._values import (
    LOCALE_DATE,
    LOCALE_DATETIME,
    column_type,
    parse_date,
    parse_datetime,
    parse_number,
)

# Longest first, so that ">=" is not read as ">" followed by "=...".
PREFIXES = ("!><", "!%", "!=", ">=", "<=", "><", "!@", ">", "<", "=", "%", "@", "!")
_NEGATED = {"!=": "=", "!": "=", "!@": "@", "!%": "%", "!><": "><"}
_NUMERIC = ("int", "double", "money")

Row = dict[str, Any]


def matches(filter_: dict[str, Any], row: Row, types: dict[str, str]) -> bool:
    """Whether row (code -> cell) passes filter; NULL passes no condition, a negated one included."""
    logic = str(filter_.get("LOGIC", "AND")).upper()
    results = (
        matches(value, row, types) if key.isdigit() else _condition(key, value, row, types)
        for key, value in filter_.items()
        if key != "LOGIC"
    )
    return any(results) if logic == "OR" else all(results)


def _condition(key: str, value: Any, row: Row, types: dict[str, str]) -> bool:
    prefix = next((p for p in PREFIXES if key.startswith(p)), "")
    field = key[len(prefix) :]
    kind = types[field]
    cell = _read(kind, row.get(field))
    if cell is None:
        return False
    operator = _NEGATED.get(prefix, prefix)
    if operator == "><":
        low, high = (_read(kind, v) for v in _listed(value))
        result = low is not None and high is not None and low <= cell <= high
    elif operator == "%":
        result = str(value).casefold() in str(cell).casefold()
    elif isinstance(value, (list, dict)) or operator == "@":
        result = cell in [_read(kind, v) for v in _listed(value)]
    else:
        wanted = _read(kind, value)
        compare: dict[str, Callable[[Any, Any], bool]] = {
            "": lambda a, b: a == b,
            "=": lambda a, b: a == b,
            ">": lambda a, b: a > b,
            "<": lambda a, b: a < b,
            ">=": lambda a, b: a >= b,
            "<=": lambda a, b: a <= b,
        }
        result = wanted is not None and compare[operator](cell, wanted)
    return not result if prefix in _NEGATED else result


def _listed(value: Any) -> list[Any]:
    return list(value.values()) if isinstance(value, dict) else list(value)


def _read(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind in _NUMERIC:
        return parse_number(kind, value)
    if kind == "date":
        return parse_date(value)
    if kind == "datetime":
        return parse_datetime(value)
    return str(value)


def draw_filters(
    rng: random.Random, columns: list[dict[str, Any]], rows: list[Row]
) -> list[tuple[str, dict[str, Any]]]:
    """(label, filter) pairs over the table's own values: one of each shape the columns allow.

    Shapes: a comparison, >< between, =, % contains, an IN list, an OR group, != and an AND of two, with
    dates and datetimes in the portal's locale form. Negations stay off columns that hold nulls, where
    databases differ in how they read NOT over NULL.
    """
    types = {str(c.get("code")): column_type(c.get("type")) for c in columns}
    present = {code: [_read(kind, r.get(code)) for r in rows] for code, kind in types.items()}
    distinct = {code: sorted({v for v in vs if v is not None}) for code, vs in present.items()}
    by_kind: dict[str, list[str]] = {}
    for code, kind in types.items():
        if len(distinct[code]) >= 2:
            by_kind.setdefault(kind, []).append(code)
    drawn: list[tuple[str, dict[str, Any]]] = []

    def pick(*kinds: str) -> str | None:
        codes = [c for k in kinds for c in by_kind.get(k, [])]
        return rng.choice(codes) if codes else None

    numeric = pick(*_NUMERIC)
    if numeric:
        op = rng.choice((">=", "<=", ">", "<"))
        drawn.append(
            (f"{op}{numeric}", {f"{op}{numeric}": _sent(types[numeric], rng.choice(distinct[numeric]))})
        )
    ranged = pick(*_NUMERIC, "datetime", "date")
    if ranged:
        low, high = sorted(rng.sample(range(len(distinct[ranged])), 2))
        bounds = [_sent(types[ranged], distinct[ranged][i]) for i in (low, high)]
        drawn.append((f"><{ranged}", {f"><{ranged}": bounds}))
    text = pick("string")
    if text:
        drawn.append((f"={text}", {f"={text}": rng.choice(distinct[text])}))
        part = _contained_part(rng, distinct[text], present[text])
        if part is not None:
            drawn.append((f"%{text}", {f"%{text}": part}))
    listed = pick("string", "int")
    if listed:
        chosen = rng.sample(distinct[listed], min(len(distinct[listed]), rng.choice((2, 3))))
        drawn.append((f"IN {listed}", {f"={listed}": [_sent(types[listed], v) for v in chosen]}))
    either = pick("string", "int", *_NUMERIC)
    if either:
        first, second = rng.sample(distinct[either], 2)
        group = {
            "LOGIC": "OR",
            "0": {f"={either}": _sent(types[either], first)},
            "1": {f"={either}": _sent(types[either], second)},
        }
        drawn.append((f"OR {either}", {"0": group}))
    moment = pick("datetime", "date")
    if moment:
        op = rng.choice((">=", "<"))
        drawn.append(
            (
                f"{op}{moment} (locale date)",
                {f"{op}{moment}": _sent(types[moment], rng.choice(distinct[moment]))},
            )
        )
    whole = [c for c in by_kind.get("string", []) if None not in present[c]]
    if whole:
        code = rng.choice(whole)
        drawn.append((f"!={code}", {f"!={code}": rng.choice(distinct[code])}))
    if numeric and text:
        value = _sent(types[numeric], rng.choice(distinct[numeric]))
        drawn.append(
            (
                f">={numeric} AND !%{text}" if text in whole else f">={numeric} AND ={text}",
                {
                    f">={numeric}": value,
                    **({f"!%{text}": "zz"} if text in whole else {f"={text}": rng.choice(distinct[text])}),
                },
            )
        )
    return drawn


def _contained_part(rng: random.Random, values: list[Any], cells: list[Any]) -> str | None:
    # a part whose case-insensitive and case-sensitive readings agree on every row, so that the
    # database's collation cannot decide the answer
    for _ in range(8):
        source = str(rng.choice(values))
        if len(source) < 2:
            continue
        start = rng.randrange(len(source) - 1)
        part = source[start : start + rng.choice((2, 3))]
        if all((part in str(c)) == (part.casefold() in str(c).casefold()) for c in cells if c is not None):
            return part
    return None


def _sent(kind: str, value: Any) -> Any:
    """A value as the portal sends it: dates in its locale form, numbers as PHP writes them."""
    if kind == "datetime":
        return value.strftime(LOCALE_DATETIME)
    if kind == "date":
        return value.strftime(LOCALE_DATE)
    return value
