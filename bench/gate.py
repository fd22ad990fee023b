"""Benchmark: a live release gate, simulated: `run --profile gate` over HTTP against a mock enforcing a
rate-limit plan (the standard plan by default: 50 requests at once, then 2 a second), against the
unpacked quick run's cells.

Run from a checkout with the package installed:  python bench/gate.py [--seed 1] [--plan standard]
Prints the gate's requests, wall time and the 503 QUERY_LIMIT_EXCEEDED answers the mock gave, the
same for a quick run under the same plan (--with-quick: it takes minutes), and whether the gate probed
every (method, input class) cell of an unpacked quick run against the in-process mock. The issue's
targets (at most 120 requests and 60 s, 0 x 503, the same cells) are printed as met or MISSED.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from conformance.engine import bundled_mock
from conformance.mock import MockConfig, serve

TOKENS = ("gate-bench-token", "gate-bench-second")
WEBHOOK_CODE = "gate-bench-webhook"
MOST_REQUESTS, MOST_SECONDS = 120, 60.0


def cells(summary: dict) -> set[tuple[str, str]]:
    return {
        (method, name) for method, entry in summary["coverage"].items() for name in entry["input_classes"]
    }


def run(report_dir: Path, *args: str, webhook: str | None = None) -> tuple[dict, float]:
    """`b24-conformance run ARGS` in a child process (the webhook, if given, as a CI secret would be
    given): its summary and wall time."""
    env = {**os.environ, "B24_ACCESS_TOKEN": TOKENS[0], **({"B24_WEBHOOK": webhook} if webhook else {})}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "conformance.cli", "run", "--report-dir", str(report_dir), *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    seconds = time.perf_counter() - started
    path = report_dir / "summary.json"
    if not path.exists():
        raise SystemExit(f"bench: a run wrote no summary (exit {done.returncode}):\n{done.stderr[-2000:]}")
    return json.loads(path.read_text(encoding="utf-8")), seconds


def limited_run(profile: str, seed: str, plan: str, report_dir: Path) -> dict:
    """One run of profile over HTTP against a mock that enforces plan; what it sent and met."""
    portal = bundled_mock(
        MockConfig(
            access_token=TOKENS[0], second_access_token=TOKENS[1], webhook_code=WEBHOOK_CODE, rate_limit=plan
        )
    )
    with serve(portal) as server:
        summary, seconds = run(
            report_dir,
            *("--profile", profile, "--seed", seed, "--target", f"{server.url}/rest/"),
            *("--second-access-token", TOKENS[1], "--rate-limit", plan),
            webhook=server.url + portal.webhook_path,
        )
    return {"summary": summary, "seconds": seconds, "refused": portal.bucket.refused}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", default="1", help="the seed of every run (default 1)")
    parser.add_argument("--plan", choices=("standard", "enterprise"), default="standard")
    parser.add_argument("--with-quick", action="store_true", help="also a quick run under the same plan")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch_dir = Path(scratch)
        quick, _ = run(scratch_dir / "quick-in-process", "--profile", "quick", "--seed", args.seed)
        gate = limited_run("gate", args.seed, args.plan, scratch_dir / "gate")
        rows = [("gate", gate)]
        if args.with_quick:
            rows.append(("quick", limited_run("quick", args.seed, args.plan, scratch_dir / "quick")))
    print(f"gate bench: seed {args.seed}, over HTTP with --webhook against `mock --rate-limit {args.plan}`")
    for name, row in rows:
        summary = row["summary"]
        print(
            f"  {name:5} {summary['verdict']:12} {summary['requests']:5} requests  {row['seconds']:6.1f} s"
            f"  {row['refused']} x 503 QUERY_LIMIT_EXCEEDED  pacing: {summary['pacing']}"
        )
    summary = gate["summary"]
    wanted, probed = cells(quick), cells(summary)
    print(
        f"  cells (method x input class): the unpacked quick run {len(wanted)}, the gate {len(probed)},"
        f" missing from the gate {len(wanted - probed)}"
    )
    for method, input_class in sorted(wanted - probed)[:20]:
        print(f"    missing: {method} {input_class}")
    targets = {
        f"at most {MOST_REQUESTS} requests": summary["requests"] <= MOST_REQUESTS,
        f"at most {MOST_SECONDS:g} s": gate["seconds"] <= MOST_SECONDS,
        "0 x 503": gate["refused"] == 0,
        "the quick run's cells": wanted <= probed,
        "conformant": summary["verdict"] == "conformant",
    }
    for target, met in targets.items():
        print(f"  target {target}: {'met' if met else 'MISSED'}")
    return 0 if all(targets.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
