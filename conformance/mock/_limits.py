"""The portal's two limits: the request-rate leaky bucket and the per-method operating-time baskets."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from ._errors import framework_error

# Operating time is kept in this many baskets; a basket drops out this many basket lengths after
# the first call it recorded.
BASKETS = 10


class RequestBucket:
    """A leaky bucket per portal: +1 per admitted request, drained continuously, refusing above capacity.

    The docs say the counter drops by Y once per second; draining Y/s continuously admits the same
    sustained rate and is what a client-side pacer models, so a paced client never sees a 503. A
    refused request does not fill the bucket: a client that backs off recovers at the drain rate.
    """

    def __init__(self, capacity: int, drain_per_s: float, clock: Callable[[], float]) -> None:
        self.capacity = capacity
        self.drain_per_s = drain_per_s
        self._clock = clock
        self._lock = threading.Lock()
        self._level = 0.0
        self._updated = clock()
        self.admitted = 0
        self.refused = 0

    def admit(self) -> None:
        """Count one request, or raise 503 QUERY_LIMIT_EXCEEDED when the counter is over capacity."""
        with self._lock:
            now = self._clock()
            self._level = max(0.0, self._level - (now - self._updated) * self.drain_per_s)
            self._updated = now
            if self._level > self.capacity:
                self.refused += 1
                raise framework_error("QUERY_LIMIT_EXCEEDED")
            self._level += 1
            self.admitted += 1

    def __repr__(self) -> str:
        return f"RequestBucket(capacity={self.capacity}, drain_per_s={self.drain_per_s:g})"


@dataclass
class _Basket:
    start: float
    seconds: float = 0.0


@dataclass
class _Account:
    baskets: list[_Basket] = field(default_factory=list)


class OperatingLimiter:
    """Operating time per (method, application or webhook) in 10 baskets; blocks once over the limit.

    A basket opens with the first call after the previous one's length has passed and drops out
    BASKETS lengths after that call, as the docs describe the cloud's accounting. The check runs
    before a call; the call that pushes the sum over the limit still completes.
    """

    def __init__(self, limit_s: float, basket_s: float, clock: Callable[[], float]) -> None:
        self.limit_s = limit_s
        self.basket_s = basket_s
        self._clock = clock
        self._lock = threading.Lock()
        self._accounts: dict[Hashable, _Account] = {}

    def check(self, key: Hashable) -> None:
        """Raise the 429 OPERATION_TIME_LIMIT failure when key's accumulated time is over the limit."""
        with self._lock:
            if self._live(key, self._clock()) > self.limit_s:
                raise framework_error("OPERATION_TIME_LIMIT")

    def charge(self, key: Hashable, seconds: float) -> dict[str, Any]:
        """Add a call's operating time to key; the operating and operating_reset_at keys of its time block."""
        with self._lock:
            now = self._clock()
            self._live(key, now)
            baskets = self._accounts.setdefault(key, _Account()).baskets
            if not baskets or now >= baskets[-1].start + self.basket_s:
                baskets.append(_Basket(now))
            baskets[-1].seconds += seconds
            return {
                "operating_reset_at": self._stamp(baskets[0].start + BASKETS * self.basket_s),
                "operating": sum(basket.seconds for basket in baskets),
            }

    def _live(self, key: Hashable, now: float) -> float:
        account = self._accounts.get(key)
        if account is None:
            return 0.0
        window = BASKETS * self.basket_s
        account.baskets = [basket for basket in account.baskets if now < basket.start + window]
        return sum(basket.seconds for basket in account.baskets)

    def _stamp(self, moment: float) -> float:
        # The module sends a whole Unix second; a window scaled below whole seconds keeps its fraction.
        return math.ceil(moment) if float(self.basket_s).is_integer() else moment

    def __repr__(self) -> str:
        return f"OperatingLimiter(limit_s={self.limit_s:g}, basket_s={self.basket_s:g})"
