"""The pacer's bucket model, on a fake clock against simulated portals: no 503, the allowed rate, adapting."""

from __future__ import annotations

import itertools
import math
import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.client import PLANS, Pacer


class Portal:
    """The portal's request counter: refuses a request while above capacity, refused ones not counted.

    tick_phase None drains continuously (the mock's bucket); a number drains the whole second's worth
    at once, at each tick_phase + k seconds (the docs' "decreases by Y once per second").
    """

    def __init__(self, capacity: int, drain: float, clock, *, tick_phase: float | None = None, level=0.0):
        self.capacity, self.drain, self.clock, self.phase = capacity, drain, clock, tick_phase
        self.level = level
        self.updated = clock()
        self.refused = 0

    def _drain(self) -> None:
        now = self.clock()
        if self.phase is None:
            drained = (now - self.updated) * self.drain
        else:
            ticks = math.floor(now - self.phase) - math.floor(self.updated - self.phase)
            drained = ticks * self.drain
        self.level = max(0.0, self.level - drained)
        self.updated = now

    def admit(self) -> bool:
        self._drain()
        if self.level > self.capacity:
            self.refused += 1
            return False
        self.level += 1
        return True


def send(pacer: Pacer, portal: Portal, clock, count: int, *, neighbour=None) -> list[float]:
    """A sequential client: each request paced, sent, answered, and sent again after a 503."""
    times = []
    for _ in range(count):
        while True:
            pacer.acquire()
            if neighbour is not None:
                neighbour(clock())
            admitted = portal.admit()
            pacer.answered(limited=not admitted)
            if admitted:
                times.append(clock())
                break
    return times


def allowed_share(times: list[float], capacity: int, drain: float) -> float:
    """Requests sent as a share of what the plan admits between the first and the last send."""
    return len(times) / (capacity + drain * (times[-1] - times[0]))


def test_the_standard_plan_bursts_48_then_paces_at_2_per_second_with_no_503(clock):
    pacer = Pacer.plan("standard", clock=clock, sleep=clock.sleep)
    portal = Portal(50, 2.0, clock)
    times = send(pacer, portal, clock, 300)
    assert times[:48] == [0.0] * 48 and portal.refused == 0
    assert times[48] == pytest.approx(0.5) and times[-1] == pytest.approx(126.0)
    assert allowed_share(times, 50, 2.0) >= 0.99
    assert pacer.confirmed and pacer.limited == 0 and pacer.acquired == 300
    assert pacer.describe() == "standard plan: 2/s after a burst of 48 (burst confirmed, 2 of 50 kept free)"


def test_the_enterprise_plan_bursts_245_then_paces_at_5_per_second(clock):
    pacer = Pacer.plan("enterprise", clock=clock, sleep=clock.sleep)
    portal = Portal(250, 5.0, clock)
    times = send(pacer, portal, clock, 265)
    assert times[244] == 0.0 and times[245] == pytest.approx(0.2) and times[-1] == pytest.approx(4.0)
    assert portal.refused == 0
    assert PLANS == {"standard": (50, 2.0), "enterprise": (250, 5.0)}


