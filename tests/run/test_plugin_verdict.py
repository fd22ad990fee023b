"""The plugin feeds the verdict: a test that errs is never a pass, and a finding is not an error."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

SUITE = """
import pytest

class Failure(AssertionError):
    def __init__(self):
        self.findings = ["a fail finding"]
        super().__init__("a fail finding")

@pytest.mark.b24
def test_passes():
    pass

@pytest.mark.b24
def test_skips():
    pytest.skip("the suite chose to")

@pytest.mark.b24
def test_{name}():
    {body}
"""


def _summary(tmp_path, name: str, body: str, *extra: str) -> dict:
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "test_suite.py").write_text(SUITE.format(name=name, body=body))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--assert=plain",  # as the run does: rewriting the plugins' modules costs seconds
            "-c",
            str(tmp_path / "pytest.ini"),
            "--rootdir",
            str(tmp_path),
            f"--b24-report-dir={tmp_path}",
            *extra,
            str(tmp_path / "test_suite.py"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    return json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("body", "verdict"),
    [
        ("pass", "conformant"),
        ("raise RecursionError('deep')", "error"),
        ("assert 1 == 2", "error"),  # a bare assertion carries no finding: the suite went wrong
        ("raise Failure()", "conformant"),  # the finding itself is recorded by the probes, not here
    ],
)
def test_only_a_pass_a_chosen_skip_or_a_finding_keep_the_verdict(tmp_path, body, verdict):
    summary = _summary(tmp_path, "under_test", body)
    assert summary["verdict"] == verdict, summary["test_errors"]
    if verdict == "error":
        assert list(summary["test_errors"]) == ["test_suite.py::test_under_test"]


def test_an_internal_error_of_pytest_makes_the_verdict_error(tmp_path):
    # a plugin whose hook raises: pytest reports INTERNALERROR and stops mid-run
    (tmp_path / "breaks_pytest.py").write_text(
        "def pytest_runtest_logreport(report):\n    raise RuntimeError('a broken plugin')\n"
    )
    summary = _summary(tmp_path, "under_test", "pass", "-p", "breaks_pytest")
    assert summary["verdict"] == "error"
    assert summary["error"]["kind"] == "internal"
