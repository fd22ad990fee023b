"""PHP's http_build_query, so form and query-string requests look like those a PHP client sends."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

# PHP's urlencode() keeps only ASCII letters, digits and "-_." and writes a space as "+"; unlike
# Python's quote_plus it also escapes "~", so the table is built here instead of borrowed.
_KEEP = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")
_BYTE_TEXT = tuple(chr(b) if b in _KEEP else "+" if b == 0x20 else f"%{b:02X}" for b in range(256))
_OPEN, _CLOSE = "%5B", "%5D"  # PHP writes the brackets of nested keys already encoded
_PHP_PRECISION = 14  # PHP's default `precision` ini, used when a float becomes a string


def http_build_query(params: Mapping[Any, Any]) -> str:
    """Encode params as PHP's http_build_query does: a%5Bb%5D%5B0%5D=x, None skipped, True as 1."""
    if not isinstance(params, Mapping):
        raise TypeError(f"Expected a mapping of parameters, got {type(params).__name__}")
    pairs: list[str] = []
    for key, value in params.items():
        _append(pairs, _urlencode(_key_text(key, "")), value)
    return "&".join(pairs)


def _append(pairs: list[str], prefix: str, value: Any) -> None:
    if value is None:
        return  # PHP leaves out null values, at any depth
    if isinstance(value, Mapping):
        items: Any = value.items()
    elif isinstance(value, list | tuple):
        items = enumerate(value)
    else:
        pairs.append(f"{prefix}={_urlencode(_scalar_text(value, prefix))}")
        return
    for key, item in items:
        _append(pairs, f"{prefix}{_OPEN}{_urlencode(_key_text(key, prefix))}{_CLOSE}", item)


def _urlencode(text: str) -> str:
    return "".join(_BYTE_TEXT[b] for b in text.encode("utf-8"))


def _key_text(key: Any, where: str) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, int):  # bool included: PHP casts true/false keys to 1/0
        return str(int(key))
    raise TypeError(f"Expected str or int keys in the params, got {type(key).__name__} {key!r}{_at(where)}")


def _scalar_text(value: Any, where: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _php_float_text(value)
    raise TypeError(
        f"Expected str, int, float, bool, None, list or dict values in the params,"
        f" got {type(value).__name__}{_at(where)}"
    )


def _php_float_text(value: float) -> str:
    """A float as PHP turns it into a string: 14 significant digits, 1.0E+25 style exponents."""
    if math.isnan(value):
        return "NAN"
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    text = format(value, f".{_PHP_PRECISION}G")
    if "E" not in text:
        return text
    mantissa, exponent = text.split("E")
    if "." not in mantissa:
        mantissa += ".0"
    sign, digits = exponent[0], exponent[1:].lstrip("0") or "0"
    return f"{mantissa}E{sign}{digits}"


def _at(where: str) -> str:
    if not where:
        return ""
    return f" at {where.replace(_OPEN, '[').replace(_CLOSE, ']')}"
