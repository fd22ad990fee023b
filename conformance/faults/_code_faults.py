"""Faults of error codes: ids read the wrong way, codes and descriptions changed or undocumented."""

from __future__ import annotations

import math
import re
from typing import Any

from ..contract import default_contract
from ._fault import Fault, error_code, method_error, module_text, on_json, on_request
from ._params import MISSING
from ._wsgi import Answer, FaultRequest, Forward

# Far above any id the mock hands out: sending it makes the portal answer *_NOT_FOUND.
UNKNOWN_ID = 987_654_321
INVALID_FORMAT = "VALIDATION_INVALID_ID_FORMAT"
NOT_PROVIDED = "VALIDATION_ID_NOT_PROVIDED"
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def _id_param(request: FaultRequest) -> str | None:
    """The id parameter of the method the request calls, when the contract says it takes one."""
    method = default_contract().methods.get(request.method)
    if method is not None and method.takes_id:
        return method.id_param
    return "id" if request.action in ("get", "update", "delete") else None


def _number(value: Any) -> float | None:
    """The number an id value plainly spells (a JSON number or a decimal string), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str) and _DECIMAL.fullmatch(value):
        return float(value)
    return None


def _rewrite_id(choose: Any) -> Any:
    """An on_request edit: choose(value) returns the id to send instead, or MISSING to keep it."""

    def edit(request: FaultRequest) -> None:
        name = _id_param(request)
        if name is None:
            return
        replacement = choose(request.get(name))
        if replacement is not MISSING:
            request.set(name, replacement)

    return edit


def _negative_looked_up(value: Any) -> Any:
    number = _number(value)
    return UNKNOWN_ID if number is not None and number < 0 else MISSING


def _zero_accepted(value: Any) -> Any:
    number = _number(value)
    return UNKNOWN_ID if number == 0 else MISSING


def _missing_as_invalid(value: Any) -> Any:
    return "" if value is MISSING else MISSING


def _fraction_rounded_up(value: Any) -> Any:
    number = _number(value)
    if number is None or number <= 0 or number.is_integer():
        return MISSING
    return math.ceil(number) if not isinstance(value, str) else str(math.ceil(number))


def _string_rejected(request: FaultRequest) -> None:
    name = _id_param(request)
    if name is not None and request.encoding == "json" and isinstance(request.get(name), str):
        request.set(name, "not-a-number")


def _drop_form_body(request: FaultRequest) -> None:
    if request.encoding == "form":
        request.drop_body()


# ---- answers --------------------------------------------------------------------------------


def _recode(rename: Any) -> Any:
    """An on_json edit: rename(code) gives (code, description) to answer instead, or None."""

    def edit(request: FaultRequest, body: Any) -> Any:
        error = method_error(body)
        code = None if error is None else error.get("error")
        if not isinstance(code, str):
            return None
        renamed = rename(code)
        if renamed is None:
            return None
        error["error"], error["error_description"] = renamed
        return body

    return edit


def _undocumented(code: str) -> tuple[str, str] | None:
    return ("NOT_FOUND", "Not found") if code.endswith("_NOT_FOUND") else None


def _changed_description(code: str) -> tuple[str, str] | None:
    return (code, "ID must be a positive integer.") if code == INVALID_FORMAT else None


def _numeric_zero(code: str) -> tuple[Any, str] | None:
    return (0, module_text(code)) if code.startswith("VALIDATION_") else None


def _flaky(portal: Any) -> Any:
    calls = [0]

    def behaviour(request: FaultRequest, forward: Forward) -> Answer:
        answer = forward(request)
        code = error_code(answer)
        if code not in (INVALID_FORMAT, NOT_PROVIDED):
            return answer
        calls[0] += 1
        if calls[0] % 2:
            return answer
        other = NOT_PROVIDED if code == INVALID_FORMAT else INVALID_FORMAT
        edited = dict(answer.json)
        if "result" in edited:
            edited["result"] = {"error": {"error": other, "error_description": module_text(other)}}
        else:
            edited.update(error=other, error_description=module_text(other))
        return answer.with_json(edited)

    return behaviour


CODE_FAULTS = (
    Fault(
        "negative-id-looked-up",
        "a negative id looked up (*_NOT_FOUND) instead of refused as VALIDATION_INVALID_ID_FORMAT",
        "error-code",
        None,
        on_request(_rewrite_id(_negative_looked_up)),
    ),
    Fault(
        "zero-id-accepted",
        "id 0 looked up (*_NOT_FOUND) instead of refused as VALIDATION_INVALID_ID_FORMAT",
        "error-code",
        None,
        on_request(_rewrite_id(_zero_accepted)),
    ),
    Fault(
        "missing-id-as-invalid",
        "a missing id answered VALIDATION_INVALID_ID_FORMAT instead of VALIDATION_ID_NOT_PROVIDED",
        "error-code",
        None,
        on_request(_rewrite_id(_missing_as_invalid)),
    ),
    Fault(
        "fraction-id-rounded-up",
        "a fractional id rounded up (5.2 -> 6) instead of truncated as PHP (int) does",
        "error-code",
        None,
        on_request(_rewrite_id(_fraction_rounded_up)),
    ),
    Fault(
        "string-id-rejected",
        'a JSON string id ("5") refused as VALIDATION_INVALID_ID_FORMAT instead of looked up',
        "error-code",
        None,
        on_request(_string_rejected),
    ),
    Fault(
        "form-body-ignored",
        "form-encoded bodies ignored (only JSON read), so form calls lose their id and token",
        "error-code",
        None,
        on_request(_drop_form_body),
    ),
    Fault(
        "undocumented-error-code",
        "*_NOT_FOUND answered with the undocumented code NOT_FOUND",
        "error-code",
        None,
        on_json(_recode(_undocumented)),
    ),
    Fault(
        "numeric-zero-code",
        "validation errors carry error: 0 (a code-less Error) where a string code is due",
        "error-code",
        None,
        on_json(_recode(_numeric_zero)),
    ),
    Fault(
        "changed-error-description",
        "VALIDATION_INVALID_ID_FORMAT with a reworded error_description",
        "error-description",
        None,
        on_json(_recode(_changed_description)),
    ),
    Fault(
        "flaky-error-code",
        "id validation codes that alternate between identical calls (INVALID_ID_FORMAT / ID_NOT_PROVIDED)",
        "error-code",
        None,
        _flaky,
    ),
)
