"""Table columns: the checks table.add and fields.update run on each one, and on duplicates."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from . import _php
from ._errors import module_error

COLUMN_TYPES = ("int", "string", "double", "date", "datetime", "money", "timezone")
COLUMN_NAME = re.compile(r"[A-Z][A-Z0-9_]*")
COLUMN_NAME_MAX = 32
_REQUIRED = ("name", "externalCode", "type")


def column(raw: Any, missing: str) -> dict[str, str]:
    """One column checked in the module's order; missing is the code for an absent parameter.

    INFER: the name format is checked before its length, then the type (case-sensitive).
    """
    entry = dict(_php.items(raw)) if _php.is_array(raw) else {}
    if not all(_php.isset(entry, key) for key in _REQUIRED):
        raise module_error(missing)
    name, code, kind = (_php.to_str(entry[key]) for key in _REQUIRED)
    if COLUMN_NAME.fullmatch(name) is None:
        raise module_error("VALIDATION_FIELD_NAME_INVALID_FORMAT")
    if len(name) > COLUMN_NAME_MAX:
        raise module_error("VALIDATION_FIELD_NAME_TOO_LONG")
    if kind not in COLUMN_TYPES:
        raise module_error("VALIDATION_FIELD_INVALID_TYPE")
    return {"name": name, "externalCode": code, "type": kind}


def repeated(values: Iterable[str]) -> list[str]:
    """The values that occur more than once, each once, in the order they first occur."""
    counts = Counter(values)
    return [value for value, count in counts.items() if count > 1]


def check_unique(columns: list[dict[str, str]], *, name_code: str, name_placeholder: str) -> None:
    """Refuse repeated external codes, then repeated names (with name_code: the families differ)."""
    codes = repeated(c["externalCode"] for c in columns)
    if codes:
        raise module_error("VALIDATION_DUPLICATE_FIELD_CODE", LIST_CODES=", ".join(codes))
    names = repeated(c["name"] for c in columns)
    if names:
        raise module_error(name_code, **{name_placeholder: ", ".join(names)})


def shown(column_id: int, table_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """A column as get shows it."""
    return {
        "id": column_id,
        "datasetId": table_id,
        "type": data["type"],
        "name": data["name"],
        "externalCode": data["externalCode"],
        "visible": data["visible"],
        "description": "",
    }
