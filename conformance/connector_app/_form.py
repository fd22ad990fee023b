"""PHP's reading of a form body: a[b][c]=v into nested dicts, a[]=v appended with the next index."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_NAME = re.compile(r"([^\[]+)((?:\[[^\[\]]*\])*)")
_INDEX = re.compile(r"\[([^\[\]]*)\]")


def nested_form(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Nested dicts from form pairs the way PHP fills $_POST; a later value of a key replaces an earlier one.

    Lists arrive as dicts keyed "0", "1", ... (as PHP arrays they are both); `values` reads them in order.
    """
    form: dict[str, Any] = {}
    for key, value in pairs:
        match = _NAME.fullmatch(key)
        if match is None:
            form[key] = value
            continue
        path = [match.group(1), *_INDEX.findall(match.group(2))]
        container = form
        for depth, part in enumerate(path):
            if part == "" and depth:
                part = str(1 + max((int(k) for k in container if k.lstrip("-").isdigit()), default=-1))
            if depth == len(path) - 1:
                container[part] = value
            else:
                child = container.get(part)
                if not isinstance(child, dict):
                    child = container[part] = {}
                container = child
    return form


def values(value: Any) -> list[Any]:
    """A form value as a list: a dict's values in order, a scalar as a list of one."""
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, list):
        return list(value)
    return [value]
