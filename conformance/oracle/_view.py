"""What the module's PHP code receives for params sent in an encoding, and PHP's type tests on it."""

from __future__ import annotations

import re
from typing import Any

from conformance.inputs import MISSING

from . import _php

_DIGITS = re.compile(r"-?[0-9]+")
_GONE = object()  # a value a form body cannot carry: None, or an array that ends up empty


def php_view(params: dict, encoding: str) -> dict:
    """params as json_decode(body, true) or parse_str() hands them to the module."""
    if encoding == "json":
        return {key: _json(value) for key, value in params.items()}
    view = {key: _form(value) for key, value in params.items()}
    return {key: value for key, value in view.items() if value is not _GONE}


def _json(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _php.json_decode_number(value)
    if isinstance(value, list):
        return [_json(item) for item in value]
    if isinstance(value, dict):
        return {key: _json(item) for key, item in value.items()}
    return value


def _form(value: Any) -> Any:
    # http_build_query leaves out null and empty arrays, and writes scalars as PHP prints them
    if value is None:
        return _GONE
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if value != int(value) else str(int(value))
    if isinstance(value, list | dict):
        items = value.items() if isinstance(value, dict) else enumerate(value)
        kept = {str(key): _form(item) for key, item in items}
        kept = {key: item for key, item in kept.items() if item is not _GONE}
        if not kept:
            return _GONE
        # parse_str makes every array keyed; a list sent 0..n-1 stays a list for readability
        return (
            list(kept.values())
            if isinstance(value, list) and list(kept) == [str(i) for i in range(len(kept))]
            else kept
        )
    return value


def get(view: dict, key: str) -> Any:
    """view[key], or MISSING."""
    return view.get(key, MISSING)


def is_array(value: Any) -> bool:
    """PHP is_array() of a decoded value: JSON arrays and objects both."""
    return isinstance(value, list | dict)


def type_ok(kind: str, value: Any, semantics: str) -> bool:
    """Whether value passes the type test for a field of that kind, under the module or the docs."""
    if kind == "integer":
        if semantics == "module":
            return _php.is_numeric(value)
        if isinstance(value, bool):
            return False
        if isinstance(value, float):
            return value.is_integer()
        return isinstance(value, int) or (isinstance(value, str) and _DIGITS.fullmatch(value) is not None)
    if kind == "string":
        return isinstance(value, str)
    if kind == "array":
        return is_array(value)
    if kind == "boolean":
        return isinstance(value, bool)
    return True  # datetime and anything else: unchecked
