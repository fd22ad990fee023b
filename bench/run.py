"""Benchmark: request rates, per-profile wall time and peak memory, measured in one run on this machine.

Run from a checkout with the package installed: python bench/run.py [--requests N] [--profiles quick,standard]
Figures are ratios taken in the same run, because absolute rates vary with the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from conformance.client import Client, Target
from conformance.mock import MockConfig, MockPortal, serve


def bare_loop(client: Client, requests: int) -> float:
    """Requests per second of a plain client loop: connector.get over and over, no checks, no Hypothesis."""
    started = time.perf_counter()
    for number in range(requests):
        client.call("biconnector.connector.get", {"id": number % 50 + 1})
    return requests / (time.perf_counter() - started)


def suite_run(profile: str, extra: list[str], report_dir: Path) -> dict:
    """Run `b24-conformance run` in a child process and return its summary with the wall time."""
    started = time.perf_counter()
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "conformance.cli",
            "run",
            "--profile",
            profile,
            "--seed",
            "1",
            "--report-dir",
            str(report_dir),
            *extra,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    summary_path = report_dir / "summary.json"
    if not summary_path.exists():
        raise SystemExit(
            f"bench: the {profile} run wrote no summary (exit {completed.returncode}):\n{completed.stderr}"
        )
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    summary["wall_s"] = wall
    summary["exit"] = completed.returncode
    return summary


def peak_child_memory_mib() -> float:
    """The largest resident set of any child process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests of each bare loop")
    parser.add_argument("--profiles", default="quick,standard,deep")
    args = parser.parse_args(argv)
    print(
        f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.system()}"
    )

    portal = MockPortal(MockConfig(access_token="bench-token"))
    with Client(Target.in_process(portal, "bench-token")) as client:
        bare_in_process = bare_loop(client, args.requests)
    with (
        serve(portal) as server,
        Client(Target.parse(f"{server.url}/rest/", access_token="bench-token")) as client,
    ):
        bare_http = bare_loop(client, args.requests)
    print(f"bare client loop, in-process mock: {bare_in_process:8.0f} req/s")
    print(
        f"bare client loop, mock over HTTP:  {bare_http:8.0f} req/s "
        f"(HTTP costs {bare_in_process / bare_http:.1f}x)"
    )

    with tempfile.TemporaryDirectory() as scratch:
        for profile in args.profiles.split(","):
            summary = suite_run(profile, [], Path(scratch) / profile)
            rate = summary["requests"] / summary["duration_s"]
            print(
                f"suite {profile:8s} in-process: {summary['requests']:6d} requests, "
                f"{summary['wall_s']:6.1f} s wall, {rate:7.0f} req/s; "
                f"bare loop is {bare_in_process / rate:.1f}x faster; verdict {summary['verdict']}"
            )
        with serve(MockPortal(MockConfig(access_token="bench-token"))) as server:
            summary = suite_run(
                "standard",
                ["--target", f"{server.url}/rest/", "--auth", "oauth", "--access-token", "bench-token"],
                Path(scratch) / "http",
            )
        rate = summary["requests"] / summary["duration_s"]
        print(
            f"suite standard over HTTP:  {summary['requests']:6d} requests, {summary['wall_s']:6.1f} s wall, "
            f"{rate:7.0f} req/s; bare HTTP loop is {bare_http / rate:.1f}x faster"
        )
    print(f"peak memory of a run (largest child): {peak_child_memory_mib():.0f} MiB")
    compare = Path(__file__).with_name("schemathesis_compare.py")
    if compare.exists():
        subprocess.run([sys.executable, str(compare)], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
