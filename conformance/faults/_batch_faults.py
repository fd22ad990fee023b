"""Faults of the batch method's answer: what only a run with --batch sends, and so only it can catch."""

from __future__ import annotations

from typing import Any

from ._fault import Fault, on_json
from ._wsgi import FaultRequest

_BATCHED = "run --batch: the id and list probes sent as commands of batch calls"


def _batch_result(request: FaultRequest, body: Any) -> dict[str, Any] | None:
    result = body.get("result") if request.method == "batch" and isinstance(body, dict) else None
    return result if isinstance(result, dict) else None


def _drop_last_command(request: FaultRequest, body: Any) -> Any:
    result = _batch_result(request, body)
    if result is None:
        return None
    answered = [
        key
        for name in ("result", "result_error")
        if isinstance(result.get(name), dict)
        for key in result[name]
    ]
    if not answered:
        return None
    for name in ("result", "result_error", "result_time", "result_total", "result_next"):
        if isinstance(result.get(name), dict):
            result[name].pop(answered[-1], None)
    return body


def _drop_command_times(request: FaultRequest, body: Any) -> Any:
    result = _batch_result(request, body)
    if result is None or not result.get("result_time"):
        return None
    result["result_time"] = []
    return body


def _fail_whole_batch(request: FaultRequest, body: Any) -> Any:
    result = _batch_result(request, body)
    if result is None:
        return None
    answers = result.get("result")
    nested = any(
        isinstance(a, dict) and "error" in a for a in (answers.values() if isinstance(answers, dict) else ())
    )
    return body if nested or result.get("result_error") else None


BATCH_FAULTS = (
    Fault(
        "batch-drops-a-command",
        "a batch answers its last command in neither result nor result_error",
        "batch",
        _BATCHED,
        on_json(_drop_last_command),
    ),
    Fault(
        "batch-without-command-times",
        "a batch leaves result_time empty, so no command's answer carries its time",
        "time",
        _BATCHED,
        on_json(_drop_command_times),
    ),
    Fault(
        "batch-400-on-command-error",
        "a batch with a command that ended in an error answers HTTP 400 instead of 200",
        "batch",
        _BATCHED,
        on_json(_fail_whole_batch, status=400),
    ),
)
