"""Benchmark: requests of `run --batch` with the batched probes of all methods packed into shared batch
calls, against one batch call per method and example (packing off) and against no --batch at all.

For each profile, three runs of the same seed against the in-process mock: plain, --batch with packing
off (B24_BATCH_PACKING=off: each batched test on its one-method path, as before packing) and --batch.
Prints the requests of each, the ratios, the minutes each would take at the standard plan's 2 requests a
second, and whether the packed run probed the same (method, input class) cells and saw the same error
codes as the plain one. Usage: python bench/batch_pack.py [--profiles quick standard] [--seed 3]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PACKING_SWITCH = "B24_BATCH_PACKING"
KINDS = {"plain": ((), "on"), "unpacked": (("--batch",), "off"), "packed": (("--batch",), "on")}


def suite_run(report_dir: Path, args: tuple[str, ...], packing: str) -> dict:
    """Run `b24-conformance run ARGS` in a child process; its summary plus wall time."""
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "conformance.cli", "run", "--report-dir", str(report_dir), *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, PACKING_SWITCH: packing},
    )
    summary_path = report_dir / "summary.json"
    if not summary_path.exists():
        raise SystemExit(
            f"bench: a run wrote no summary (exit {completed.returncode}):\n{completed.stderr[-2000:]}"
        )
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    return {**summary, "wall_s": time.perf_counter() - started}


def cells(summary: dict) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Per method the input classes probed and the error codes seen."""
    return {
        method: (frozenset(entry["input_classes"]), frozenset(entry["error_codes"]))
        for method, entry in summary["coverage"].items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", nargs="+", default=["quick", "standard"])
    parser.add_argument("--seed", default="3")
    args = parser.parse_args(argv)
    runs = [(profile, kind) for profile in args.profiles for kind in KINDS]
    with tempfile.TemporaryDirectory() as scratch_dir, ThreadPoolExecutor(max_workers=2) as pool:
        scratch = Path(scratch_dir)
        summaries = dict(
            zip(
                runs,
                pool.map(
                    lambda run: suite_run(
                        scratch / f"{run[0]}-{run[1]}",
                        ("--profile", run[0], "--seed", args.seed, *KINDS[run[1]][0]),
                        KINDS[run[1]][1],
                    ),
                    runs,
                ),
                strict=True,
            )
        )
    for profile in args.profiles:
        plain, unpacked, packed = (summaries[profile, kind] for kind in KINDS)
        counts = {kind: summaries[profile, kind]["requests"] for kind in KINDS}
        plain_n, unpacked_n, packed_n = counts["plain"], counts["unpacked"], counts["packed"]
        print(
            f"{profile:8s} seed {args.seed}: {plain_n:5d} requests plain, {unpacked_n:5d} with --batch "
            f"before packing ({unpacked_n / plain_n:.2f}x), {packed_n:5d} with --batch packed "
            f"({packed_n / plain_n:.2f}x of plain, {packed_n / unpacked_n:.2f}x of before); at 2 requests "
            f"a second {plain_n / 120:.1f} / {unpacked_n / 120:.1f} / {packed_n / 120:.1f} min; "
            f"same cells and codes as plain: {cells(packed) == cells(plain)}; verdicts "
            f"{plain['verdict']} / {unpacked['verdict']} / {packed['verdict']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
