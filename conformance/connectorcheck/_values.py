"""Values as the portal reads them: the forms each declared column type may take, PHP's truthiness."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

TYPES = ("int", "string", "double", "date", "datetime", "money", "timezone")
_INT = re.compile(r"-?\d+")
_NUMERIC = re.compile(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*")  # PHP is_numeric, less hex
_DATETIME_FORMS = ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M")
LOCALE_DATE, LOCALE_DATETIME = "%d.%m.%Y", "%d.%m.%Y %H:%M:%S"


def php_truthy(body: bytes) -> bool:
    """Whether PHP reads the body string as true: everything but "" and "0"."""
    return body not in (b"", b"0")


def php_empty(value: Any) -> bool:
    """PHP's empty(): null, false, 0, 0.0, "", "0" and [] are empty."""
    return (
        value is None
        or value is False
        or value == ""
        or value == "0"
        or value == []
        or value == {}
        or (isinstance(value, (int, float)) and not isinstance(value, bool) and value == 0)
    )


def column_type(declared: Any) -> str:
    """The type the portal uses for a declared type: a known one (any case), else string."""
    kind = str(declared).lower()
    return kind if kind in TYPES else "string"


def value_problem(kind: str, value: Any) -> str | None:
    """Why value is not a value of the column type kind as the portal reads it, or None when it is."""
    if value is None:
        return None
    if isinstance(value, (list, dict)):
        return f"a JSON {'array' if isinstance(value, list) else 'object'} where a {kind} cell was expected"
    if isinstance(value, bool):
        return f"a boolean where a {kind} cell was expected"
    if kind == "int":
        if isinstance(value, int) or (isinstance(value, str) and _INT.fullmatch(value)):
            return None
        return "an integer (a JSON integer or a string of digits)"
    if kind == "double":
        if isinstance(value, (int, float)) or (isinstance(value, str) and _NUMERIC.fullmatch(value)):
            return None
        return "a number (a JSON number or a numeric string)"
    if kind == "money":
        if isinstance(value, (int, float)) or parse_money(value) is not None:
            return None
        return "an amount: digits, an optional minus and a decimal point once the rest is dropped"
    if kind == "date":
        return None if parse_date(value) is not None else "a date as YYYY-MM-DD or DD.MM.YYYY"
    if kind == "datetime":
        if parse_datetime(value) is not None:
            return None
        return "a datetime as YYYY-MM-DD HH:MM:SS, ISO 8601 or DD.MM.YYYY HH:MM:SS"
    return None  # string and timezone: any scalar


def parse_money(value: Any) -> float | None:
    """The amount the portal keeps: all but digits, minus and the decimal point dropped."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    kept = re.sub(r"[^0-9.\-]", "", str(value))
    try:
        return float(kept)
    except ValueError:
        return None


def parse_number(kind: str, value: Any) -> float | int | None:
    """A cell of an int, double or money column as a number, or None."""
    if value is None or isinstance(value, bool):
        return None
    if kind == "money":
        return parse_money(value)
    if isinstance(value, (int, float)):
        return value
    text = str(value).strip()
    if kind == "int" and _INT.fullmatch(text):
        return int(text)
    return float(text) if _NUMERIC.fullmatch(text) else None


def parse_date(value: Any) -> date | None:
    """A date cell (ISO YYYY-MM-DD or DD.MM.YYYY), or None."""
    if not isinstance(value, str):
        return None
    if "-" in value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    try:
        return datetime.strptime(value, "%d.%m.%Y").date()
    except ValueError:
        return None


def parse_datetime(value: Any) -> datetime | None:
    """A datetime cell (ISO 8601, T or space, or DD.MM.YYYY HH:MM[:SS]) as wall time, or None."""
    if not isinstance(value, str):
        return None
    if "-" in value[:10]:
        try:  # the common form first, in C: 2026-01-05 09:30:00, 2026-01-05T09:30:00+02:00
            return datetime.fromisoformat(value.replace("Z", "+00:00")).replace(tzinfo=None)
        except ValueError:
            return None
    for form in _DATETIME_FORMS:
        try:
            return datetime.strptime(value, form)
        except ValueError:
            continue
    return None
