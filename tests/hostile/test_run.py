"""`b24-conformance run` against hostile servers: it ends, with the exit code of unreachable or wrong."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

TOKEN = "hostile-run-token-7c3a9e"
pytestmark = pytest.mark.http

# A representative set (tests/hostile/test_client.py holds every case): 3 when the first call got no
# usable answer at all (none, too large), 1 when answers came and they are wrong (not JSON, a redirect).
EXIT_CODES = [("silent", 3), ("gzip-bomb", 3), ("tls-alert", 3), ("deep-json", 1), ("html-502", 1)]


def _run(port: int, report_dir, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "-m",
        "conformance.cli",
        "run",
        "--target",
        f"http://127.0.0.1:{port}/rest/",
        "--access-token",
        TOKEN,
        "--profile",
        "quick",
        "--budget",
        "5",
        "--timeout",
        "2",
        "--retry-time",
        "0",  # a retried timeout would only repeat the same wait
        # Nothing is made, so what the verdict says is about the answers, not about settling an add
        # whose answer was garbage (a cleanup concern of its own).
        "--read-only",
        "--report-dir",
        str(report_dir),
        *extra,
    ]
    # The child's own bound: a run that hangs fails here instead of holding up the suite.
    return subprocess.run(command, capture_output=True, text=True, timeout=90)


@pytest.mark.parametrize(("case", "code"), EXIT_CODES)
def test_the_run_ends_with_the_exit_code_of_its_case(hostile, tmp_path, case, code):
    done = _run(hostile(case).port, tmp_path)
    output = done.stdout + done.stderr
    assert done.returncode == code, output[-3000:]
    assert "Traceback" not in output
    assert "RecursionError" not in output
    assert TOKEN not in output
    if code == 1:  # the wrong answer is a finding of the envelope check, not a test error
        summary = json.loads((tmp_path / "summary.json").read_text())
        assert summary["verdict"] == "nonconformant"
        assert "envelope" in {finding["check"] for finding in summary["findings"]}


def test_the_token_does_not_follow_a_redirect_during_a_run(hostile, tmp_path):
    elsewhere = hostile("recorder")
    done = _run(hostile("redirect", redirect_to=elsewhere.port).port, tmp_path)
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr[-2000:]
    assert elsewhere.requests == []
