"""Stop signals: the first stops the tests at their next request or test, a second bounds the cleanup,
a third cuts it short; after the session they change nothing."""

from __future__ import annotations

import os
import signal

import pytest

from conformance.cli._late_signals import LateSignals
from conformance.engine import Recorder
from conformance.plugin._signals import STOP_SIGNALS, CleanupCutShort, SignalGuard


@pytest.fixture
def guard():
    guard = SignalGuard()
    guard.install()
    yield guard
    guard.restore()


def test_sigterm_stops_the_tests_like_ctrl_c_and_is_remembered(guard):
    guard.raise_if_stopped()  # nothing to stop yet
    os.kill(os.getpid(), signal.SIGTERM)  # noted, not raised where the signal happened to land
    assert guard.stopped_by == "SIGTERM"
    with pytest.raises(KeyboardInterrupt, match="stopped by SIGTERM"):
        guard.raise_if_stopped()


def test_a_second_signal_bounds_the_cleanup_and_a_third_cuts_it_short(guard):
    os.kill(os.getpid(), signal.SIGINT)
    with pytest.raises(CleanupCutShort), guard.cleaning():
        guard.raise_if_stopped()  # the cleanup is under way: a stop no longer breaks into it
        os.kill(os.getpid(), signal.SIGHUP)  # no exception: the deletes under way go on, within a bound
        assert guard.hurry_since is not None
        os.kill(os.getpid(), signal.SIGINT)
    assert guard.stopped_by == "SIGINT"


def test_a_signal_during_the_cleanup_of_a_whole_run_does_not_break_into_it(guard):
    with guard.cleaning():
        os.kill(os.getpid(), signal.SIGTERM)
    assert guard.stopped_by == "SIGTERM"


def test_restore_gives_the_signals_back():
    before = signal.getsignal(signal.SIGTERM)
    guard = SignalGuard()
    guard.install()
    assert signal.getsignal(signal.SIGTERM) != before
    guard.restore()
    assert signal.getsignal(signal.SIGTERM) == before


def test_the_handler_never_takes_the_recorder_lock(guard):
    # a signal may arrive while the main thread holds the recorder's (non-reentrant) lock
    recorder = Recorder()
    with recorder._lock:
        os.kill(os.getpid(), signal.SIGTERM)
    assert guard.stopped_by == "SIGTERM"


@pytest.fixture
def python_ctrl_c():
    """Python's own SIGINT handler in place, whatever this process (a pytest-xdist worker) had."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def test_before_the_session_ends_a_signal_does_what_it_did_before_run_took_it(python_ctrl_c):
    with LateSignals(), pytest.raises(KeyboardInterrupt):
        os.kill(os.getpid(), signal.SIGINT)


def test_after_the_session_a_signal_is_noted_and_raises_nothing(python_ctrl_c):
    # a second Ctrl-C just as the cleanup ends must not print a traceback under a settled verdict
    with LateSignals() as late:
        late.pytest_sessionfinish()
        os.kill(os.getpid(), signal.SIGINT)
        os.kill(os.getpid(), signal.SIGTERM)
    assert late.late == ["SIGINT", "SIGTERM"]


def test_late_signals_gives_the_handlers_back():
    before = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}
    with LateSignals():
        assert all(signal.getsignal(signum) != before[signum] for signum in STOP_SIGNALS)
    assert {signum: signal.getsignal(signum) for signum in STOP_SIGNALS} == before
