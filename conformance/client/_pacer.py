"""A client-side leaky bucket that keeps a run under a portal's request-rate limit."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

# The portal's bucket: +1 per request, refused with 503 QUERY_LIMIT_EXCEEDED once above the capacity,
# drained at a fixed rate per second; per portal and per source IP.
PLANS: dict[str, tuple[int, float]] = {"standard": (50, 2.0), "enterprise": (250, 5.0)}


class Pacer:
    """A leaky bucket of `capacity` requests draining `drain_per_s` per second; acquire() waits for room."""

    def __init__(
        self,
        capacity: int,
        drain_per_s: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 1:
            raise ValueError(f"Expected a bucket capacity of at least 1 request, got {capacity!r}")
        if not drain_per_s > 0:
            raise ValueError(f"Expected a drain rate above 0 requests per second, got {drain_per_s!r}")
        self.capacity = capacity
        self.drain_per_s = float(drain_per_s)
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._level = 0.0
        self._updated = clock()
        self.acquired = 0
        self.waited_s = 0.0

    @classmethod
    def plan(
        cls,
        name: str,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> Pacer:
        """A pacer for a named portal plan: standard (50 burst, 2/s) or enterprise (250 burst, 5/s)."""
        if name not in PLANS:
            raise ValueError(f"Expected a rate-limit plan {' or '.join(map(repr, PLANS))}, got {name!r}")
        capacity, drain = PLANS[name]
        return cls(capacity, drain, clock=clock, sleep=sleep)

    def acquire(self) -> float:
        """Take room for one request, sleeping until the bucket has it; returns the seconds waited."""
        with self._lock:
            level = self._drained()
            # The slot is reserved now and the level may run ahead of the capacity: concurrent callers
            # queue behind each other, each sleeping until the bucket has drained its share.
            wait = max(0.0, (level + 1 - self.capacity) / self.drain_per_s)
            self._level = level + 1
            self.acquired += 1
            self.waited_s += wait
        if wait > 0:
            self._sleep(wait)
        return wait

    def saturate(self) -> None:
        """Treat the bucket as full, e.g. after the portal answered QUERY_LIMIT_EXCEEDED."""
        # Other clients behind the same IP share the portal's bucket, so the portal's word wins.
        with self._lock:
            self._level = max(self._drained(), float(self.capacity))

    @property
    def level(self) -> float:
        """How full the bucket is now, in requests (above capacity while callers are queued)."""
        with self._lock:
            return self._drained()

    def _drained(self) -> float:
        now = self._clock()
        self._level = max(0.0, self._level - (now - self._updated) * self.drain_per_s)
        self._updated = now
        return self._level

    def __repr__(self) -> str:
        return f"Pacer(capacity={self.capacity}, drain_per_s={self.drain_per_s:g})"
