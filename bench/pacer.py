"""Benchmark: the client's pacer against `b24-conformance mock --rate-limit PLAN` served over HTTP.

Run from a checkout with the package installed:  python bench/pacer.py [--requests 300] [--plan standard]
Prints the requests answered, the 503s met, and the rate achieved as a share of what the plan allows
over the same time (the bucket at once, then its drain per second); the target is a share of at least
0.95 with no 503. --prefill N lets another application send N requests just before the run, and
--neighbour R keeps one sending R requests a second during it: the pacer then meets 503s and adapts.
Exits 1 when the plain run (no prefill, no neighbour) misses the target.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time

from _mock_process import mock_process

from conformance.client import PLANS, Client, Pacer, RetryPolicy, Target

TOKEN = "bench-pacer-token"
METHOD = "biconnector.connector.fields"


def other_application(base: str, count: int) -> int:
    """Another application's burst on the same portal (same IP, same bucket); the requests it got in."""
    with Client(Target.parse(base, access_token=TOKEN)) as client:
        return sum(client.call(METHOD).response.status != 503 for _ in range(count))


class Neighbour(threading.Thread):
    """Another application sending `rate` requests a second, unpaced, until stopped."""

    def __init__(self, base: str, rate: float) -> None:
        super().__init__(daemon=True)
        self.base, self.rate = base, rate
        self.stopped = threading.Event()
        self.sent = self.refused = 0

    def run(self) -> None:
        with Client(Target.parse(self.base, access_token=TOKEN)) as client:
            next_at = time.monotonic()
            while not self.stopped.is_set():
                self.refused += client.call(METHOD).response.status == 503
                self.sent += 1
                next_at += 1 / self.rate
                self.stopped.wait(max(0.0, next_at - time.monotonic()))


def paced_run(base: str, plan: str, requests: int) -> tuple[Pacer, list[float]]:
    """requests calls through the run's client with the plan's pacer; when each answer came."""
    pacer = Pacer.plan(plan)
    done = []
    with Client(Target.parse(base, access_token=TOKEN), pacer=pacer, retry=RetryPolicy(seed=1)) as client:
        started = time.monotonic()
        for _ in range(requests):
            exchange = client.call(METHOD)
            if exchange.response.status != 200:
                raise SystemExit(f"bench: {METHOD} answered HTTP {exchange.response.status} after retries")
            done.append(time.monotonic() - started)
    return pacer, done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="paced requests to send (default 300)")
    parser.add_argument("--plan", choices=sorted(PLANS), default="standard")
    parser.add_argument("--prefill", type=int, default=0, help="another application's burst before the run")
    parser.add_argument("--neighbour", type=float, default=0.0, help="another application's rate, per second")
    args = parser.parse_args()
    capacity, drain = PLANS[args.plan]
    with mock_process(TOKEN, "--rate-limit", args.plan) as mock:
        base = mock.rest_url
        prefilled = other_application(base, args.prefill) if args.prefill else 0
        neighbour = Neighbour(base, args.neighbour) if args.neighbour > 0 else None
        if neighbour is not None:
            neighbour.start()
        pacer, done = paced_run(base, args.plan, args.requests)
        if neighbour is not None:
            neighbour.stopped.set()
            neighbour.join(timeout=10)
    seconds = done[-1]
    allowed = capacity + drain * seconds
    share = len(done) / allowed
    steady = done[pacer.burst :]  # the answers paced by the drain, once the burst was spent
    after_burst = (len(steady) - 1) / (steady[-1] - steady[0]) if len(steady) > 1 else 0.0
    print(
        f"pacer bench: {len(done)} requests through the client to `mock --rate-limit {args.plan}` over HTTP"
    )
    if prefilled:
        print(f"  another application sent {prefilled} requests just before the run")
    if neighbour is not None:
        print(
            f"  another application sent {neighbour.sent} requests at {args.neighbour:g}/s during the run,"
            f" {neighbour.refused} of them refused with 503"
        )
    print(f"  pacing in force at the end: {pacer.describe()}")
    print(
        f"  requests {len(done)}, 503s met {pacer.limited}, {seconds:.1f} s; the plan allows"
        f" {allowed:.0f} in that time: achieved/allowed {share:.3f};"
        f" after the burst {after_burst:.2f}/s of {drain:g}/s ({after_burst / drain:.3f})"
    )
    plain = not args.prefill and neighbour is None
    if not plain:
        others = prefilled + (neighbour.sent - neighbour.refused if neighbour is not None else 0)
        print(
            f"  the bucket carried {len(done) + others} requests of both applications:"
            f" {(len(done) + others) / allowed:.3f} of what the plan allows"
        )
    met = share >= 0.95 and pacer.limited == 0
    if plain:
        print(f"  target: achieved/allowed >= 0.95 and 0 x 503: {'met' if met else 'MISSED'}")
    return 0 if met or not plain else 1


if __name__ == "__main__":
    sys.exit(main())
