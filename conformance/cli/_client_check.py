"""b24-conformance client-check: the scenario catalog against a client under test, reports and exit code."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ._errors import EXIT_CONFORMANT, EXIT_NONCONFORMANT, EXIT_USAGE, usage

PROG = "b24-conformance client-check"


def client_check_command(args: argparse.Namespace, extra: list[str]) -> int:
    """Run the chosen scenarios against the adapter, write the three reports, map the verdict."""
    from ..clientcheck import (
        SCENARIOS,
        AdapterBroken,
        BadAdapter,
        check_client,
        driver_factory,
        load_adapter,
        selected,
        terminal_lines,
        write_error_reports,
        write_reports,
    )

    if args.list_scenarios:
        width = max(len(name) for name in SCENARIOS)
        for name, chosen in SCENARIOS.items():
            print(f"{name:<{width}}  {chosen.rule}")
        return EXIT_CONFORMANT
    if bool(args.adapter) == bool(args.driver):
        got = "both" if args.adapter else "neither"
        return usage(
            PROG, f"Expected --adapter MODULE:CLASS or --driver CMD (or --list-scenarios), got {got}"
        )
    if not (0 < args.deadline <= 3600):
        return usage(PROG, f"Expected --deadline between 0 and 3600 seconds, got {args.deadline:g}")
    report_dir: Path = args.report_dir
    if report_dir.exists() and not report_dir.is_dir():
        return usage(PROG, f"Expected --report-dir to be a folder, got the file {str(report_dir)!r}")
    client = args.adapter or f"driver: {args.driver}"
    try:
        scenarios = list(selected(args.scenario))
        factory = load_adapter(args.adapter) if args.adapter else driver_factory(args.driver, args.deadline)
    except (ValueError, BadAdapter) as error:
        return usage(PROG, str(error))

    def progress(result) -> None:
        print(f"{result.name:<18} {result.verdict.upper():<4} {result.duration_s:5.1f} s", flush=True)

    try:
        result = check_client(client, factory, scenarios, progress=progress, deadline_s=args.deadline)
    except AdapterBroken as error:
        write_error_reports(report_dir, client, str(error))
        return usage(PROG, str(error))
    write_reports(result, report_dir)
    lines = terminal_lines(result)
    # The table was printed as the scenarios ran; the failures and the verdict line follow.
    print("\n".join(lines[len(result.results) :]))
    print(f"reports: {report_dir / 'report.html'}, {report_dir / 'junit.xml'}, {report_dir / 'summary.json'}")
    sys.stdout.flush()
    return EXIT_CONFORMANT if result.passed else EXIT_NONCONFORMANT


def add_client_check_parser(commands) -> None:
    """The client-check subcommand's options."""
    check = commands.add_parser(
        "client-check",
        help="run the client scenarios against a client (an adapter class) and write reports",
        epilog="exit codes: 0 every scenario passed, 1 some failed, 2 usage error, a bad adapter or a "
        "driver that crashed, hung or broke the protocol",
    )
    check.add_argument(
        "--adapter",
        metavar="MODULE:CLASS",
        help="the client under test: a class constructed with PortalAccess (see docs/client-check.md); "
        "e.g. conformance.clientcheck:CarefulAdapter",
    )
    check.add_argument(
        "--driver",
        metavar="CMD",
        help="the client under test in any language: a command speaking JSON lines on stdin/stdout, "
        'e.g. "node docs/client-check-driver.mjs" (see docs/client-check.md)',
    )
    check.add_argument(
        "--deadline",
        type=float,
        default=15.0,
        metavar="S",
        help="seconds a client may take for one task (default 15); a driver past it is killed",
    )
    check.add_argument(
        "--scenario",
        action="append",
        default=[],
        metavar="NAME",
        help="run only this scenario (repeatable; default all, see --list-scenarios)",
    )
    check.add_argument("--list-scenarios", action="store_true", help="print the scenarios and their rules")
    check.add_argument(
        "--report-dir",
        type=Path,
        default=Path("reports"),
        help="folder for report.html, junit.xml and summary.json (default ./reports; made)",
    )
    check.set_defaults(handler=client_check_command)


__all__ = ["EXIT_USAGE", "add_client_check_parser", "client_check_command"]
