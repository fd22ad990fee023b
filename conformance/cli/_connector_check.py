"""b24-conformance connector-check: its options read and checked, the check run, the verdict as exit code."""

from __future__ import annotations

import argparse
import os
import random
import sys
from pathlib import Path
from urllib.parse import urlsplit

from ..reports import summary_lines
from ._errors import EXIT_UNREACHABLE, EXIT_USAGE, usage

PROG = "b24-conformance connector-check"
URL_OPTIONS = (
    ("url_check", "--url-check", "urlCheck"),
    ("url_table_list", "--url-table-list", "urlTableList"),
    ("url_table_description", "--url-table-description", "urlTableDescription"),
    ("url_data", "--url-data", "urlData"),
)


def connector_check_command(args: argparse.Namespace, extra: list[str]) -> int:
    """Play the portal against a connector service and write summary.json, junit.xml and report.html."""
    from ..connectorcheck import (
        CONNECTOR_CHECKS,
        Budget,
        ConnectorUrls,
        PlayOptions,
        Redactor,
        check_connector,
    )

    if args.list_checks:
        for name, entry in CONNECTOR_CHECKS.items():
            print(f"{name:24} {entry.endpoint:20} {entry.info.description}")
        return 0
    settings = _pairs(args.setting, "--setting")
    bad = _pairs(args.bad_setting, "--bad-setting")
    for parsed, option in ((settings, "--setting"), (bad, "--bad-setting")):
        if isinstance(parsed, str):
            return usage(PROG, f"Expected {option} CODE=VALUE with a non-empty CODE, got {parsed!r}")
    registered = None
    if args.from_connector is not None or args.from_source is not None:
        read = _read_portal(args)
        if isinstance(read, int):
            return read
        registered, stored = read
        settings = {**stored, **settings}  # type: ignore[dict-item]
    urls = []
    for attribute, option, setting in URL_OPTIONS:
        value = getattr(args, attribute) or (getattr(registered, attribute[4:]) if registered else None)
        problem = _url_problem(value)
        if problem:
            return usage(
                PROG, f"Expected {option} to be the connector's {setting}, an http(s) URL; {problem}"
            )
        urls.append(value)
    unknown = sorted(set(bad) - set(settings))  # type: ignore[arg-type]
    if unknown:
        return usage(
            PROG, f"Expected --bad-setting codes among the --setting codes, got {', '.join(unknown)}"
        )
    for option, value in (("--connect-timeout", args.connect_timeout), ("--body-timeout", args.body_timeout)):
        if not value > 0:
            return usage(PROG, f"Expected {option} to be a positive number of seconds, got {value:g}")
    if args.keep_rows < 1:
        return usage(PROG, f"Expected --keep-rows of at least 1, got {args.keep_rows}")
    if args.filter_examples < 0:
        return usage(PROG, f"Expected --filter-examples of 0 or more, got {args.filter_examples}")
    if args.max_tables < 1:
        return usage(PROG, f"Expected --max-tables of at least 1, got {args.max_tables}")
    if args.report_dir.exists() and not args.report_dir.is_dir():
        return usage(PROG, f"Expected --report-dir to be a folder, got the file {str(args.report_dir)!r}")
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    options = PlayOptions(
        settings=settings,  # type: ignore[arg-type]
        bad_settings=bad or None,  # type: ignore[arg-type]
        seed=seed,
        max_tables=args.max_tables,
        filter_examples=args.filter_examples,
        keep_rows=args.keep_rows,
        budget=Budget(connect_s=args.connect_timeout, body_s=args.body_timeout),
    )
    try:
        result = check_connector(ConnectorUrls(*urls), options, report_dir=args.report_dir)
    except OSError as exc:
        return usage(
            PROG,
            f"Expected --report-dir to be a folder that can be written, got "
            f"{str(args.report_dir)!r} ({exc.strerror})",
        )
    redactor = Redactor([*settings.values(), *bad.values(), args.access_token or ""])  # type: ignore[union-attr]
    # the findings as `run` shows them: grouped by check and URL, the first of each with its reproduce line
    for line in summary_lines(result.summary, verdict=False):
        print(redactor.text(line))
    for note in result.summary["notes"]:
        print(f"not checked: {note}")
    fails, warns = result.summary["counts"]["fail"], result.summary["counts"]["warn"]
    if result.verdict == "unreachable":
        print(result.summary["error"]["message"])
    print(
        f"{result.verdict}: {fails} fail, {warns} warn findings in {result.summary['requests']} requests "
        f"(seed {seed}); reports in {args.report_dir}"
    )
    return result.exit_code


