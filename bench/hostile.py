"""Each hostile-target case once against the client: time to the verdict and peak RSS, per case.

Every case runs in a child process of its own so that its peak RSS is its own; a well-behaved server
("baseline") gives the figure the others are compared with. Usage: python bench/hostile.py [--timeout S]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from conformance.client import Client, Target, TransportError

ZOO_FILE = Path(__file__).resolve().parent.parent / "tests" / "hostile" / "conftest.py"


def _zoo():
    spec = importlib.util.spec_from_file_location("hostile_zoo", ZOO_FILE)
    assert spec is not None and spec.loader is not None, f"Expected the hostile zoo at {ZOO_FILE.name}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def one_case(name: str, timeout: float) -> dict[str, object]:
    """Run one case against a fresh client in this process; what came of it and how long it took."""
    zoo = _zoo()
    behaviours = {**zoo.CASES, "baseline": zoo.recorder}
    if name == "gzip-bomb":
        zoo.gzip_bomb()  # built before the clock starts
    elsewhere = zoo.HostileServer(zoo.recorder)
    server = zoo.HostileServer(behaviours[name], redirect_to=elsewhere.port)
    scheme = "https" if name == "https-to-plain" else "http"
    target = Target.parse(f"{scheme}://127.0.0.1:{server.port}/rest/", access_token="bench-token")
    started = time.perf_counter()
    try:
        with Client(target, timeout=timeout) as client:
            try:
                response = client.call("biconnector.connector.list", {}).response
                verdict = f"HTTP {response.status}" + ("" if response.is_json else " not JSON")
            except TransportError as exc:
                verdict = f"transport {exc.kind}"
        seconds = time.perf_counter() - started
    finally:
        server.stop()
        elsewhere.stop()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"case": name, "verdict": verdict, "seconds": seconds, "peak_rss_mib": peak_kib / 1024}


def main() -> int:
    """Run every case in its own child process and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=2.0, help="the client's deadline per answer, s")
    parser.add_argument("--case", help=argparse.SUPPRESS)  # the child's job: one case, JSON on stdout
    args = parser.parse_args()
    if args.case:
        print(json.dumps(one_case(args.case, args.timeout)))
        return 0
    names = ["baseline", *_zoo().CASES]
    rows = []
    for name in names:
        child = [sys.executable, __file__, "--case", name, "--timeout", str(args.timeout)]
        done = subprocess.run(child, capture_output=True, text=True, timeout=120, check=True)
        rows.append(json.loads(done.stdout))
    base = rows[0]["peak_rss_mib"]
    print(f"client deadline {args.timeout:g} s, default cap; one call per case, each in its own process")
    print(
        f"{'case':<16} {'verdict':<22} {'time s':>7} {'/deadline':>9} {'peak RSS MiB':>12} {'/baseline':>9}"
    )
    for row in rows:
        print(
            f"{row['case']:<16} {row['verdict']:<22} {row['seconds']:>7.2f}"
            f" {row['seconds'] / args.timeout:>9.2f} {row['peak_rss_mib']:>12.1f}"
            f" {row['peak_rss_mib'] / base:>9.2f}"
        )
    worst_time = max(row["seconds"] for row in rows)
    worst_rss = max(row["peak_rss_mib"] for row in rows)
    print(f"slowest verdict {worst_time:.2f} s ({worst_time / args.timeout:.2f} x the deadline);")
    print(f"highest peak RSS {worst_rss:.1f} MiB ({worst_rss / base:.2f} x the baseline)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
