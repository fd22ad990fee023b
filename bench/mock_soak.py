"""Soak the mock over HTTP with generated hostile requests; print what it answered and its peak RSS.

    python bench/mock_soak.py --requests 20000 --workers 8 --seed 1 --slow-clients 150

Prints requests sent, answers with status 5xx, non-JSON answers under /rest/, hangs (no answer within
--timeout), and the peak RSS of this process (the mock runs in it) against its RSS after start-up.
Then --slow-clients connections send a request head one byte a second for --slow-seconds: it prints
how long normal requests took meanwhile and when the mock closed the slow ones (its head deadline).
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import socket
import sys
import threading
import time
from pathlib import Path

import httpx
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from conformance.mock import MockConfig, MockPortal, RunningServer, serve

_SOAK = Path(__file__).resolve().parents[1] / "tests" / "mock" / "_soak.py"
_BATCH = 50


def _soak_module():
    # The strategies live beside the short soak test, so the bench and the test send the same kind.
    spec = importlib.util.spec_from_file_location("mock_soak_requests", _SOAK)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    """Run the soak; 0 when no answer was a 5xx, non-JSON or missing, else 1."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--slow-clients", type=int, default=150)
    parser.add_argument("--slow-seconds", type=float, default=15.0)
    args = parser.parse_args(argv)
    soak_module = _soak_module()
    portal = MockPortal(MockConfig(access_token="soak-1", second_access_token="soak-2", webhook_code="hook"))
    tally = soak_module.Tally()
    with serve(portal) as running:
        baseline = _peak_rss_mib()

        @seed(args.seed)
        @settings(
            max_examples=max(1, args.requests // _BATCH),
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(batch=st.lists(soak_module.probes("soak-1"), min_size=_BATCH, max_size=_BATCH))
        def run(batch):
            soak_module.soak(
                running.host, running.port, batch, workers=args.workers, timeout_s=args.timeout, tally=tally
            )

        run()
        slow = _slow_clients(running, args.slow_clients, args.slow_seconds, args.timeout)
    peak = _peak_rss_mib()
    print(f"requests sent:         {tally.sent}")
    print(f"5xx answers:           {tally.server_errors}")
    print(f"non-JSON under /rest/: {tally.not_json}")
    print(f"hangs (> {args.timeout:g} s):       {tally.hangs}")
    print(f"peak RSS:              {peak:.0f} MiB ({peak / baseline:.2f}x the RSS after start-up)")
    print(f"objects left:          {portal!r}")
    for example in tally.examples:
        print(f"  {example}")
    print(slow.line)
    return 0 if (tally.server_errors, tally.not_json, tally.hangs, slow.failed) == (0, 0, 0, 0) else 1


class _Slow:
    """What --slow-clients saw: the line to print and how many normal requests got no answer."""

    def __init__(self, line: str, failed: int) -> None:
        self.line = line
        self.failed = failed


def _slow_clients(running: RunningServer, count: int, seconds: float, timeout: float) -> _Slow:
    """count connections dribble a request head (a byte a second); normal requests go out meanwhile."""
    if count <= 0:
        return _Slow("slow clients:          none (--slow-clients 0)", 0)
    head = b"POST /rest/biconnector.connector.list HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100_000
    clients = [socket.create_connection((running.host, running.port), timeout=5) for _ in range(count)]
    closed_at: dict[int, float] = {}
    stop = threading.Event()
    started = time.monotonic()

    def drip() -> None:
        sent = 0
        while not stop.wait(1.0):
            for number, client in enumerate(clients):
                if number not in closed_at:
                    try:
                        client.send(head[sent : sent + 1])
                    except OSError:
                        closed_at[number] = time.monotonic() - started
            sent += 1

    dripping = threading.Thread(target=drip, daemon=True)
    dripping.start()
    took: list[float] = []
    failed = 0
    try:
        while time.monotonic() - started < seconds:
            sent = time.monotonic()
            try:
                httpx.post(f"{running.url}/rest/biconnector.connector.list", json={}, timeout=timeout)
                took.append(time.monotonic() - sent)
            except httpx.HTTPError:
                failed += 1
            time.sleep(0.5)
    finally:
        stop.set()
        dripping.join(5)
        for client in clients:
            client.close()
    when = (
        f"all closed by {max(closed_at.values()):.1f} s"
        if len(closed_at) == count
        else (f"{len(closed_at)} of {count} closed in {seconds:g} s")
    )
    line = (
        f"slow clients:          {count} sending a header byte a second: {len(took)} normal requests"
        f" answered in at most {max(took, default=0):.2f} s, {failed} unanswered; {when}"
    )
    return _Slow(line, failed)


if __name__ == "__main__":
    sys.exit(main())
