"""b24-conformance judge: a traffic file the mock recorded (mock --record) held to the client rules."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ._errors import EXIT_CONFORMANT, EXIT_NONCONFORMANT, usage

PROG = "b24-conformance judge"


def judge_command(args: argparse.Namespace, extra: list[str]) -> int:
    """Judge the traffic file, write summary.json and junit.xml, map the verdict to 0, 1 or 2."""
    from ..clientcheck import (
        TrafficFileError,
        judge_error_summary,
        judge_lines,
        judge_summary,
        judge_traffic,
        write_judge_reports,
    )

    report_dir: Path = args.report_dir
    if report_dir.exists() and not report_dir.is_dir():
        return usage(PROG, f"Expected --report-dir to be a folder, got the file {str(report_dir)!r}")
    try:
        judgement = judge_traffic(args.traffic)
    except TrafficFileError as error:
        _write(report_dir, judge_error_summary(str(args.traffic), str(error)), write_judge_reports)
        return usage(PROG, str(error))
    problem = _write(report_dir, judge_summary(judgement), write_judge_reports)
    if problem is not None:
        return usage(PROG, problem)
    print("\n".join(judge_lines(judgement)))
    if not judgement.validated:
        print(
            "(types judged only for JSON bodies; serve the mock with --validate-requests to judge the "
            "requests as the portal read them)"
        )
    print(f"reports: {report_dir / 'junit.xml'}, {report_dir / 'summary.json'}")
    sys.stdout.flush()
    return EXIT_CONFORMANT if judgement.clean else EXIT_NONCONFORMANT


def _write(report_dir: Path, summary: dict, write) -> str | None:
    try:
        write(report_dir, summary)
    except OSError as error:
        where = str(report_dir)
        return f"Expected --report-dir to be a folder that can be written, got {where!r} ({error.strerror})"
    return None


def add_judge_parser(commands) -> None:
    """The judge subcommand's options."""
    judge = commands.add_parser(
        "judge",
        help="judge a traffic file recorded by `mock --record` against the client rules",
        epilog="exit codes: 0 every request kept every rule, 1 violations, 2 a missing or unreadable file "
        "or one that is not the mock's JSON lines",
    )
    judge.add_argument("traffic", type=Path, help="the JSON-lines file `b24-conformance mock --record` wrote")
    judge.add_argument(
        "--report-dir",
        type=Path,
        default=Path("reports"),
        help="folder for junit.xml and summary.json (default ./reports; made)",
    )
    judge.set_defaults(handler=judge_command)


__all__ = ["add_judge_parser", "judge_command"]
