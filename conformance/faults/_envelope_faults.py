"""Faults of the envelope around an answer: error placement, the time block, status, content type, bytes."""

from __future__ import annotations

import os
import time as clock
from typing import Any

from ._fault import (
    Fault,
    error_code,
    is_framework_error,
    is_nested_error,
    is_nested_error_body,
    method_error,
    on_answer,
    on_json,
)
from ._wsgi import NO_JSON, Answer, FaultRequest

SLOW_ENV = "B24_FAULT_SLOW_S"
SLOW_DEFAULT_S = 2.0
_FRAMEWORK_PROBES = "probes that provoke framework errors (bad token, unknown method, bad order direction)"


def slow_seconds() -> float:
    """How long slow-response holds an answer: B24_FAULT_SLOW_S, default 2 s."""
    text = os.environ.get(SLOW_ENV, "")
    try:
        value = float(text) if text else SLOW_DEFAULT_S
    except ValueError:
        raise ValueError(f"Expected {SLOW_ENV} to be a number of seconds, got {text!r}") from None
    if value < 0:
        raise ValueError(f"Expected {SLOW_ENV} to be 0 seconds or more, got {value}")
    return value


# ---- placement ------------------------------------------------------------------------------


def _nested_to_root(request: FaultRequest, body: Any) -> Any:
    if not is_nested_error_body(body):
        return None
    return dict(body["result"]["error"])


def _root_to_nested(request: FaultRequest, body: Any) -> Any:
    error = method_error(body)
    if error is None or is_nested_error_body(body):
        return None
    return {"result": {"error": dict(error)}, "time": _time_block()}


def _framework_nested(request: FaultRequest, answer: Answer) -> Answer | None:
    if not is_framework_error(answer):
        return None
    error = {"error": answer.json["error"], "error_description": answer.json.get("error_description", "")}
    return answer.with_json({"result": {"error": error}, "time": _time_block()}, status=200)


def _time_block() -> dict[str, Any]:
    now = clock.time()
    stamp = clock.strftime("%Y-%m-%dT%H:%M:%S+00:00", clock.gmtime(now))
    return {
        "start": now,
        "finish": now,
        "duration": 0.0,
        "processing": 0.0,
        "date_start": stamp,
        "date_finish": stamp,
    }


# ---- the time block -------------------------------------------------------------------------


def _timed(edit: Any) -> Any:
    """An on_json edit of the time block of module answers (success and nested errors)."""

    def change(request: FaultRequest, body: Any) -> Any:
        if not (isinstance(body, dict) and isinstance(body.get("time"), dict) and "result" in body):
            return None
        edit(body["time"])
        return body

    return change


def _drop_time(request: FaultRequest, body: Any) -> Any:
    if not (isinstance(body, dict) and "time" in body and "result" in body):
        return None
    del body["time"]
    return body


def _swap_start_finish(time: dict[str, Any]) -> None:
    time["start"], time["finish"] = time["finish"] + 5.0, time["start"]
    time["date_start"], time["date_finish"] = time["date_finish"], time["date_start"]


def _date_start_without_offset(time: dict[str, Any]) -> None:
    time["date_start"] = str(time["date_start"])[:19]


def _integer_start_drifting_duration(time: dict[str, Any]) -> None:
    time["start"] = int(time["start"])
    time["duration"] = time["finish"] - time["start"] + 3.5


def _time_as_strings(time: dict[str, Any]) -> None:
    for name in ("start", "finish", "duration", "processing"):
        time[name] = f"{time[name]:.4f}"


def _processing_exceeds_duration(time: dict[str, Any]) -> None:
    time["processing"] = time["duration"] + 5.0


def _framework_with_time(request: FaultRequest, answer: Answer) -> Answer | None:
    if not is_framework_error(answer):
        return None
    return answer.with_json({**answer.json, "time": _time_block()})


# ---- status, content type, bytes ------------------------------------------------------------


def _status_for(prefix: str, status: int) -> Any:
    def change(request: FaultRequest, answer: Answer) -> Answer | None:
        code = error_code(answer)
        if code is not None and (code.startswith(prefix) or code.endswith(prefix)):
            return answer.with_status(status)
        return None

    return change


def _no_auth_200(request: FaultRequest, answer: Answer) -> Answer | None:
    if is_framework_error(answer) and answer.json.get("error") == "NO_AUTH_FOUND":
        return answer.with_status(200)
    return None


_HTML = (
    b"<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head>"
    b"<body><h1>Internal Server Error</h1><p>The server encountered an internal error.</p></body></html>"
)


def _html_error_page(request: FaultRequest, answer: Answer) -> Answer | None:
    if answer.status == 200 and not is_nested_error(answer) and method_error(answer.json) is None:
        return None
    return answer.with_body(_HTML, status=500, content_type="text/html; charset=utf-8")


