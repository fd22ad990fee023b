"""Helpers that run the b24-conformance command in a child process, as a user would."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass
class RunResult:
    """What one `b24-conformance run` did."""

    code: int
    stdout: str
    stderr: str
    report_dir: Path

    @property
    def summary(self) -> dict:
        return json.loads((self.report_dir / "summary.json").read_text(encoding="utf-8"))

    def checks_found(self) -> set[str]:
        return {f["check"] for f in self.summary["findings"] if f["severity"] == "fail"}


@pytest.fixture
def run_cli(tmp_path):
    """Run `b24-conformance run ARGS` in a child process with its reports in a fresh folder."""
    counter = iter(range(100))

    def run(
        *args: str, timeout: float = 120, cwd: Path | None = None, env: dict[str, str] | None = None
    ) -> RunResult:
        report_dir = tmp_path / f"reports-{next(counter)}"
        completed = subprocess.run(
            [sys.executable, "-m", "conformance.cli", "run", "--report-dir", str(report_dir), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            cwd=cwd,
            env=env,
        )
        return RunResult(completed.returncode, completed.stdout, completed.stderr, report_dir)

    return run


@pytest.fixture
def mock_server():
    """Start `b24-conformance mock` in a child process: a function (args) -> base URL; stopped after."""
    processes: list[subprocess.Popen] = []

    def start(*args: str) -> str:
        process = subprocess.Popen(
            [sys.executable, "-m", "conformance.cli", "mock", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        processes.append(process)
        first = process.stdout.readline().strip()
        assert first.startswith("listening on http://127.0.0.1:"), (first, process.stderr.read())
        base = first.removeprefix("listening on ")
        # the credentials lines follow: "access token: ...", "client secret: ...", ...
        lines = [process.stdout.readline().strip() for _ in range(10)]
        start.credentials[base] = dict(line.split(": ", 1) for line in lines if ": " in line)
        return base

    start.credentials = {}

    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - only when terminate is ignored
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()
