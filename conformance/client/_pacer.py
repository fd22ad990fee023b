"""A client-side model of a portal's leaky bucket that keeps a run under its request-rate limit."""

from __future__ import annotations

import math
import random
import threading
import time
from collections.abc import Callable

# The portal's bucket: +1 per request, refused with 503 QUERY_LIMIT_EXCEEDED once above the capacity,
# drained at a fixed rate per second; per portal and per source IP.
PLANS: dict[str, tuple[int, float]] = {"standard": (50, 2.0), "enterprise": (250, 5.0)}

# After a 503 the rate taken is halved, never below this share of the drain, and each answer that is
# not a 503 gives back this share: other clients behind the same IP drain the same bucket.
_MIN_SHARE = 1 / 8
_RECOVERY_SHARE = 1 / 50
# Once the bucket is known to be shared, each wait gets up to this share of a slot added at random. A
# client paced at exactly the drain lands on the instant a slot frees, so a neighbour sending at its own
# times would meet the refusals and this client none, never learning to leave it room. The average rate
# is kept: the model drains during the longer sleep too, so the next wait is shorter by as much.
_SHARED_JITTER = 1 / 2


class Pacer:
    """A leaky bucket of `capacity` requests draining `drain_per_s` per second; acquire() waits for room.

    The model never lets the bucket hold more than `capacity - spare` requests. The answers tell the
    rest, since the portal's `time` block carries no counter: the start is cautious (the room beyond
    one second's drain is counted as taken by others until `answered()` frees it, one per answer
    that is not a 503), and a 503 means someone else fills the same bucket: the model counts the
    bucket as full and halves the rate it takes, winning it back a little with each later answer.
    """

    def __init__(
        self,
        capacity: int,
        drain_per_s: float,
        *,
        spare: int = 0,
        name: str | None = None,
        seed: int = 0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 1:
            raise ValueError(f"Expected a bucket capacity of at least 1 request, got {capacity!r}")
        if not drain_per_s > 0 or not math.isfinite(drain_per_s):
            raise ValueError(f"Expected a drain rate above 0 requests per second, got {drain_per_s!r}")
        if isinstance(spare, bool) or not isinstance(spare, int) or not 0 <= spare < capacity:
            raise ValueError(f"Expected 0 <= spare < {capacity} requests kept free, got {spare!r}")
        self.capacity = capacity
        self.drain_per_s = float(drain_per_s)
        self.spare = spare
        self.name = name
        self.burst = capacity - spare
        # Room not yet shown free by an answer: all of the burst but one second's drain.
        self._unknown = self.burst - min(self.burst, math.ceil(self.drain_per_s))
        self._clock = clock
        self._sleep = sleep
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._level = 0.0
        self._updated = clock()
        self._rate = self.drain_per_s  # the drain the model counts as this client's
        self.acquired = 0
        self.waited_s = 0.0
        self.limited = 0  # 503 answers met

    @classmethod
    def plan(
        cls,
        name: str,
        *,
        seed: int = 0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> Pacer:
        """A pacer for a named portal plan: standard (50 burst, 2/s) or enterprise (250 burst, 5/s)."""
        if name not in PLANS:
            raise ValueError(f"Expected a rate-limit plan {' or '.join(map(repr, PLANS))}, got {name!r}")
        capacity, drain = PLANS[name]
        # The docs' counter drops by the drain once a second, not continuously: just before a tick it
        # holds up to one second's drain more than a continuous model says, so that much is kept free.
        return cls(capacity, drain, spare=math.ceil(drain), name=name, seed=seed, clock=clock, sleep=sleep)

    def acquire(self) -> float:
        """Take room for one request, sleeping until the bucket has it; returns the seconds waited."""
        with self._lock:
            level = self._drained()
            # The slot is reserved now and the level may run ahead of the burst: concurrent callers
            # queue behind each other, each sleeping until the bucket has drained its share.
            wait = max(0.0, (level + self._unknown + 1 - self.burst) / self._rate)
            if wait > 0 and self.limited:
                wait += self._random.random() * _SHARED_JITTER / self._rate
            self._level = level + 1
            self.acquired += 1
            self.waited_s += wait
        if wait > 0:
            self._sleep(wait)
        return wait

    def answered(self, *, limited: bool) -> None:
        """Learn from an answer: limited (a 503) means the bucket is fuller than the model thought."""
        with self._lock:
            level = self._drained()  # drained at the rate in force until now
            if limited:
                self.limited += 1
                # The portal's counter is at its capacity now, whatever the model said: the answer
                # shows exactly where the bucket is, so nothing of it is unknown any more.
                self._level = max(level, float(self.burst))
                self._unknown = 0
                self._rate = max(self.drain_per_s * _MIN_SHARE, self._rate / 2)
            else:
                self._unknown = max(0, self._unknown - 1)
                self._rate = min(self.drain_per_s, self._rate + self.drain_per_s * _RECOVERY_SHARE)

    def saturate(self) -> None:
        """Treat the bucket as full, e.g. after the portal answered QUERY_LIMIT_EXCEEDED."""
        self.answered(limited=True)

    @property
    def level(self) -> float:
        """How full the model's bucket is now, in requests (above the burst while callers are queued)."""
        with self._lock:
            return self._drained()

    @property
    def confirmed(self) -> bool:
        """Whether the answers have shown room for the whole burst and no 503 came."""
        with self._lock:
            return self._unknown == 0 and self.limited == 0

    @property
    def rate_per_s(self) -> float:
        """The drain rate the model counts as this client's: the plan's, or less after a 503."""
        with self._lock:
            return self._rate

    def describe(self) -> str:
        """One line on the pacing in force, for a run's header and its end."""
        with self._lock:
            shown, rate = self.burst - self._unknown, self._rate
            limited, started = self.limited, self.acquired
        what = f"{self.name} plan" if self.name else f"a bucket of {self.capacity}"
        kept = f", {self.spare} of {self.capacity} kept free" if self.spare else ""
        pace = f"{_number(self.drain_per_s)}/s"
        if limited:
            pace = f"{_number(rate)}/s of {pace}"
            state = f"{limited} x 503 met: the bucket is shared"
        elif shown == self.burst:
            state = "burst confirmed"
        elif not started:
            state = f"cautious start: {shown} at once, more as answers show room"
        else:
            state = f"burst unconfirmed: {shown} shown free so far"
        return f"{what}: {pace} after a burst of {self.burst} ({state}{kept})"

    def _drained(self) -> float:
        now = self._clock()
        self._level = max(0.0, self._level - (now - self._updated) * self._rate)
        self._updated = now
        return self._level

    def __repr__(self) -> str:
        spare = f", spare={self.spare}" if self.spare else ""
        return f"Pacer(capacity={self.capacity}, drain_per_s={self.drain_per_s:g}{spare})"


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
