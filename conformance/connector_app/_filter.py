"""The portal's filter (Bitrix ORM keys: prefixes, ><, IN lists, LOGIC groups) as an SQLite WHERE clause."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from ._form import values
from ._sample import Column

# Longest first, so that ">=" is not read as ">" followed by "=...".
PREFIXES = ("!><", "!%", "!=", ">=", "<=", "><", "!@", ">", "<", "=", "%", "@", "!")
_NEGATED = {"!=": "=", "!": "=", "!@": "@", "!%": "%", "!><": "><"}
_DATE_FORMATS = ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d")


class FilterError(ValueError):
    """A filter the app cannot read: an unknown field, a bad group, a value of the wrong shape."""


def where_clause(
    filter_: Any,
    columns: Mapping[str, Column],
    *,
    date_formats: tuple[str, ...] = _DATE_FORMATS,
    faults: frozenset[str] = frozenset(),
) -> tuple[str, list[Any]]:
    """(SQL, parameters) for a filter whose fields name columns (the mapping: a field name to its column)."""
    reader = _Reader(columns, date_formats, faults)
    if not isinstance(filter_, dict):
        raise FilterError(f"Expected filter[...] keys, got {filter_!r}")
    return reader.group(filter_)


class _Reader:
    def __init__(self, columns: Mapping[str, Column], date_formats: tuple[str, ...], faults: frozenset[str]):
        self.columns, self.date_formats, self.faults = columns, date_formats, faults

    def group(self, group: dict[str, Any]) -> tuple[str, list[Any]]:
        logic = str(group.get("LOGIC", "AND")).upper()
        if logic not in ("AND", "OR"):
            raise FilterError(f"Expected LOGIC to be AND or OR, got {logic!r}")
        if logic == "OR" and "or-groups-ignored" in self.faults:
            logic = "AND"
        parts: list[str] = []
        params: list[Any] = []
        for key, value in group.items():
            if key == "LOGIC":
                continue
            if key.isdigit():
                if not isinstance(value, dict):
                    raise FilterError(f"Expected filter group {key} to hold conditions, got {value!r}")
                sql, more = self.group(value)
            else:
                sql, more = self.condition(key, value)
            parts.append(f"({sql})")
            params += more
        if not parts:
            return "1=1", []
        return f" {logic} ".join(parts), params

    def condition(self, key: str, value: Any) -> tuple[str, list[Any]]:
        prefix = next((p for p in PREFIXES if key.startswith(p)), "")
        field = key[len(prefix) :]
        column = self.columns.get(field)
        if column is None:
            raise FilterError(f"Expected a filter on one of {', '.join(self.columns)}, got {field!r}")
        negated = prefix in _NEGATED
        operator = _NEGATED.get(prefix, prefix)
        name = f'"{column.code}"'
        convert = self._converter(column)
        if operator == "><":
            bounds = values(value)
            if len(bounds) != 2:
                raise FilterError(f"Expected two values for ><{field}, got {value!r}")
            if "between-as-equals" in self.faults:
                sql, params = f"{name} = ?", [convert(bounds[0])]
            else:
                sql, params = f"{name} BETWEEN ? AND ?", [convert(bounds[0]), convert(bounds[1])]
        elif operator == "%":
            sql, params = f"contains({name}, ?)", [str(value)]
        elif isinstance(value, dict) or operator == "@":
            listed = [convert(v) for v in values(value)]
            if "in-list-first-only" in self.faults:
                listed = listed[:1]
            sql, params = f"{name} IN ({', '.join('?' * len(listed))})", listed
        else:
            symbol = {"": "=", "=": "="}.get(operator, operator)
            sql, params = f"{name} {symbol} ?", [convert(value)]
        if negated:
            # NULL passes no condition, a negated one included, the way SQL reads NOT over NULL
            sql = f"{name} IS NOT NULL AND NOT ({sql})"
        return sql, params

    def _converter(self, column: Column) -> Callable[[Any], Any]:
        kind = column.type.lower()
        if kind == "int":
            return _number(int)
        if kind in ("double", "money"):
            return _number(float)
        if kind in ("date", "datetime"):
            shape = "%Y-%m-%d" if kind == "date" else "%Y-%m-%d %H:%M:%S"
            return lambda v: self._date(v, shape)
        return str

    def _date(self, value: Any, shape: str) -> str:
        for form in self.date_formats:
            try:
                return datetime.strptime(str(value), form).strftime(shape)
            except ValueError:
                continue
        return str(value)  # compared as text: matches nothing sensible, as a database would


def _number(kind: type) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        text = str(value).strip()
        try:
            return kind(text)
        except ValueError:
            return text if re.fullmatch(r"-?\d+(\.\d+)?", text) is None else float(text)

    return convert
