"""PHP's parse_str: form and query strings with bracketed keys into nested arrays."""

from __future__ import annotations

import re
from typing import Any

# max_input_nesting_level: PHP drops a variable with more bracket levels than this.
MAX_NESTING = 64
_HEX = re.compile(rb"%([0-9A-Fa-f]{2})")
_INT_KEY = re.compile(r"0|-?[1-9][0-9]*")
_INT64_MAX = 2**63 - 1


def parse_str(data: bytes | str) -> dict[str, Any]:
    """Parse a&b[c]=1&d[]=2 like PHP; arrays whose keys run 0..n-1 come back as lists."""
    raw = data.encode("latin-1", "replace") if isinstance(data, str) else data
    result: dict[str, Any] = {}
    for pair in raw.split(b"&"):
        if not pair:
            continue
        name, _, value = pair.partition(b"=")
        _register(result, _url_decode(name), _url_decode(value))
    # The top level stays a mapping: it holds the request's parameters by name.
    return {name: _as_lists(value) for name, value in result.items()}


def _url_decode(raw: bytes) -> str:
    # urldecode(): "+" is a space, a malformed %-escape stays as it is.
    decoded = _HEX.sub(lambda m: bytes([int(m.group(1), 16)]), raw.replace(b"+", b" "))
    return decoded.decode("utf-8", "replace")


def _register(target: dict[str, Any], name: str, value: str) -> None:
    """php_register_variable_ex: split name into a base and [index] parts, then store value."""
    name = name.split("\0", 1)[0].lstrip(" ")
    bracket = name.find("[")
    base = name if bracket < 0 else name[:bracket]
    base = base.replace(" ", "_").replace(".", "_")
    if not base:
        return
    if bracket < 0:
        target[base] = value
        return
    indexes: list[str | None] = []
    rest = name[bracket:]
    while rest.startswith("["):
        close = rest.find("]")
        if close < 0:
            if not indexes:
                # An unterminated first bracket is no index: PHP keeps it in the name as "_".
                tail = rest[1:].replace(" ", "_").replace(".", "_").replace("[", "_")
                target[base + "_" + tail] = value
                return
            break
        index = rest[1:close]
        # "[ ]" counts as "[]": PHP skips one leading space before looking for the "]".
        indexes.append(None if index in ("", " ") else index)
        rest = rest[close + 1 :]
    if len(indexes) > MAX_NESTING:
        return
    _store(target, [base, *indexes], value)


class _Array(dict):
    """A PHP array under construction: a dict that keeps its next free integer key, as PHP does.

    PHP keeps nNextFreeElement in the hash table itself, so "a[]" costs one step however many
    entries came before; scanning every key per append made N appends cost N*N/2 key visits.
    """

    def __init__(self) -> None:
        super().__init__()
        self.next_free = 0

    def put(self, key: str, value: Any) -> None:
        """Store value under key and move next_free past key when key is an integer one."""
        self[key] = value
        if _INT_KEY.fullmatch(key):
            number = int(key)
            if number <= _INT64_MAX:
                self.next_free = max(self.next_free, number + 1)


def _store(target: dict[str, Any], path: list[str | None], value: str) -> None:
    container: Any = target
    for position, key in enumerate(path):
        # Keys stay strings: PHP's integer keys ("5") and string keys ("05") differ in text too.
        if key is None:
            # Only a bracket index is ever None, and below the top level every container is an _Array.
            key = str(container.next_free)
        last = position == len(path) - 1
        child = None if last else container.get(key)
        if not last and isinstance(child, _Array):
            container = child
            continue
        # A scalar in the way is replaced by an array, as PHP does.
        child = value if last else _Array()
        if isinstance(container, _Array):
            container.put(key, child)
        else:
            container[key] = child
        container = child


def _as_lists(value: Any) -> Any:
    """Turn arrays keyed exactly 0..n-1 into lists, as json_encode would show them."""
    if not isinstance(value, dict):
        return value
    converted = {key: _as_lists(item) for key, item in value.items()}
    if converted and list(converted) == [str(i) for i in range(len(converted))]:
        return list(converted.values())
    return converted
