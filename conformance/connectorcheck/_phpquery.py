"""PHP's http_build_query: how the portal form-encodes what it sends to a connector's URLs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote_plus


def http_build_query(data: Mapping[str, Any]) -> str:
    """data encoded as PHP's http_build_query($data) does (PHP_QUERY_RFC1738, '&', no numeric prefix).

    Nested mappings and lists become key[sub]=value, lists keyed by their index; True is 1, False 0, and
    None is left out, as PHP leaves out null.
    """
    pairs: list[str] = []
    for key, value in data.items():
        _add(pairs, _encode(str(key)), value)
    return "&".join(pairs)


def _add(pairs: list[str], name: str, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            _add(pairs, f"{name}%5B{_encode(str(key))}%5D", item)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _add(pairs, f"{name}%5B{index}%5D", item)
    else:
        pairs.append(f"{name}={_encode(_scalar(value))}")


def _scalar(value: Any) -> str:
    if value is True:
        return "1"
    if value is False:
        return "0"
    if isinstance(value, float):
        return _php_float(value)
    return str(value)


def _php_float(value: float) -> str:
    # PHP turns a float into a string with precision=14 as %G does, but writes the exponent without
    # padding and its mantissa with at least one decimal: 1.0E+15, 1.5E-7, 1.2345678901234E+14
    if value != value:
        return "NAN"
    if value in (float("inf"), float("-inf")):
        return "INF" if value > 0 else "-INF"
    text = format(value, ".14G")
    if "E" not in text:
        return text
    mantissa, exponent = text.split("E")
    if "." not in mantissa:
        mantissa += ".0"
    return f"{mantissa}E{exponent[0]}{exponent[1:].lstrip('0') or '0'}"


def _encode(text: str) -> str:
    # urlencode: only alphanumerics and -_. stay as they are; PHP encodes ~ where Python would not
    return quote_plus(text, safe="").replace("~", "%7E")
