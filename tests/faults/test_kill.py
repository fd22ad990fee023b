"""The kill test: the suite against each faulted mock ends nonconformant, caught by the right check.

Every fault gets one `b24-conformance run` in a child process, narrowed to the part of the suite
that should catch it (the id probes, or what its `needs` names): in-process with --mock-fault, or
over HTTP against a served faulted mock for faults that only show over a socket. A run of the
faithful mock is the control.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from conformance.engine import bundled_mock
from conformance.faults import FAULTS, SLOW_ENV, with_faults
from conformance.mock import MockConfig, serve

# The module's tests go to one worker where pytest-xdist can (tox runs --dist loadgroup); the zoo itself
# runs once a session in any case (see runs).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("fault-zoo")]

SEED = "7"
# The id probes of connector.get and source.get in JSON reach every fault the id suite can catch;
# the whole quick profile would take minutes for the zoo (every probe of a broken mock fails).
ONLY_IDS = ["-k", "test_id_input_class and json and (connector.get or source.get)"]
NARROWER = {
    "form-body-ignored": ["-k", "test_id_input_class and form and connector.get"],
    # faults whose `needs` names a part of the suite beyond the id probes: run just that part
    "framework-error-nested": ["-k", "test_framework"],
    "framework-error-with-time": ["-k", "test_framework"],
    "no-auth-http-200": ["-k", "test_framework"],
    "list-string-ids": ["-k", "test_lists and json"],
    "access-denied-root-403": ["-k", "test_access"],
    # the fixed lifecycle walk catches these whatever the seed; the state machine only by luck
    "delete-does-not-delete": ["-k", "test_lifecycle_walk"],
    "update-replaces": ["-k", "test_lifecycle_walk"],
    "list-pages-of-49": ["-k", "test_list_pages"],
    "list-honours-start": ["-k", "test_list_ignores_start"],
    "list-ignores-filter": ["-k", "test_list_filter_on_id"],
    "list-filter-crosses-applications": ["-k", "test_list_filter_on_id"],
    # batch faults show only in the batched probes of a run with --batch (RUN_OPTIONS)
    "batch-drops-a-command": ["-k", "test_id_classes_in_batches and connector.get"],
    "batch-without-command-times": ["-k", "test_id_classes_in_batches and connector.get"],
    "batch-400-on-command-error": ["-k", "test_id_classes_in_batches and connector.get"],
    # the slow fault holds every existing-object answer back; a handful of probes shows it
    "slow-response": ["-k", "test_id_input_class and json and existing and connector.get"],
}
# Every fault is caught by the quick profile, the one for gates: its spot probes send form and query
# bodies, its fixed lifecycle walk updates and deletes. A fault that needs more would be named here.
PROFILE: dict[str, str] = {}
RUN_OPTIONS = {
    name: ["--batch"]
    for name in ("batch-drops-a-command", "batch-without-command-times", "batch-400-on-command-error")
}
SLOW_S, CLIENT_TIMEOUT_S = "1.0", "0.3"
TOKENS = ("kill-primary-token", "kill-foreign-token")
CONTROL = "(faithful mock)"


@dataclass(frozen=True)
class Run:
    """What one child run ended with."""

    name: str
    exit_code: int
    verdict: str | None
    fail_checks: frozenset[str]
    output: str
    seconds: float


def _supports_mock_fault() -> bool:
    help_text = subprocess.run(
        [sys.executable, "-m", "conformance.cli", "run", "--help"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return "--mock-fault" in help_text


def _run(name: str, report_dir: Path) -> Run:
    fault = FAULTS.get(name)
    placement = fault.placement if fault else "nested"
    args = [sys.executable, "-m", "conformance.cli", "run", "--seed", SEED]
    args += ["--profile", PROFILE.get(name, "quick")]
    args += ["--report-dir", str(report_dir), "--error-placement", placement, *RUN_OPTIONS.get(name, [])]
    started = time.perf_counter()
    if fault is not None and fault.over_http:
        portal = bundled_mock(
            MockConfig(error_placement=placement, access_token=TOKENS[0], second_access_token=TOKENS[1])
        )
        with serve(with_faults(portal, [name])) as server:
            args += ["--target", f"{server.url}/rest/", "--second-access-token", TOKENS[1]]
            # no pacing or retries: the mock has no rate limit, and a retried timeout only takes longer
            args += ["--timeout", CLIENT_TIMEOUT_S, "--rate-limit", "off", "--retry-time", "0"]
            args += ["--", *NARROWER.get(name, ONLY_IDS)]
            env = {**os.environ, "B24_ACCESS_TOKEN": TOKENS[0]}
            done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    else:
        args += ["--mock-error-placement", placement]
        args += ["--mock-fault", name] if fault is not None else []
        args += ["--", *NARROWER.get(name, ONLY_IDS)]
        done = subprocess.run(args, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    summary_path = report_dir / "summary.json"
    summary = json.loads(summary_path.read_text(encoding="utf-8")) if summary_path.exists() else {}
    checks = frozenset(f["check"] for f in summary.get("findings", []) if f["severity"] == "fail")
    output = (done.stdout[-1500:] + done.stderr[-1500:]).strip()
    return Run(name, done.returncode, summary.get("verdict"), checks, output, seconds)


@pytest.fixture(scope="session")
def runs(tmp_path_factory, worker_id: str) -> dict[str, Run]:
    """Every fault's run, once for the whole test session, also under pytest-xdist: the first worker to
    need the zoo runs it under a file lock in the folder the workers share, the others read its result."""
    if not _supports_mock_fault():
        pytest.skip("b24-conformance run has no --mock-fault option yet: the kill test cannot plant faults")
    if worker_id == "master":  # no pytest-xdist workers: nothing to share
        return {run.name: run for run in _run_the_zoo(tmp_path_factory.mktemp("kill-zoo"))}
    shared = tmp_path_factory.getbasetemp().parent  # this session's folder, the same for all its workers
    with open(shared / "kill-zoo.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared / "kill-zoo.json"
        if not done.exists():
            found = _run_the_zoo(shared / "kill-zoo")
            done.write_text(json.dumps([{**vars(r), "fail_checks": sorted(r.fail_checks)} for r in found]))
        recorded = json.loads(done.read_text(encoding="utf-8"))
    return {r["name"]: Run(**{**r, "fail_checks": frozenset(r["fail_checks"])}) for r in recorded}


def _run_the_zoo(base: Path) -> list[Run]:
    # Over HTTP the client retries a timed-out read with backoff (about a minute): start those
    # first, with a worker of their own, so they overlap the in-process runs.
    names = sorted([CONTROL, *FAULTS], key=lambda name: not (name in FAULTS and FAULTS[name].over_http))
    # the slow fault's hold, for the runs' children and for the faulted mocks served from this process
    with pytest.MonkeyPatch.context() as patch, ThreadPoolExecutor((os.cpu_count() or 2) + 1) as pool:
        patch.setenv(SLOW_ENV, SLOW_S)
        return list(pool.map(lambda pair: _run(pair[1], base / f"run{pair[0]}"), enumerate(names)))


def test_the_faithful_mock_is_conformant(runs):
    control = runs[CONTROL]
    assert (control.exit_code, control.verdict) == (0, "conformant"), control.output


@pytest.mark.parametrize("name", list(FAULTS))
def test_the_suite_catches_the_fault(runs, name):
    run, expected = runs[name], FAULTS[name].expected_check
    assert run.verdict == "nonconformant" and run.exit_code == 1, (
        f"Expected {name} to end the run nonconformant (exit 1), got {run.verdict} (exit {run.exit_code}):\n"
        f"{run.output}"
    )
    assert expected in run.fail_checks, (
        f"Expected a fail finding of check {expected} for {name}, got {sorted(run.fail_checks)}"
    )


def test_kill_rate(runs, capsys):
    catchable = list(FAULTS)
    caught = [
        n
        for n in catchable
        if runs[n].verdict == "nonconformant" and FAULTS[n].expected_check in runs[n].fail_checks
    ]
    slowest = max(runs.values(), key=lambda run: run.seconds)
    with capsys.disabled():
        print(
            f"\nfault zoo kill rate: {len(caught)}/{len(catchable)} "
            f"({100 * len(caught) / len(catchable):.0f}%); slowest run {slowest.name} {slowest.seconds:.1f} s"
        )
    assert caught == catchable
