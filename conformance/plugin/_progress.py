"""The run's own terminal display: a header, progress by phase and method, pytest's dots left out.

`b24-conformance run` loads this module as a pytest plugin (`-p`) unless `--debug` or `-v` asks for
pytest's output. It takes the place of pytest's terminal reporter, as plugins that restyle pytest's
output do, and keeps everything of it but the per-test letters and the counts line: the summary, the
warnings and an interrupt's line still come from pytest, the findings from the report hooks.

On a terminal (and not in CI) one status line is redrawn twice a second: phase, method, requests,
elapsed time, fail and warn so far. Elsewhere, plain lines: one per finished phase and one every
half minute while a phase runs. A finished phase always leaves its line.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator

import pytest
from _pytest.terminal import TerminalReporter

from ._keys import DISPLAY, RECORDER, RUN_CONFIG

REDRAW_S = 0.5  # how often the live status line is drawn
HEARTBEAT_S = 30.0  # how long plain output stays silent while a phase runs
# What each suite module checks, named for the person reading the progress.
PHASES = {
    "test_access": "webhook reach",
    "test_framework": "framework errors",
    "test_ids": "ids",
    "test_fields": "fields",
    "test_lists": "lists",
    "test_relations": "relations",
    "test_lifecycle": "lifecycle",
    "test_schemathesis": "stateful (schemathesis)",
    "test_batch": "batch",
}
_PHASE_WIDTH = max(map(len, PHASES.values()))


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    """Put the display in place of pytest's terminal reporter (which exists by now: trylast)."""
    standard = config.pluginmanager.get_plugin("terminalreporter")
    if standard is None or RUN_CONFIG not in config.stash or hasattr(config, "workerinput"):
        return
    if getattr(config.option, "numprocesses", None):
        return  # pytest-xdist: the recordings reach this process only at the end; pytest's output stays
    stream = _terminal_stream()
    live = stream.isatty() and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"
    display = RunDisplay(config, stream, live=live)
    config.pluginmanager.unregister(standard)
    config.pluginmanager.register(display, "terminalreporter")
    config.stash[DISPLAY] = True


def pytest_unconfigure(config: pytest.Config) -> None:
    display = config.pluginmanager.get_plugin("terminalreporter")
    if isinstance(display, RunDisplay):
        display.close()


def _terminal_stream() -> io.TextIOBase:
    """A stream to this process's stdout that pytest's capturing does not redirect.

    Tests run with file descriptor 1 pointed elsewhere; a copy of the descriptor taken now still
    reaches the terminal, so the status line can be drawn while a test runs. A stdout without a
    descriptor (a caller's capture) is used as it is.
    """
    sys.stdout.flush()
    try:
        descriptor = os.dup(sys.stdout.fileno())
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return sys.stdout
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    return open(descriptor, "w", encoding=encoding, errors="replace", buffering=1)