@settings(max_examples=40, deadline=None)
@given(
    plan=st.sampled_from(sorted(PLANS)),
    phase=st.floats(0, 1, exclude_max=True),
    gaps=st.lists(st.sampled_from([0.0, 0.0, 0.0, 0.01, 0.3, 1.7, 12.0]), min_size=1, max_size=40),
)
def test_a_portal_that_drains_once_a_second_never_refuses(make_clock, plan, phase, gaps):
    clock = make_clock()
    capacity, drain = PLANS[plan]
    pacer = Pacer.plan(plan, clock=clock, sleep=clock.sleep)
    portal = Portal(capacity, drain, clock, tick_phase=phase)
    for gap in gaps:
        clock.sleep(gap)  # the caller's own work between its bursts
        send(pacer, portal, clock, capacity // 3)
    assert portal.refused == 0


def test_a_cautious_start_sends_one_seconds_drain_until_answers_show_room(clock):
    pacer = Pacer.plan("standard", clock=clock, sleep=clock.sleep)
    assert pacer.describe() == (
        "standard plan: 2/s after a burst of 48 (cautious start: 2 at once, more as answers show room,"
        " 2 of 50 kept free)"
    )
    waits = [pacer.acquire() for _ in range(4)]  # nobody reports an answer
    assert waits == [0.0, 0.0, pytest.approx(0.5), pytest.approx(0.5)]
    for _ in range(10):
        pacer.answered(limited=False)
    assert "burst unconfirmed: 12 shown free so far" in pacer.describe()
    assert not pacer.confirmed


def test_a_bucket_another_client_filled_costs_one_503_then_pacing_adapts(clock):
    pacer = Pacer.plan("standard", clock=clock, sleep=clock.sleep)
    portal = Portal(50, 2.0, clock, level=45.0)  # another application's burst, just before the run
    times = send(pacer, portal, clock, 80)
    assert portal.refused == 1 and pacer.limited == 1
    # right after the 503 the pacer takes half the drain (its sends at random within each slot, so
    # as not to land where a neighbour's would), and wins the rest back answer by answer
    gaps = [b - a for a, b in itertools.pairwise(times) if b > a]
    assert 1.0 - 1e-9 <= gaps[0] <= 1.5
    assert sum(gaps[-10:]) / 10 == pytest.approx(0.5, abs=0.03)
    assert pacer.rate_per_s == 2.0
    assert pacer.describe().startswith("standard plan: 2/s of 2/s after a burst of 48 (1 x 503 met")


def test_a_neighbour_that_keeps_sending_is_shared_with_not_fought(clock):
    pacer = Pacer.plan("standard", clock=clock, sleep=clock.sleep)
    portal = Portal(50, 2.0, clock)
    neighbour_sends = {"next": 0.0, "refused": 0}

    def neighbour(now: float) -> None:  # another application, steadily 1 request a second
        while neighbour_sends["next"] <= now:
            neighbour_sends["refused"] += not portal.admit()
            neighbour_sends["next"] += 1.0

    times = send(pacer, portal, clock, 400, neighbour=neighbour)
    steady = [t for t in times if t > 60]
    rate = (len(steady) - 1) / (steady[-1] - steady[0])
    assert 0.9 <= rate <= 1.05, f"the run takes what the neighbour leaves, 1/s; got {rate:.2f}/s"
    assert neighbour_sends["refused"] == 0, "the neighbour never meets a 503 because of the run"
    assert pacer.limited <= 30, "one 503 per cycle of winning the rate back, not one per request"


def test_an_idle_pause_refills_the_burst(clock):
    pacer = Pacer(10, 2.0, clock=clock, sleep=clock.sleep)
    portal = Portal(10, 2.0, clock)
    send(pacer, portal, clock, 10)
    clock.sleep(3.0)  # six requests' worth drained
    assert pacer.level == pytest.approx(4.0)
    before = clock()
    send(pacer, portal, clock, 6)
    assert clock() == before, "the drained room is used without waiting"
    assert pacer.acquire() == pytest.approx(0.5)


def test_saturate_counts_the_bucket_full_and_halves_the_rate(clock):
    pacer = Pacer(50, 2.0, clock=clock, sleep=clock.sleep)
    pacer.acquire()
    pacer.saturate()
    assert pacer.level == 50 and pacer.rate_per_s == 1.0
    assert 1.0 <= pacer.acquire() <= 1.5, "a slot at the halved rate, and up to half a slot at random"
    for _ in range(5):
        pacer.saturate()
    assert pacer.rate_per_s == 0.25, "never below an eighth of the drain"
    assert (
        pacer.describe()
        == "a bucket of 50: 0.25/s of 2/s after a burst of 50 (6 x 503 met: the bucket is shared)"
    )


def test_the_random_part_of_a_shared_wait_keeps_the_average_rate(make_clock):
    def waits(seed: int) -> tuple[list[float], float]:
        clock = make_clock()
        pacer = Pacer(50, 2.0, seed=seed, clock=clock, sleep=clock.sleep)
        pacer.saturate()  # 1/s from now on
        for _ in range(60):
            pacer.answered(limited=False)  # back to the full 2/s
        return [pacer.acquire() for _ in range(100)], clock()

    first, took = waits(seed=1)
    assert waits(seed=1) == (first, took), "the random part is seeded"
    assert len(set(first)) > 50, "the sends do not fall on the drain's own beat"
    assert took == pytest.approx(100 / 2.0, abs=0.5), "100 sends at 2/s, give or take half a slot"


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
    worst = max((j - i + 1) - 200.0 * (slots[j] - slots[i]) for j in range(40) for i in range(j + 1))
    assert worst <= 5 + 1e-6, "no window of sends held more than the bucket and its drain"


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((0, 2.0), {}, "Expected a bucket capacity of at least 1 request, got 0"),
        ((True, 2.0), {}, "Expected a bucket capacity of at least 1 request, got True"),
        ((50, 0), {}, "Expected a drain rate above 0 requests per second, got 0"),
        ((50, float("nan")), {}, "Expected a drain rate above 0 requests per second, got nan"),
        ((50, 2.0), {"spare": 50}, "Expected 0 <= spare < 50 requests kept free, got 50"),
    ],
)
def test_a_bucket_that_cannot_drain_or_hold_is_refused(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        Pacer(*args, **kwargs)


def test_an_unknown_plan_names_the_known_ones():
    with pytest.raises(ValueError, match="Expected a rate-limit plan 'standard' or 'enterprise', got 'free'"):
        Pacer.plan("free")
    assert repr(Pacer.plan("enterprise")) == "Pacer(capacity=250, drain_per_s=5, spare=5)"
