"""How `b24-conformance run` turns pytest's exit code and summary.json into its own exit code."""

from __future__ import annotations

import json

import pytest

from conformance import cli
from conformance.cli._run import coverage_gate as _coverage_gate
from conformance.cli._run import verdict_exit as _verdict


def _write(tmp_path, **summary):
    base = {"verdict": "conformant", "counts": {"fail": 0, "warn": 0}, "requests": 3, "duration_s": 0.1}
    base.update({"seed": 1, "profile": "quick", "error": None})
    base.update(summary)
    path = tmp_path / "summary.json"
    path.write_text(json.dumps(base))
    return path


@pytest.mark.parametrize(
    ("pytest_code", "summary", "expected"),
    [
        (0, {}, 0),
        (1, {"verdict": "nonconformant", "counts": {"fail": 2, "warn": 0}}, 1),
        (1, {}, 2),  # a suite test failed without a finding: the suite went wrong, never a pass
        (1, {"verdict": "error", "test_errors": {"test_ids.py::t": "RecursionError in call"}}, 2),
        (0, {"verdict": "incomplete", "incomplete_reasons": {"budget": "the request budget was spent"}}, 4),
        (2, {"verdict": "incomplete", "interrupted_by": "SIGTERM"}, 143),
        (2, {"verdict": "incomplete", "interrupted_by": "SIGINT"}, 130),
        (2, {"verdict": "incomplete", "interrupted_by": "SIGHUP"}, 129),
        (3, {"verdict": "error", "error": {"kind": "unreachable", "message": "x", "exit_code": 3}}, 3),
        (2, {"verdict": "error", "error": {"kind": "configuration", "message": "x", "exit_code": 2}}, 2),
        (5, {}, 2),  # no tests collected is a failure, never a pass
        (4, {}, 2),
    ],
)
def test_exit_codes(tmp_path, capsys, pytest_code, summary, expected):
    path = _write(tmp_path, **summary)
    assert _verdict(pytest_code, path, tmp_path) == expected


def test_no_tests_selected_is_a_usage_error_without_a_verdict(tmp_path, capsys):
    path = _write(tmp_path)
    assert _verdict(5, path, tmp_path) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "selected no suite test" in err
    assert "exit code" not in err


def test_an_incomplete_run_names_why_on_its_verdict_line_and_can_be_allowed(tmp_path, capsys):
    reasons = {"budget": "the request budget was spent; 472 suite tests were not sent"}
    path = _write(tmp_path, verdict="incomplete", incomplete_reasons=reasons, rate_limit="off")
    assert _verdict(0, path, tmp_path, allow_incomplete=True) == 0
    out, err = capsys.readouterr()
    assert out.startswith("b24-conformance: incomplete (budget):")
    assert "pacing off" in out
    assert "472 suite tests were not sent" in err


def test_the_coverage_gate(tmp_path, capsys):
    path = _write(tmp_path, contract_coverage={"percent": 40.0, "exercised": 2, "documented": 5})
    assert _coverage_gate(path, 50) == 1
    assert "below --min-coverage 50%" in capsys.readouterr().err
    assert _coverage_gate(path, 40) == 0


def test_no_command_prints_help_and_exits_2(capsys):
    assert cli.main([]) == 2
    assert "run" in capsys.readouterr().out
