"""Stop signals after the suite's session: the verdict is settled, so they are noted and change nothing."""

from __future__ import annotations

import os
import signal
from types import TracebackType
from typing import Any

from ..plugin import give_back, take_over


class LateSignals:
    """The stop signals' handler around `pytest.main` in `run`; as a pytest plugin, it marks the session end.

    During the session the suite's own guard holds the signals (it stops the tests, bounds the cleanup)
    and hands them back here when the session is over. Before that, a signal does what it did before
    (Ctrl-C raises KeyboardInterrupt: "interrupted before the run began"). After it, while pytest
    finishes and the verdict line prints, a signal (a second Ctrl-C pressed just as the cleanup ends)
    is only noted: Python's own handler would raise KeyboardInterrupt wherever the main thread happens
    to be, a garbage collector's callback included, and print a traceback under a settled verdict.
    """

    def __init__(self) -> None:
        self.session_over = False
        self.late: list[str] = []  # names of the signals that came after the session
        self._previous: dict[int, Any] = {}

    def pytest_sessionfinish(self) -> None:
        self.session_over = True

    def __enter__(self) -> LateSignals:
        self._previous.update(take_over(self._on_signal))
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        give_back(self._previous)

    def _on_signal(self, signum: int, frame: Any) -> None:
        if self.session_over:
            self.late.append(signal.Signals(signum).name)
            return
        previous = self._previous.get(signum, signal.SIG_DFL)
        if callable(previous):
            previous(signum, frame)
        elif previous != signal.SIG_IGN:
            # the default action (SIGTERM, SIGHUP: the process ends by the signal), as without us
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
