"""SIGINT, SIGTERM and SIGHUP stop a run one way: stop sending, delete what was made, report incomplete."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# After a second signal, the deletes under way get this long before the rest is left to the ledger.
CLEANUP_GRACE_S = 15.0
# A cleanup that starts after the grace period already ran out still gets this long for what it can do.
_LATE_GRACE_S = 2.0
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def take_over(handler: Any) -> dict[int, Any]:
    """Make handler the stop signals' handler; the handlers it replaced, by signal. Only the main
    thread may set handlers: elsewhere nothing changes and nothing is returned."""
    if threading.current_thread() is not threading.main_thread():
        return {}
    return {signum: signal.signal(signum, handler) for signum in STOP_SIGNALS}


def give_back(previous: dict[int, Any]) -> None:
    """Put back the handlers take_over replaced, and forget them."""
    for signum, handler in previous.items():
        signal.signal(signum, handler)
    previous.clear()


class CleanupCutShort(BaseException):
    """The grace period after a second signal ran out while the run was deleting what it made.

    A BaseException, like KeyboardInterrupt, so that no `except Exception` in a delete swallows it.
    """


class SignalGuard:
    """Turns the first stop signal into KeyboardInterrupt and bounds the cleanup after a second one."""

    def __init__(self) -> None:
        # The handler runs in the main thread between any two bytecodes, possibly while that thread
        # holds the recorder's lock: it only notes the signal here, and the plugin tells the recorder.
        self.stopped_by: str | None = None  # the first stop signal (SIGINT, SIGTERM, SIGHUP)
        self.hurry_since: float | None = None  # when a signal asked the cleanup to hurry
        self.finishing = False  # past the tests: a signal no longer breaks in, it bounds the cleanup
        self._cleaning = False
        self._expired = False
        self._previous: dict[int, Any] = {}

    def install(self) -> None:
        """Take over the stop signals (only the main thread may; elsewhere the defaults stay)."""
        self._previous.update(take_over(self._on_signal))

    def restore(self) -> None:
        """Give the stop signals back to whoever had them before."""
        self._disarm()
        give_back(self._previous)

    @contextmanager
    def cleaning(self) -> Iterator[None]:
        """Mark the cleanup under way: a signal now bounds it instead of breaking into it."""
        self.finishing = self._cleaning = True
        if self._expired:
            self._arm(_LATE_GRACE_S)
        try:
            yield
        finally:
            self._cleaning = False
            self._disarm()

    def _on_signal(self, signum: int, frame: Any) -> None:
        first = self.stopped_by is None
        if first:
            self.stopped_by = signal.Signals(signum).name
        if first and not self.finishing:
            # Noted only: the run stops at its next request or test (raise_if_stopped). Raised from the
            # handler, KeyboardInterrupt can land on an instruction without a line number, and pytest
            # then fails while it formats the interrupt.
            return
        if self.hurry_since is None:
            self.hurry_since = time.monotonic()
            self._arm(CLEANUP_GRACE_S)
        elif self._cleaning:
            raise CleanupCutShort  # asked a third time: the ledger keeps the rest

    def raise_if_stopped(self) -> None:
        """Raise KeyboardInterrupt when a stop signal came before the cleanup began: pytest then stops
        at the test under way and still finishes the session (cleanup, then reports)."""
        if self.stopped_by is not None and not self.finishing:
            raise KeyboardInterrupt(f"stopped by {self.stopped_by}")

    def _arm(self, seconds: float) -> None:
        if not self._previous or not hasattr(signal, "setitimer"):
            return
        handler = signal.signal(signal.SIGALRM, self._on_alarm)
        self._previous.setdefault(signal.SIGALRM, handler)
        signal.setitimer(signal.ITIMER_REAL, seconds)

    def _disarm(self) -> None:
        if self._previous and hasattr(signal, "setitimer"):
            signal.setitimer(signal.ITIMER_REAL, 0)

    def _on_alarm(self, signum: int, frame: Any) -> None:
        if self._cleaning:
            raise CleanupCutShort
        self._expired = True  # the cleanup has not started yet: it gets a short bound of its own
