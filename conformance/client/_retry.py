"""When to send a request again: rate limits, overload and transient transport faults, within a time bound."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from typing import Any

from conformance.exchange import Response

from ._transport import TransportError

QUERY_LIMIT = "QUERY_LIMIT_EXCEEDED"
OPERATION_LIMIT = "OPERATION_TIME_LIMIT"
# A read sent twice changes nothing; an add, update or delete whose answer was lost may have happened,
# and sending it again would make a duplicate or turn a success into *_NOT_FOUND.
_SAFE_ACTIONS = frozenset({"get", "list", "fields"})
_TRANSIENT_KINDS = frozenset({"reset", "timeout"})


class RetryPolicy:
    """Exponential backoff with seeded jitter for 503, 429 and transient faults, bounded in tries and time."""

    def __init__(
        self,
        *,
        max_attempts: int = 6,
        max_total_s: float = 120.0,
        base_delay_s: float = 1.0,
        max_delay_s: float = 30.0,
        jitter: float = 0.5,
        seed: int = 0,
        retry_unsafe: bool = False,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], float] = time.time,
    ) -> None:
        if max_attempts < 1:
            raise ValueError(f"Expected max_attempts of at least 1, got {max_attempts!r}")
        if max_total_s < 0 or base_delay_s < 0 or max_delay_s < 0:
            raise ValueError(
                "Expected non-negative times, got"
                f" max_total_s={max_total_s!r}, base_delay_s={base_delay_s!r}, max_delay_s={max_delay_s!r}"
            )
        if not 0 <= jitter <= 1:
            raise ValueError(f"Expected jitter between 0 and 1, got {jitter!r}")
        self.max_attempts = max_attempts
        self.max_total_s = max_total_s
        self.base_delay_s = base_delay_s
        self.max_delay_s = max_delay_s
        self.jitter = jitter
        self.seed = seed
        self.retry_unsafe = retry_unsafe
        self.clock = clock
        self.sleep = sleep
        self.now = now
        self._random = random.Random(seed)
        self._lock = threading.Lock()

    def response_reason(self, response: Response) -> str | None:
        """Why this answer is worth sending again: QUERY_LIMIT_EXCEEDED, OPERATION_TIME_LIMIT, HTTP 503."""
        code = root_error(response)
        if response.status == 503:
            return code if code == QUERY_LIMIT else f"HTTP 503{f' {code}' if code else ''}"
        if response.status == 429:
            return code if code == OPERATION_LIMIT else f"HTTP 429{f' {code}' if code else ''}"
        return None

    def transport_reason(self, error: TransportError, method: str) -> str | None:
        """Why this transport fault is worth sending again: a reset or timeout on a safe method."""
        if error.kind not in _TRANSIENT_KINDS:
            return None
        if not self.retry_unsafe and method.rpartition(".")[2] not in _SAFE_ACTIONS:
            return None
        return error.kind

    def delay(self, attempt: int, started: float, *, reset_at: float | None = None) -> float | None:
        """Seconds to wait before try attempt+1, or None when the tries or the time are used up."""
        if attempt >= self.max_attempts:
            return None
        if reset_at is not None and reset_at > self.now():
            # The portal said when the method unblocks; a second after that, not a guess, is the wait.
            wait = reset_at - self.now() + 1.0
        else:
            backoff = min(self.max_delay_s, self.base_delay_s * 2 ** (attempt - 1))
            with self._lock:
                wait = backoff * (1 - self.jitter * self._random.random())
        if self.clock() - started + wait > self.max_total_s:
            return None
        return wait

    def __repr__(self) -> str:
        return (
            f"RetryPolicy(max_attempts={self.max_attempts}, max_total_s={self.max_total_s:g},"
            f" base_delay_s={self.base_delay_s:g}, max_delay_s={self.max_delay_s:g},"
            f" jitter={self.jitter:g}, seed={self.seed})"
        )


def root_error(response: Response) -> str | None:
    """The root-level error code of a JSON answer, or None."""
    body = response.json if response.is_json else None
    if isinstance(body, dict) and isinstance(body.get("error"), str | int) and body["error"] != "":
        return str(body["error"])
    return None


def operating_reset_at(response: Response) -> float | None:
    """time.operating_reset_at of an answer: when the method's oldest operating-time basket drops."""
    body: Any = response.json if response.is_json else None
    times = body.get("time") if isinstance(body, dict) else None
    stamp = times.get("operating_reset_at") if isinstance(times, dict) else None
    if isinstance(stamp, int | float) and not isinstance(stamp, bool):
        return float(stamp)
    return None
