"""Which id a request names: the module's reading (PHP) and the documented one (JSON Schema)."""

from __future__ import annotations

import math
import re
from typing import Any, Literal

from conformance.inputs import MISSING, check_encoding

from . import _php

Resolved = int | None | Literal["missing"]  # int: the id looked up; None: invalid format; "missing"
_DIGITS = re.compile(r"[0-9]+")


def module_id(value: Any, encoding: str) -> Resolved:
    """The id the real module looks up for value sent in encoding: is_numeric, then (int) must be > 0."""
    _check(value, encoding)
    if value is MISSING:
        return "missing"
    if encoding == "json" and isinstance(value, int | float) and not isinstance(value, bool):
        value = _php.json_decode_number(value)
    if not _php.is_numeric(value):
        return None
    number = _php.to_int(value)
    return number if number > 0 else None


def documented_id(value: Any, encoding: str, *, minimum: int = 1) -> Resolved:
    """The id the docs name: a JSON integer >= minimum (5.0 counts) or a string of ASCII digits >= minimum."""
    _check(value, encoding)
    if value is MISSING:
        return "missing"
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and _DIGITS.fullmatch(value):
        value = int(value)
    if isinstance(value, int) and value >= minimum:
        return value
    return None


def _check(value: Any, encoding: str) -> None:
    check_encoding(encoding)
    if value is MISSING:
        return
    if encoding == "json":
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"Expected a value JSON can carry, got {value!r}")
        if value is not None and not isinstance(value, bool | int | float | str | list | dict):
            raise TypeError(f"Expected a JSON value (null, bool, number, string, list, dict), got {value!r}")
    elif not isinstance(value, str | list | dict):
        raise TypeError(
            f"Expected a string, list or dict: {encoding} bodies carry nothing else; got "
            f"{type(value).__name__} {value!r}. Send str(value) instead."
        )