def _wrong_content_type(request: FaultRequest, answer: Answer) -> Answer | None:
    if answer.json is NO_JSON or not request.is_rest:
        return None
    return answer.with_body(answer.body, content_type="text/html; charset=UTF-8")


def _truncated(request: FaultRequest, answer: Answer) -> Answer | None:
    if request.action != "get" or answer.json is NO_JSON:
        return None
    return answer.with_body(answer.body[: max(1, len(answer.body) // 2)])


def _bom(request: FaultRequest, answer: Answer) -> Answer | None:
    if answer.json is NO_JSON or not request.is_rest:
        return None
    return answer.with_body(b"\xef\xbb\xbf" + answer.body)


def _slow(portal: Any) -> Any:
    delay = slow_seconds()

    def behaviour(request: FaultRequest, forward: Any) -> Answer:
        answer = forward(request)
        if request.action == "get" and answer.status == 200 and not is_nested_error(answer):
            clock.sleep(delay)
        return answer

    return behaviour


def _error_without_description(request: FaultRequest, body: Any) -> Any:
    error = method_error(body)
    if error is None or "error_description" not in error:
        return None
    del error["error_description"]
    return body


ENVELOPE_FAULTS = (
    Fault(
        "root-placement",
        "method errors at the root (HTTP 200, no time) where the module nests them in result.error",
        "error-placement",
        None,
        on_json(_nested_to_root),
    ),
    Fault(
        "nested-placement",
        "method errors nested in result.error where the target promises root placement",
        "error-placement",
        None,
        on_json(_root_to_nested),
        placement="root",
    ),
    Fault(
        "framework-error-nested",
        "framework errors (NO_AUTH_FOUND ...) nested in result.error with HTTP 200 and time",
        "error-placement",
        _FRAMEWORK_PROBES,
        on_answer(_framework_nested),
    ),
    Fault("no-time", "no time block on successes and method errors", "time", None, on_json(_drop_time)),
    Fault(
        "finish-before-start",
        "time.finish earlier than time.start",
        "time",
        None,
        on_json(_timed(_swap_start_finish)),
    ),
    Fault(
        "date-start-without-offset",
        "time.date_start without its UTC offset (2024-01-01T10:00:00)",
        "time",
        None,
        on_json(_timed(_date_start_without_offset)),
    ),
    Fault(
        "integer-start-drifting-duration",
        "an integer time.start with a float duration that disagrees with finish - start",
        "time",
        None,
        on_json(_timed(_integer_start_drifting_duration)),
    ),
    Fault(
        "time-as-strings",
        "time.start/finish/duration/processing as strings instead of numbers",
        "time",
        None,
        on_json(_timed(_time_as_strings)),
    ),
    Fault(
        "processing-exceeds-duration",
        "time.processing longer than time.duration",
        "time",
        None,
        on_json(_timed(_processing_exceeds_duration)),
    ),
    Fault(
        "framework-error-with-time",
        "framework errors carry a time block, which the framework never sends with them",
        "time",
        _FRAMEWORK_PROBES,
        on_answer(_framework_with_time),
    ),
    Fault(
        "validation-http-500",
        "VALIDATION_* method errors answered with HTTP 500 instead of 200",
        "http-status",
        None,
        on_answer(_status_for("VALIDATION_", 500)),
    ),
    Fault(
        "not-found-http-404",
        "*_NOT_FOUND method errors answered with HTTP 404 instead of 200",
        "http-status",
        None,
        on_answer(_status_for("_NOT_FOUND", 404)),
    ),
    Fault(
        "no-auth-http-200",
        "NO_AUTH_FOUND answered with HTTP 200 instead of 401",
        "http-status",
        "probes with a wrong or missing token",
        on_answer(_no_auth_200),
    ),
    Fault(
        "html-error-page",
        "every error answered as an HTML error page, HTTP 500",
        "envelope",
        None,
        on_answer(_html_error_page),
    ),
    Fault(
        "wrong-content-type",
        "JSON answers labelled text/html",
        "content-type",
        None,
        on_answer(_wrong_content_type),
    ),
    Fault(
        "truncated-json",
        "get answers cut off halfway through the JSON",
        "envelope",
        None,
        on_answer(_truncated),
    ),
    Fault(
        "utf8-bom",
        "a UTF-8 byte order mark before every JSON body (a PHP file saved with a BOM)",
        "envelope",
        None,
        on_answer(_bom),
    ),
    Fault(
        "error-without-description",
        "method errors without error_description",
        "envelope",
        None,
        on_json(_error_without_description),
    ),
    Fault(
        "slow-response",
        f"successful get answers held back {SLOW_DEFAULT_S:g} s ({SLOW_ENV}), past a short client timeout",
        "transport",
        None,
        _slow,
        over_http=True,
    ),
)
