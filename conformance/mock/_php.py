"""PHP value semantics the module leans on: is_numeric, (int), string conversion, json_decode."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from typing import Any

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

# PHP's numeric-string grammar: ASCII whitespace around, one sign, decimal digits, optional
# fraction and exponent. No hex, no underscores, no "inf"; [0-9] because \d matches other scripts.
_WS = "[ \\t\\n\\r\\v\\f]*"
_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_NUMERIC_STRING = re.compile(_WS + _NUMBER + _WS)
_LEADING_NUMBER = re.compile(_WS + "(" + _NUMBER + ")")


def is_numeric(value: Any) -> bool:
    """PHP 8 is_numeric(): ints and floats, and strings that are wholly a decimal number."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    if isinstance(value, str):
        return _NUMERIC_STRING.fullmatch(value) is not None
    return False


def is_array(value: Any) -> bool:
    """PHP is_array(): JSON objects and lists and parse_str arrays alike."""
    return isinstance(value, dict | list)


def isset(container: dict[str, Any], key: str) -> bool:
    """PHP isset($a[$key]): present and not null."""
    return container.get(key) is not None


def to_int(value: Any) -> int:
    """PHP 8 (int) cast on 64 bits: floats wrap modulo 2**64, numeric strings saturate."""
    if value is None:
        return 0
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return _wrap(value)
    if isinstance(value, float):
        return _float_to_int(value)
    if isinstance(value, str):
        return _string_to_int(value)
    if is_array(value):
        return 1 if value else 0
    raise TypeError(f"Expected a PHP-like value (None, bool, int, float, str, list, dict), got {value!r}")


def _wrap(number: int) -> int:
    number %= 2**64
    return number - 2**64 if number > INT64_MAX else number


def _float_to_int(number: float) -> int:
    # zend_dval_to_lval: infinities and NaN give 0; beyond the 64-bit range the value is
    # reduced modulo 2**64 (a float that large is an exact integer, so int() loses nothing).
    if not math.isfinite(number):
        return 0
    if -(2.0**63) <= number < 2.0**63:
        return int(number)
    return _wrap(int(number))


def _float_to_int_saturating(number: float) -> int:
    # zend_dval_to_lval_cap, which (int) uses for numeric strings: clamp instead of wrapping.
    if not math.isfinite(number):
        return 0
    if number >= 2.0**63:
        return INT64_MAX
    if number < -(2.0**63):
        return INT64_MIN
    return int(number)


def _string_to_int(text: str) -> int:
    # (int) reads the longest numeric prefix ("5abc" is 5, "abc" is 0).
    match = _LEADING_NUMBER.match(text)
    if match is None:
        return 0
    number = match.group(1)
    if any(c in number for c in ".eE"):
        return _float_to_int_saturating(float(number))
    return max(INT64_MIN, min(INT64_MAX, int(number)))


def to_str(value: Any) -> str:
    """PHP (string) cast: true is "1", false and null are "", arrays are "Array"."""
    if value is None or value is False:
        return ""
    if value is True:
        return "1"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float_to_str(value)
    if isinstance(value, str):
        return value
    return "Array"


def _float_to_str(number: float) -> str:
    # precision=14 and %G thresholds, as PHP prints floats: 5.0 -> "5", 1e20 -> "1.0E+20".
    if math.isnan(number):
        return "NAN"
    if math.isinf(number):
        return "INF" if number > 0 else "-INF"
    text = format(number, ".14G")
    if "E" not in text:
        return text
    mantissa, exponent = text.split("E")
    if "." not in mantissa:
        mantissa += ".0"
    sign = "-" if exponent.startswith("-") else "+"
    return f"{mantissa}E{sign}{int(exponent.lstrip('+-'))}"


def items(array: dict[str, Any] | list[Any]) -> Iterator[tuple[str, Any]]:
    """foreach ($array as $key => $value), keys as strings (list indexes become "0", "1", ...)."""
    if isinstance(array, list):
        yield from ((str(index), value) for index, value in enumerate(array))
    else:
        yield from array.items()


def values(array: dict[str, Any] | list[Any]) -> list[Any]:
    """array_values($array)."""
    return list(array) if isinstance(array, list) else list(array.values())


def json_decode(text: bytes) -> Any:
    """PHP json_decode($text, true): big integers become floats; NaN literals, lone surrogates are errors."""
    value = json.loads(text.decode("utf-8"), parse_int=_json_int, parse_constant=_reject_constant)
    _refuse_lone_surrogates(value)
    return value


def _refuse_lone_surrogates(value: Any) -> None:
    # PHP refuses "\ud800" without its pair (FACTS 3); Python keeps it as a str no encoder accepts.
    # A loop, not recursion: the depth of the document is the sender's choice.
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise ValueError(
                    f"Expected JSON strings of whole UTF-16 pairs, got a lone surrogate at {exc.start}"
                ) from None


def _json_int(literal: str) -> int | float:
    number = int(literal)
    return number if INT64_MIN <= number <= INT64_MAX else float(literal)


def _reject_constant(literal: str) -> Any:
    raise ValueError(f"Expected JSON, got the non-standard literal {literal}")
