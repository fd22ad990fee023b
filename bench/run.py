"""Benchmark: request rates, profile wall times, memory, rate-limit use, false alarms and what --batch
saves, in one run.

Run from a checkout with the package installed:  python bench/run.py [--quick-bench] [--deep]
Figures are ratios taken in the same run, because absolute rates vary with the machine and its load:
each suite run's rate is held against the bare loop measured just before and just after it, and
against its floor: a suite of the run's shape that checks nothing (_floor.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from _floor import floor_run, shape_recording
from _mock_process import MockProcess, mock_process

from conformance.client import Client, Target
from conformance.engine import bundled_mock
from conformance.mock import MockConfig, RunningServer, serve

HERE = Path(__file__).parent
TOKEN = "bench-token"


def bare_loop(
    client: Client, requests: int, rounds: int = 3, server: MockProcess | None = None
) -> tuple[float, float]:
    """Requests per second of a plain client loop (connector.get over and over, no checks, no
    Hypothesis) and its CPU milliseconds per request: this process's, and server's when it is given.

    The medians of rounds loops, so that a moment of load from elsewhere on the machine does not set them.
    """
    found, cpu = [], []
    for _ in range(rounds):
        started, cpu_started = time.perf_counter(), _cpu_s(server)
        for number in range(requests):
            client.call("biconnector.connector.get", {"id": number % 50 + 1})
        found.append(requests / (time.perf_counter() - started))
        cpu.append(1000 * (_cpu_s(server) - cpu_started) / requests)
    return statistics.median(found), statistics.median(cpu)


def _cpu_s(server: MockProcess | None) -> float:
    """CPU seconds of this process so far, with those of server (a mock process) when given."""
    return time.process_time() + (server.cpu_s() if server is not None else 0.0)


def suite_run(
    report_dir: Path, *args: str, server: MockProcess | None = None, shape_file: Path | None = None
) -> dict:
    """Run `b24-conformance run ARGS` in a child process; its summary plus wall time, exit code and CPU
    seconds (the child's, and meanwhile this process's and server's, the mock process it runs against).

    With shape_file, the run writes there the requests each of its tests sent (see _floor.py).
    """
    pytest_args, environment = shape_recording(shape_file) if shape_file is not None else ([], {})
    started, cpu_started, child_started = time.perf_counter(), _cpu_s(server), _children_cpu_s()
    completed = subprocess.run(
        [sys.executable, "-m", "conformance.cli", "run", "--report-dir", str(report_dir), *args]
        + (["--", *pytest_args] if pytest_args else []),
        capture_output=True,
        text=True,
        env={**os.environ, **environment},
        check=False,
    )
    summary_path = report_dir / "summary.json"
    if not summary_path.exists():
        raise SystemExit(
            f"bench: a run wrote no summary (exit {completed.returncode}):\n{completed.stderr[-2000:]}"
        )
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    cpu_s = _children_cpu_s() - child_started + _cpu_s(server) - cpu_started
    return {**summary, "wall_s": time.perf_counter() - started, "exit": completed.returncode, "cpu_s": cpu_s}


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cpu_note(summary: dict, bare_cpu_ms: float) -> str:
    """CPU per request of a run against the bare loop's: the ratio that load from elsewhere moves least."""
    per_request = 1000 * summary["cpu_s"] / summary["requests"]
    ratio = per_request / bare_cpu_ms
    return f"CPU {per_request:.2f} ms/request vs the bare loop's {bare_cpu_ms:.2f} ({ratio:.1f}x)"


def served_target(server: RunningServer) -> tuple[str, ...]:
    """The run options that aim a suite run at a served mock, with the bench's token."""
    return ("--target", f"{server.url}/rest/", "--access-token", TOKEN)


def rate(summary: dict) -> float:
    return summary["requests"] / summary["duration_s"]


def peak_child_memory_mib() -> float:
    """The largest resident set of any child process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


Bare = tuple[float, float]  # requests per second, CPU milliseconds per request


def bare_in_process(requests: int) -> Bare:
    """The bare loop against the bundled mock called in this process."""
    with Client(Target.in_process(bundled_mock(MockConfig(access_token=TOKEN)), TOKEN)) as client:
        return bare_loop(client, requests)


def bare_over_http(requests: int) -> Bare:
    """The bare loop over HTTP against the mock in a process of its own, as the suite's run meets it.

    Served by this process instead, the mock would share the interpreter with the loop and slow it by
    about a fifth (figures before 2026-12-07 were taken that way, and flattered the suite).
    """
    with mock_process(TOKEN) as server, Client(Target.parse(server.rest_url, access_token=TOKEN)) as client:
        return bare_loop(client, requests, server=server)


Runs = tuple[dict, dict]  # a suite run's summary, and its floor's figures (see _floor.py)


def around(bare: Callable[[], Bare], run: Callable[[], Runs]) -> tuple[Runs, Bare, str]:
    """run, with the bare loop measured just before and just after it: what run returned, the mean of
    the two bare figures (a drift of the machine's load during the run moves both sides alike), and
    the two rates as text."""
    before = bare()
    runs = run()
    after = bare()
    mean = ((before[0] + after[0]) / 2, (before[1] + after[1]) / 2)
    return runs, mean, f"{before[0]:.0f} req/s before, {after[0]:.0f} after"


def suite_and_floor(scratch: Path, *args: str, floor_target: str, server: MockProcess | None = None) -> Runs:
    """A suite run with ARGS, then the floor suite of its shape against floor_target."""
    shape_file = scratch / "shape.json"
    summary = suite_run(scratch / "run", *args, server=server, shape_file=shape_file)
    shape = json.loads(shape_file.read_text(encoding="utf-8"))
    cpu_started, child_started = _cpu_s(server), _children_cpu_s()
    floor = floor_run(scratch / "floor", shape, floor_target, TOKEN)
    return summary, {**floor, "cpu_s": _children_cpu_s() - child_started + _cpu_s(server) - cpu_started}


def profiles(scratch: Path, names: list[str], requests: int) -> None:
    for name in names:
        (summary, floor), bare, readings = around(
            lambda: bare_in_process(requests),
            lambda name=name: suite_and_floor(
                scratch / name, "--profile", name, "--seed", "1", floor_target="in-process"
            ),
        )
        print(
            f"suite {name:8s} in-process: {summary['requests']:6d} requests, "
            f"{summary['wall_s']:6.1f} s wall, "
            f"{rate(summary):6.0f} req/s; "
            f"the bare loop ({readings}) is {bare[0] / rate(summary):4.1f}x faster; "
            f"{cpu_note(summary, bare[1])}; {summary['verdict']}"
        )
        print(floor_note(summary, floor, bare))

    def over_http() -> Runs:
        with mock_process(TOKEN) as server:
            return suite_and_floor(
                scratch / "http",
                *("--profile", "quick", "--seed", "1", "--rate-limit", "off"),
                *("--target", server.rest_url, "--access-token", TOKEN),
                floor_target=server.rest_url,
                server=server,
            )

    (summary, floor), bare, readings = around(lambda: bare_over_http(requests), over_http)
    print(
        f"suite quick    over HTTP:  {summary['requests']:6d} requests, "
        f"{summary['wall_s']:6.1f} s wall, "
        f"{rate(summary):6.0f} req/s; the bare HTTP loop, the mock in a process of its own ({readings}), "
        f"is {bare[0] / rate(summary):4.1f}x faster; "
        f"{cpu_note(summary, bare[1])}; {summary['verdict']}"
    )
    print(floor_note(summary, floor, bare))


def floor_note(summary: dict, floor: dict, bare: Bare) -> str:
    """The run held against its floor, a suite of its shape that checks nothing (see _floor.py)."""
    floor_rate = rate(floor)
    return (
        f"  its floor, {floor['tests']} tests and {floor['requests']} examples of the bare loop's call, "
        f"nothing checked: {floor_rate:6.0f} req/s, the bare loop {bare[0] / floor_rate:4.1f}x faster; "
        f"{cpu_note(floor, bare[1])}; the floor is {floor_rate / rate(summary):4.1f}x faster than the run"
    )


def rate_limit_use(scratch: Path, budget: int) -> None:
    """A paced run against a standard-plan mock: the share of the allowed rate used, and findings."""
    portal = bundled_mock(MockConfig(access_token=TOKEN, rate_limit="standard"))
    with serve(portal) as server:
        summary = suite_run(
            scratch / "paced",
            "--profile",
            "standard",
            "--seed",
            "1",
            *served_target(server),
            "--rate-limit",
            "standard",
            "--budget",
            str(budget),
        )
        refused = portal.bucket.refused
    seconds = summary["duration_s"]
    allowed = 50 + 2 * seconds  # the standard bucket: 50 at once, then 2 a second
    fails = [f for f in summary["findings"] if f["severity"] == "fail"]
    print(
        f"paced against a standard-plan mock: {summary['requests']} requests in {seconds:.1f} s = "
        f"{100 * summary['requests'] / allowed:.0f}% of the {allowed:.0f} the plan allows; "
        f"503s from the mock: {refused}; fail findings: {len(fails)}"
    )


def batching(scratch: Path, profiles: list[str]) -> None:
    """The same seed with and without --batch: requests saved, and whether the same classes were probed."""

    def probed(summary: dict) -> set[tuple[str, str]]:
        return {
            (method, name)
            for method, entry in summary["coverage"].items()
            for name in entry["input_classes"]
            if name.startswith(("id.", "list.", "fields."))
        }

    runs = [(name, extra) for name in profiles for extra in ((), ("--batch",))]
    with ThreadPoolExecutor(max_workers=2) as pool:
        summaries = list(
            pool.map(
                lambda run: suite_run(
                    scratch / f"batch-{run[0]}-{len(run[1])}", "--profile", run[0], "--seed", "3", *run[1]
                ),
                runs,
            )
        )
    for index, name in enumerate(profiles):
        plain, batched = summaries[2 * index], summaries[2 * index + 1]
        print(
            f"--batch, {name:8s}: {batched['requests']:6d} requests vs {plain['requests']:6d} without "
            f"({batched['requests'] / plain['requests']:.2f}x; {batched['requests'] / 120:.0f} vs "
            f"{plain['requests'] / 120:.0f} minutes at 2 requests a second); same classes probed: "
            f"{probed(batched) == probed(plain)}; verdicts {batched['verdict']} / {plain['verdict']}"
        )


def false_alarms(scratch: Path, seeds: int) -> None:
    """The whole quick suite against the faithful mock over several seeds, with and without --batch:
    no fail finding is expected."""
    for extra in ((), ("--batch",)):
        with ThreadPoolExecutor(max_workers=2) as pool:
            summaries = list(
                pool.map(
                    lambda s, extra=extra: suite_run(
                        scratch / f"seed{s}{len(extra)}", "--profile", "quick", "--seed", str(s), *extra
                    ),
                    range(seeds),
                )
            )
        fails = sum(summary["counts"]["fail"] for summary in summaries)
        warns = sum(summary["counts"]["warn"] for summary in summaries)
        print(
            f"faithful mock over {seeds} seeds (quick{' --batch' if extra else ''}): {fails} fail findings "
            f"(expected 0), {warns} warn findings"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests of each bare loop (3 of each)")
    parser.add_argument("--deep", action="store_true", help="also time the deep profile (several minutes)")
    parser.add_argument("--false-alarm-seeds", type=int, default=10)
    parser.add_argument("--paced-budget", type=int, default=170, help="requests of the paced run")
    parser.add_argument(
        "--quick-bench",
        action="store_true",
        help="only the rates: bare loops and suite runs (skips false alarms, --batch, pacing, schemathesis)",
    )
    args = parser.parse_args(argv)
    print(
        f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.system()}; figures from this one run"
    )
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        profiles(scratch, ["quick", "standard", *(["deep"] if args.deep else [])], args.requests)
        print(f"peak memory of a run (largest child): {peak_child_memory_mib():.0f} MiB")
        if args.quick_bench:
            return 0
        false_alarms(scratch, args.false_alarm_seeds)
        batching(scratch, ["quick", "standard"])
        rate_limit_use(scratch, args.paced_budget)
    subprocess.run([sys.executable, str(HERE / "schemathesis_compare.py")], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