def add_connector_check_parser(commands) -> None:
    """The connector-check subcommand and its options."""
    parser = commands.add_parser(
        "connector-check",
        help="play the portal against a connector service (its four URLs) and judge the answers",
        epilog="exit codes: 0 conformant, 1 nonconformant, 2 usage, 3 no URL answered",
    )
    for attribute, option, setting in URL_OPTIONS:
        parser.add_argument(option, dest=attribute, metavar="URL", help=f"the connector's {setting}")
    parser.add_argument(
        "--from-connector",
        type=int,
        metavar="ID",
        help="read the four URLs from connector ID on --target (an --url-* option overrides)",
    )
    parser.add_argument(
        "--from-source",
        type=int,
        metavar="ID",
        help="read the settings (and, without --from-connector, the connector) of source ID",
    )
    parser.add_argument(
        "--target", help="the portal URL for --from-*: https://HOST/rest/ (OAuth) or a webhook"
    )
    parser.add_argument("--auth", choices=("webhook", "oauth"), help="default: inferred from --target")
    parser.add_argument("--access-token", help="the application's OAuth token (or B24_ACCESS_TOKEN)")
    parser.add_argument(
        "--setting",
        action="append",
        default=[],
        metavar="CODE=VALUE",
        help="a connection setting, sent as connection[CODE] (repeatable; values are secret)",
    )
    parser.add_argument(
        "--bad-setting",
        action="append",
        default=[],
        metavar="CODE=VALUE",
        help="a wrong value urlCheck must refuse (default: each setting made wrong)",
    )
    parser.add_argument("--seed", type=int, help="repeat a check exactly (printed in every report)")
    parser.add_argument("--max-tables", type=int, default=5, help="tables to read data from (default 5)")
    parser.add_argument(
        "--filter-examples",
        type=int,
        default=25,
        metavar="N",
        help="filters Hypothesis draws per table beyond one of each shape (default 25; 0: none)",
    )
    parser.add_argument(
        "--keep-rows",
        type=int,
        default=20_000,
        metavar="N",
        help="rows of a table kept to judge filters; a larger one is streamed and counted (default 20000)",
    )
    parser.add_argument(
        "--connect-timeout",
        type=float,
        default=250.0,
        metavar="S",
        help="seconds to connect, as the portal allows (default 250)",
    )
    parser.add_argument(
        "--body-timeout",
        type=float,
        default=60.0,
        metavar="S",
        help="seconds for a whole answer, as the portal allows (default 60; over half warns)",
    )
    parser.add_argument(
        "--report-dir",
        type=Path,
        default=Path("reports"),
        help="folder for report.html, junit.xml and summary.json (default ./reports; made)",
    )
    parser.add_argument("--list-checks", action="store_true", help="print the checks, one a line, and exit")
    parser.set_defaults(handler=connector_check_command)


def _read_portal(args: argparse.Namespace):
    """(the registered connector's URLs, the source's settings) from --target, or an exit code."""
    from ..client import Target, TargetError
    from ..connectorcheck import PortalReader, PortalReadError

    if not args.target:
        return usage(
            PROG, "Expected --target (the portal URL) with --from-connector or --from-source, got none"
        )
    token = args.access_token or os.environ.get("B24_ACCESS_TOKEN")
    try:
        target = Target.parse(
            args.target, auth=args.auth, access_token=token if args.auth != "webhook" else None
        )
    except TargetError as exc:
        return usage(PROG, str(exc))
    try:
        with PortalReader(target.base_url, target.access_token) as reader:
            stored: dict[str, str] = {}
            connector = args.from_connector
            if args.from_source is not None:
                of_source, stored = reader.source(args.from_source)
                connector = of_source if connector is None else connector
            return reader.connector_urls(connector), stored
    except PortalReadError as exc:
        print(f"{PROG}: error: {' '.join(str(exc).split())}", file=sys.stderr)
        return EXIT_UNREACHABLE if exc.unreachable else EXIT_USAGE


def connector_app_command(args: argparse.Namespace, extra: list[str]) -> int:
    """Serve the reference connector endpoints until a signal, with faults planted if asked."""
    from ..connector_app import CONNECTOR_FAULTS, ConnectorApp, serve_connector_forever

    if args.list_faults:
        for fault in CONNECTOR_FAULTS.values():
            print(f"{fault.name:30} {fault.expected_check:24} {fault.description}")
        return 0
    try:
        app = ConnectorApp(token=args.token, faults=args.fault)
    except ValueError as exc:
        return usage("b24-conformance connector-app", str(exc))
    return serve_connector_forever(app, args.host, args.port)


def _url_problem(value: str | None) -> str | None:
    if not value:
        return "got none"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  (raises on a bad port)
    except ValueError as exc:
        return f"got {value!r} ({exc})"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"got {value!r}"
    return None


def _pairs(given: list[str], option: str) -> dict[str, str] | str:
    """CODE=VALUE options as a dict, or the first malformed one."""
    found: dict[str, str] = {}
    for text in given:
        code, sep, value = text.partition("=")
        if not sep or not code.strip():
            return text.split("=", 1)[0] + ("=..." if sep else "")  # never echo a value
        found[code.strip()] = value
    return found
