"""The bodies the mock sends: success and method errors with a time block, framework errors without."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import Any

from werkzeug.wrappers import Response

from ..contract import Placement
from ._errors import FrameworkFailure, MethodError

CONTENT_TYPE = "application/json; charset=utf-8"


class Clock:
    """The time block of one call: start from the portal's clock, durations from the perf counter."""

    def __init__(self, now: Callable[[], float] = time.time) -> None:
        self.start = now()
        self._started = time.perf_counter()
        self._processing_started: float | None = None
        self.extra: dict[str, Any] = {}  # operating and operating_reset_at while the limiter is on

    def begin_processing(self) -> None:
        """Mark the moment the method itself starts (after routing and authentication)."""
        self._processing_started = time.perf_counter()

    def processing(self) -> float:
        """Seconds since begin_processing (0 before it)."""
        now = time.perf_counter()
        return now - (self._processing_started or now)

    def block(self) -> dict[str, Any]:
        """The time block as of now; the perf counter keeps duration >= processing >= 0."""
        now = time.perf_counter()
        duration = now - self._started
        processing = now - (self._processing_started or now)
        finish = self.start + duration
        return {
            "start": self.start,
            "finish": finish,
            "duration": duration,
            "processing": min(processing, duration),
            "date_start": _date_c(self.start),
            "date_finish": _date_c(finish),
            **self.extra,
        }


def _date_c(moment: float) -> str:
    # PHP date('c'): local time, whole seconds, numeric offset (+00:00, never Z).
    second = int(moment)
    if 0 <= moment - second < 0.999:  # clear of the rounding to microseconds at the next second
        return _date_c_of_second(second)
    return _date_c_exactly(moment)


@lru_cache(maxsize=4)
def _date_c_of_second(second: int) -> str:
    # two stamps per answer, thousands of answers a second: the local time zone is looked up once each
    return _date_c_exactly(second)


def _date_c_exactly(moment: float) -> str:
    return datetime.fromtimestamp(moment).astimezone().replace(microsecond=0).isoformat()


def success(result: Any, clock: Clock) -> Response:
    """HTTP 200 {"result": ..., "time": {...}}."""
    return _json(200, success_body(result, clock))


def success_body(result: Any, clock: Clock) -> dict[str, Any]:
    """{"result": ..., "time": {...}}."""
    return {"result": result, "time": clock.block()}


def method_error_body(error: MethodError, placement: Placement, clock: Clock) -> dict[str, Any]:
    """The error nested in result (with time), or at the root.

    The root placement imitates the framework's as-is path for bodies with a top-level error,
    which skips the time block, so a root method error carries no time either.
    """
    body = {"error": error.code, "error_description": error.description}
    if placement == "nested":
        return {"result": {"error": body}, "time": clock.block()}
    return body


def framework_error(failure: FrameworkFailure) -> Response:
    """The failure's status with {"error", "error_description"} at the root and no time."""
    return _json(failure.status, {"error": failure.code, "error_description": failure.description})


def json_response(status: int, body: Any) -> Response:
    """A JSON body with the portal's content type."""
    return _json(status, body)


def _json(status: int, body: Any) -> Response:
    text = json.dumps(body, ensure_ascii=False, allow_nan=False)
    return Response(text.encode("utf-8"), status=status, content_type=CONTENT_TYPE)
