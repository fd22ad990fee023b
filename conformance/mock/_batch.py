"""The batch method: up to 50 "method?query" commands run in order, answered in one result."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from . import _php
from ._errors import framework_error
from ._parse_str import parse_str

MAX_COMMANDS = 50
# How many characters of earlier results $result references may put into one batch's commands.
# References carry ids and titles; without a bound, 400 references to one long value copy it 400 times.
MAX_EXPANSION_CHARS = 1_000_000
BATCH = "batch"

# One command: the method name and its parameters; answers a body like a top-level call's, either
# {"result", "time"} or a root {"error", "error_description"}.
RunOne = Callable[[str, dict[str, Any]], dict[str, Any]]

# $result[cmd][key]... in a command's query: a value of an earlier command's result.
_REFERENCE = re.compile(r"\$result((?:\[[^\[\]]*\])+)")
_KEY = re.compile(r"\[([^\[\]]*)\]")


def run_batch(params: dict[str, Any], run_one: RunOne, *, overflow: str) -> dict[str, Any]:
    """The batch's result: result, result_error, result_total, result_next, result_time per command key.

    A command's module error is a successful call to the framework, so with the nested placement it
    lands in result[key] as {"error": {...}} (FACTS section 5 guesses so from the framework's code);
    framework errors and root-placed module errors land in result_error[key]. halt stops after the
    first entry in result_error. A batch inside a batch is refused per command. References that
    would add more than MAX_EXPANSION_CHARS in all end the batch with ERROR_BATCH_LENGTH_EXCEEDED
    (GUESS: a portal would run out of memory; the framework's length error is its nearest answer).
    """
    commands = params.get("cmd")
    entries = list(_php.items(commands)) if _php.is_array(commands) else []
    if len(entries) > MAX_COMMANDS and overflow == "request":
        raise framework_error("ERROR_BATCH_LENGTH_EXCEEDED")
    halt = _php_bool(params.get("halt"))
    out: dict[str, dict[str, Any]] = {name: {} for name in ("result", "error", "total", "next", "time")}
    budget = _Budget(MAX_EXPANSION_CHARS)
    for position, (key, command) in enumerate(entries):
        if position >= MAX_COMMANDS:
            out["error"][key] = _error_body("ERROR_BATCH_LENGTH_EXCEEDED")
            continue
        body = _run_command(command, out["result"], run_one, budget)
        if "error" in body:
            out["error"][key] = {
                "error": body["error"],
                "error_description": body.get("error_description", ""),
            }
            if halt:
                break
            continue
        out["result"][key] = body["result"]
        for name in ("total", "next", "time"):
            if name in body:
                out[name][key] = body[name]
    return {
        "result": _php_array(out["result"]),
        "result_error": _php_array(out["error"]),
        "result_total": _php_array(out["total"]),
        "result_next": _php_array(out["next"]),
        "result_time": _php_array(out["time"]),
    }


class _Budget:
    """The characters $result references may still add to the batch; spending past it raises."""

    def __init__(self, left: int) -> None:
        self.left = left

    def spend(self, size: int) -> None:
        """Take size characters, or raise ERROR_BATCH_LENGTH_EXCEEDED when fewer are left."""
        if size > self.left:
            raise framework_error("ERROR_BATCH_LENGTH_EXCEEDED")
        self.left -= size


def _run_command(command: Any, results: dict[str, Any], run_one: RunOne, budget: _Budget) -> dict[str, Any]:
    text = _php.to_str(command) if not _php.is_array(command) else ""
    method, _, query = text.partition("?")
    method = method.strip().removesuffix(".json").lower()
    if method == BATCH:
        return _error_body("ERROR_BATCH_METHOD_NOT_ALLOWED")
    return run_one(method, parse_str(_resolve(query, results, budget)))


def _resolve(query: str, results: dict[str, Any], budget: _Budget) -> str:
    """Put earlier results into $result[cmd][key] references, URL-encoded (an unknown one becomes "")."""

    def value(match: re.Match[str]) -> str:
        found: Any = results
        for key in _KEY.findall(match.group(1)):
            if isinstance(found, list) and key.isdigit() and int(key) < len(found):
                found = found[int(key)]
            elif isinstance(found, dict) and key in found:
                found = found[key]
            else:
                return ""
        text = _php.to_str(found)
        # Charged before it is encoded, so nothing big is built past the bound.
        budget.spend(len(text))
        return quote(text, safe="")

    return _REFERENCE.sub(value, query)


def _error_body(code: str) -> dict[str, Any]:
    failure = framework_error(code)
    return {"error": failure.code, "error_description": failure.description}


def _php_bool(value: Any) -> bool:
    # PHP (bool): "0", "", 0, 0.0, null, false and empty arrays are false; "false" is true.
    if _php.is_array(value):
        return bool(value)
    return value not in (None, False, 0, 0.0, "", "0")


def _php_array(entries: dict[str, Any]) -> dict[str, Any] | list[Any]:
    # json_encode shows an empty PHP array, or one keyed exactly 0..n-1, as a JSON list.
    if list(entries) == [str(index) for index in range(len(entries))]:
        return list(entries.values())
    return entries