class RunDisplay(TerminalReporter):
    """pytest's terminal reporter with the run's header and progress instead of per-test letters."""

    def __init__(self, config: pytest.Config, stream: io.TextIOBase, *, live: bool) -> None:
        super().__init__(config, stream)
        self.live = live
        self._stream = stream
        self._lock = threading.Lock()
        self._status_shown = False
        self._phase_sizes: Counter[str] = Counter()
        self._phase_done: Counter[str] = Counter()
        self._phase_skipped: Counter[str] = Counter()
        # when each phase began, with the requests sent and the fail and warn counts before it
        self._phase_started: dict[str, tuple[float, int, Counter[str]]] = {}
        self._phase: str | None = None
        self._test = ""
        self._last_line_at = time.monotonic()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    # -- what pytest calls -------------------------------------------------------------------------

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        super().pytest_collection_finish(session)
        items = [item for item in session.items if item.get_closest_marker("b24")]
        if not items or self.config.option.collectonly:
            return
        self._phase_sizes.update(_phase_of(item.nodeid) for item in items)
        for line in header_lines(self.config):
            self.write_line(line)
        self._ticker = threading.Thread(target=self._tick, name="b24-progress", daemon=True)
        self._ticker.start()

    def pytest_runtest_logstart(self, nodeid: str, location: tuple) -> None:
        phase = _phase_of(nodeid)
        with self._lock:
            if phase not in self._phase_started:
                before = Counter(self._recorder.counts())
                self._phase_started[phase] = (time.monotonic(), self._recorder.requests, before)
            self._phase, self._test = phase, _subject_of(nodeid)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        with self._muted():  # pytest's bookkeeping (stats for the summary) without its letters
            super().pytest_runtest_logreport(report)
        if report.skipped:
            self._phase_skipped[_phase_of(report.nodeid)] += 1

    def pytest_runtest_logfinish(self, nodeid: str, location: tuple) -> None:
        standard = getattr(super(), "pytest_runtest_logfinish", None)  # not in every pytest version
        if standard is not None:
            with self._muted():
                standard(nodeid, location)
        phase = _phase_of(nodeid)
        self._phase_done[phase] += 1
        if self._phase_done[phase] == self._phase_sizes[phase]:
            self._phase_line(phase)

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int):
        self._stop_ticker()
        for phase in self._phase_started:  # a phase an interrupt or the budget cut short
            if self._phase_done[phase] < self._phase_sizes[phase]:
                self._phase_line(phase)
        return (yield from super().pytest_sessionfinish(session, exitstatus))

    def close(self) -> None:
        """Stop drawing and let go of the terminal stream (a copy of stdout's descriptor)."""
        self._stop_ticker()
        if self._stream is not sys.stdout and not self._stream.closed:
            self._stream.close()

    @pytest.hookimpl(wrapper=True)
    def pytest_runtestloop(self):
        """pytest's loop without its closing "[100%]": the phase lines said how far the run came."""
        return (yield)

    def summary_stats(self) -> None:
        """pytest's "N failed, M passed" line: the verdict line says what that means for the run."""

    def write_sep(self, sep: str, title: str | None = None, fullwidth: int | None = None, **markup) -> None:
        # pytest-html announces its file; the run's summary names all three reports already
        if title and title.startswith("Generated html report"):
            return
        super().write_sep(sep, title, fullwidth, **markup)

    def ensure_newline(self) -> None:
        with self._lock:
            self._clear_status()
        super().ensure_newline()

    # -- the display ---------------------------------------------------------------------------

    @property
    def _recorder(self):
        return self.config.stash[RECORDER]

    def _phase_line(self, phase: str) -> None:
        """A finished (or cut short) phase: its tests, requests, time, and the findings it added."""
        started, requests_before, counts_before = self._phase_started.get(
            phase, (time.monotonic(), self._recorder.requests, Counter(self._recorder.counts()))
        )
        done, size = self._phase_done[phase], self._phase_sizes[phase]
        tests = f"{done} test{'s' if done != 1 else ''}" if done == size else f"{done} of {size} tests"
        skipped = self._phase_skipped[phase]
        self._permanent(
            f"  {PHASES.get(phase, phase):<{_PHASE_WIDTH}} {tests:>10} "
            f"{self._recorder.requests - requests_before:>6} requests {time.monotonic() - started:6.1f} s  ",
            since=counts_before,
            end=f" ({skipped} skipped)" if skipped else "",
        )

    def _permanent(self, text: str, *, since: Counter[str] | None = None, end: str = "") -> None:
        """A line that stays, ending with the fail and warn findings since the counts given."""
        with self._lock:
            self._clear_status()
            self._tw.write(text)
            self._write_counts(since or Counter())
            self._tw.write(end)
            self._tw.line()
            self._tw.flush()
            self._last_line_at = time.monotonic()

    def _write_counts(self, since: Counter[str]) -> None:
        counts = Counter(self._recorder.counts())
        counts.subtract(since)
        self._tw.write(f"{counts['fail']} fail", red=bool(counts["fail"]), bold=bool(counts["fail"]))
        self._tw.write(", ")
        self._tw.write(f"{counts['warn']} warn", yellow=bool(counts["warn"]))

    def _tick(self) -> None:
        while not self._stop.wait(REDRAW_S if self.live else 1.0):
            if self.live:
                self._draw_status()
            elif time.monotonic() - self._last_line_at >= HEARTBEAT_S and self._phase is not None:
                phase = self._phase
                done, size = self._phase_done[phase], self._phase_sizes[phase]
                self._permanent(
                    f"  ... {PHASES.get(phase, phase)}: {done} of {size} tests, {self._running_facts()}, "
                )

    def _running_facts(self) -> str:
        elapsed = time.monotonic() - self._recorder.started
        return f"{self._recorder.requests} requests, {elapsed:.0f} s"

    def _stop_ticker(self) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
            self._ticker = None
        with self._lock:
            self._clear_status()

    def _draw_status(self) -> None:
        with self._lock:
            if self._phase is None:
                return
            phase = self._phase
            self._tw.write(
                f"\r\x1b[K  {PHASES.get(phase, phase)} {self._phase_done[phase]}/{self._phase_sizes[phase]}; "
                f"run so far: {self._running_facts()}, "
            )
            self._write_counts(Counter())
            room = self._tw.fullwidth - self._tw.width_of_current_line - 3
            if room > 10:  # what the test under way is about, cut to what fits the line
                subject = self._test if len(self._test) <= room else self._test[: room - 1] + "…"
                self._tw.write(f"  {subject}")
            self._tw.flush()
            self._status_shown = True

    def _clear_status(self) -> None:
        """Erase the status line (the caller holds the lock)."""
        if self._status_shown:
            self._tw.write("\r\x1b[K")
            self._status_shown = False

    @contextlib.contextmanager
    def _muted(self) -> Iterator[None]:
        """pytest's own per-test output goes nowhere while inside."""
        writer = self._tw
        self._tw = type(writer)(io.StringIO())
        try:
            yield
        finally:
            self._tw = writer


def header_lines(config: pytest.Config) -> list[str]:
    """What the run tests and how: target, auth, error placement, profile, seed, pacing, budget."""
    from ..client import shown_target

    run = config.stash[RUN_CONFIG]
    if run.is_mock:
        target = "the bundled mock, in-process" + (
            f" (faults: {', '.join(run.mock_faults)})" if run.mock_faults else ""
        )
    else:
        target = shown_target(run.target)
    budget = f"at most {run.budget} requests" if run.budget is not None else "no request budget"
    lines = [
        f"b24-conformance: {target}; auth {_auth_of(run)}, method errors expected {run.error_placement}",
        f"  profile {run.profile.name}, seed {run.seed}, pacing {run.pacing}, {budget}"
        + (", probes in batch calls" if run.batch else "")
        + (", read-only" if run.read_only else ""),
    ]
    if run.pacing != "off":
        from ..client import Pacer

        lines.append(f"  pacing: {Pacer.plan(run.pacing).describe()}")
    return lines


def _auth_of(run) -> str:
    if run.auth is not None:
        return run.auth
    if run.is_mock or run.access_token:
        return "oauth"
    return "webhook"


def _phase_of(nodeid: str) -> str:
    """The suite module a test is in (test_ids for test_ids.py::...)."""
    return nodeid.split("::", 1)[0].rpartition("/")[2].removesuffix(".py")


def _subject_of(nodeid: str) -> str:
    """What a test is about: its parameters (a method, a class) or else its name."""
    name = nodeid.rpartition("::")[2]
    test, _, params = name.partition("[")
    return params.rstrip("]") or test
