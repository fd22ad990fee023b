"""The few PHP 8 (64-bit) semantics the module's id rule rests on, emulated in Python."""

from __future__ import annotations

import math
import re
from typing import Any

LONG_MIN = -(2**63)
LONG_MAX = 2**63 - 1

# PHP's _is_numeric_string_ex: ASCII whitespace " \t\n\r\v\f" around (trailing too since PHP 8), an
# optional sign, digits with an optional point (or a point and digits), an optional exponent. No hex, no
# underscores, no other spaces or digits.
_NUMERIC = re.compile(
    r"[ \t\n\r\x0b\x0c]*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t\n\r\x0b\x0c]*"
)
_INTEGER = re.compile(r"[ \t\n\r\x0b\x0c]*([+-]?[0-9]+)[ \t\n\r\x0b\x0c]*")


def is_numeric(value: Any) -> bool:
    """PHP's is_numeric() of a decoded request value."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    if isinstance(value, str):
        return _NUMERIC.fullmatch(value) is not None
    return False


def to_int(value: int | float | str) -> int:
    """PHP's (int) cast of a value that is_numeric() accepted."""
    if isinstance(value, bool) or not is_numeric(value):
        raise ValueError(f"Expected a value PHP's is_numeric() accepts, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return float_to_int(value)
    return numeric_string_to_int(value)


def float_to_int(number: float) -> int:
    """(int) of a float: truncation inside the 64-bit range, wrap modulo 2^64 outside, 0 for NaN and inf."""
    if math.isnan(number) or math.isinf(number):
        return 0
    if -(2.0**63) <= number < 2.0**63:
        return math.trunc(number)
    # Floats this large are integers, so the modulo is exact, as C's fmod is (zend_dval_to_lval_slow).
    wrapped = int(number) % 2**64
    return wrapped - 2**64 if wrapped > LONG_MAX else wrapped


def numeric_string_to_int(text: str) -> int:
    """(int) of a numeric string: integers saturate at the 64-bit bounds, others go through a float."""
    integer = _INTEGER.fullmatch(text)
    if integer:
        # Integer strings that overflow become a double, which zend_dval_to_lval_cap saturates.
        return max(LONG_MIN, min(LONG_MAX, int(integer.group(1))))
    number = float(text.strip(" \t\n\r\x0b\x0c"))  # correctly rounded, as zend_strtod is
    if math.isnan(number) or math.isinf(number):
        return 0
    if not -(2.0**63) <= number < 2.0**63:
        return LONG_MAX if number > 0 else LONG_MIN
    return math.trunc(number)


def json_decode_number(number: int | float) -> int | float:
    """What json_decode() makes of a JSON number: integers beyond 64 bits become floats (inf past 1e308)."""
    if isinstance(number, float) or LONG_MIN <= number <= LONG_MAX:
        return number
    try:
        return float(number)
    except OverflowError:
        return math.inf if number > 0 else -math.inf
