"""The terminal summary stays short, groups findings by check and method, and quotes control bytes."""

from __future__ import annotations

import shlex
from pathlib import Path

from conformance.reports import shell_safe, summary_lines

from ._summaries import METHODS, finding, many_findings


def test_many_findings_fit_in_forty_lines_with_verdict_and_paths_last():
    lines = summary_lines(many_findings(), Path("out"))
    assert len(lines) <= 40
    assert lines[-2].startswith("verdict: nonconformant (120 fail, 24 warn; 900 requests in 12.5 s; seed 7")
    assert lines[-1] == "reports: " + "  ".join(
        str(Path("out") / n) for n in ("report.html", "summary.json", "junit.xml")
    )
    assert lines[0] == "envelope: 24 fail on 8 methods"
    assert lines[1].startswith(
        "  connector.delete 3, connector.get 3,"
    )  # the shared "biconnector." is left out
    assert any(line.startswith("... 2 more checks with 48 findings: schema, error-code") for line in lines)


def test_first_reproduce_line_comes_early_and_has_no_raw_control_byte():
    lines = summary_lines(many_findings())
    first = next(i for i, line in enumerate(lines) if line.lstrip().startswith(("curl", "printf")))
    assert first < 10
    assert all("\x00" not in line and "\x1b" not in line for line in lines)


def test_warn_only_checks_come_after_fail_checks():
    summary = {
        "verdict": "conformant",
        "counts": {"warn": 1},
        "findings": [finding("b", METHODS[0], "warn"), finding("a", METHODS[0])],
    }
    heads = [line for line in summary_lines(summary) if not line.startswith(" ")]
    assert heads[:2] == ["a: 1 fail on 1 method", "b: 1 warn on 1 method"]


def test_a_run_that_stopped_says_why():
    summary = {"verdict": "error", "error": {"kind": "unreachable", "message": "no answer", "exit_code": 3}}
    assert summary_lines(summary) == [
        "run stopped (unreachable, exit 3): no answer",
        "verdict: error (0 fail, 0 warn)",
    ]


def test_shell_safe_leaves_plain_lines_alone_and_quotes_control_bytes():
    plain = shlex.join(["curl", "--data-binary", '{"id": 1}', "https://x.example/"])
    assert shell_safe(plain) == plain
    assert shell_safe(shlex.join(["curl", "-H", "X: a\x1bb", "u"])) == "curl -H $'X: a\\x1bb' u"
    assert (
        shell_safe(shlex.join(["curl", "--data-binary", "a\x00%b", "u"]))
        == "printf 'a\\000%%b' | curl --data-binary @- u"
    )
