"""The leaky-bucket pacer: a full burst at once, then the drain rate, never more than the bucket holds."""

from __future__ import annotations

import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.client import PLANS, Pacer


def _overflow(sends: list[float], capacity: int, drain: float) -> float:
    """How far the portal's bucket, fed the send times, went above its capacity (<= 0: never)."""
    # A continuously draining bucket that starts empty is over capacity at send j exactly when some
    # window of sends i..j holds more than capacity + drain * (t_j - t_i) requests.
    worst = float("-inf")
    for j, end in enumerate(sends):
        for i in range(j + 1):
            worst = max(worst, (j - i + 1) - drain * (end - sends[i]) - capacity)
    return worst


def _send_times(pacer: Pacer, clock, count: int) -> list[float]:
    times = []
    for _ in range(count):
        pacer.acquire()
        times.append(clock())
    return times


def test_the_standard_plan_allows_a_burst_of_50_then_2_per_second(clock):
    pacer = Pacer.plan("standard", clock=clock, sleep=clock.sleep)
    burst = _send_times(pacer, clock, 50)
    assert burst == [0.0] * 50 and clock.sleeps == []
    steady = _send_times(pacer, clock, 100)
    assert steady[0] == pytest.approx(0.5)
    assert steady[-1] == pytest.approx(50.0), "100 requests after the burst take 50 s at 2 per second"
    assert pacer.acquired == 150 and pacer.waited_s == pytest.approx(50.0)
    assert _overflow(burst + steady, 50, 2.0) <= 1e-9


def test_the_enterprise_plan_allows_250_then_5_per_second(clock):
    pacer = Pacer.plan("enterprise", clock=clock, sleep=clock.sleep)
    times = _send_times(pacer, clock, 260)
    assert times[249] == 0.0
    assert times[250] == pytest.approx(0.2)
    assert times[259] == pytest.approx(2.0)
    assert PLANS == {"standard": (50, 2.0), "enterprise": (250, 5.0)}


def test_an_idle_pause_refills_the_burst(clock):
    pacer = Pacer(10, 2.0, clock=clock, sleep=clock.sleep)
    _send_times(pacer, clock, 10)
    clock.sleep(3.0)  # six requests' worth drained
    assert pacer.level == pytest.approx(4.0)
    before = clock()
    _send_times(pacer, clock, 6)
    assert clock() == before, "the drained room is used without waiting"
    assert pacer.acquire() == pytest.approx(0.5)


@settings(max_examples=60, deadline=None)
@given(
    capacity=st.integers(1, 12),
    drain=st.sampled_from([0.5, 1.0, 2.0, 5.0, 7.5]),
    gaps=st.lists(st.floats(0, 3, allow_nan=False), min_size=1, max_size=60),
)
def test_the_portal_bucket_never_overflows_whatever_the_caller_does(make_clock, capacity, drain, gaps):
    clock = make_clock()
    pacer = Pacer(capacity, drain, clock=clock, sleep=clock.sleep)
    sends = []
    for gap in gaps:
        clock.sleep(gap)  # the caller's own work between requests
        pacer.acquire()
        sends.append(clock())
    assert _overflow(sends, capacity, drain) <= 1e-9
    # ... and it never waits longer than it must: the send right after a wait fills the bucket exactly.
    waited = [i for i, s in enumerate(sends) if i and s - sends[i - 1] > gaps[i] + 1e-9]
    for j in waited:
        assert _overflow(sends[: j + 1], capacity, drain) == pytest.approx(0, abs=1e-6)


def test_saturate_makes_the_next_request_wait_one_drain_step(clock):
    pacer = Pacer(50, 2.0, clock=clock, sleep=clock.sleep)
    pacer.acquire()
    pacer.saturate()
    assert pacer.level == 50
    assert pacer.acquire() == pytest.approx(0.5)


def test_threads_share_the_bucket_without_overflowing_it():
    # Each acquire reads the clock once, under the pacer's lock; that reading plus the wait it returns
    # is the moment its request may go, whenever the scheduler lets the thread run again.
    seen = threading.local()

    def clock() -> float:
        seen.now = time.monotonic()
        return seen.now

    pacer = Pacer(5, 200.0, clock=clock)  # 40 requests take (40 - 5) / 200 = 0.175 s
    slots: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(5):
            wait = pacer.acquire()
            with lock:
                slots.append(seen.now + wait)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(slots) == 40 and pacer.acquired == 40
    slots.sort()
    assert slots[-1] - slots[0] >= 0.175 - 1e-6
    assert _overflow(slots, 5, 200.0) <= 1e-6


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0, 2.0), "Expected a bucket capacity of at least 1 request, got 0"),
        ((True, 2.0), "Expected a bucket capacity of at least 1 request, got True"),
        ((50, 0), "Expected a drain rate above 0 requests per second, got 0"),
        ((50, float("nan")), "Expected a drain rate above 0 requests per second, got nan"),
    ],
)
def test_a_bucket_that_cannot_drain_or_hold_is_refused(args, message):
    with pytest.raises(ValueError, match=message):
        Pacer(*args)


def test_an_unknown_plan_names_the_known_ones():
    with pytest.raises(ValueError, match="Expected a rate-limit plan 'standard' or 'enterprise', got 'free'"):
        Pacer.plan("free")
    assert repr(Pacer.plan("enterprise")) == "Pacer(capacity=250, drain_per_s=5)"
