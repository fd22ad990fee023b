"""Command line: b24-conformance run | mock | connector-app | cleanup | replay | openapi | docs-drift."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .engine import OPTION, OPTIONS, PROFILES, RATE_LIMITS

EXIT_CONFORMANT, EXIT_NONCONFORMANT, EXIT_USAGE, EXIT_UNREACHABLE = 0, 1, 2, 3
# Settings that carry secrets go to pytest through the environment, never on a command line.
SECRET_SETTINGS = {option.name: option.env for option in OPTIONS if option.secret}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the b24-conformance command."""
    parser = _parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, extra = argv[:cut], argv[cut + 1 :]
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    return args.handler(args, extra)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="b24-conformance", description="Conformance tests for Bitrix24 BIconnector REST methods."
    )
    commands = parser.add_subparsers(dest="command")

    run = commands.add_parser("run", help="run the conformance suite against a target and write reports")
    run.add_argument(
        "--target",
        default="mock",
        help="mock (default) or a portal URL: https://HOST/rest/USER/CODE/ "
        "(webhook) or https://HOST/rest/ (OAuth)",
    )
    run.add_argument("--auth", choices=("webhook", "oauth"), help="default: inferred from the target URL")
    run.add_argument("--access-token", help="OAuth access token (or B24_ACCESS_TOKEN)")
    run.add_argument("--second-access-token", help="a second application's token, for id.foreign")
    run.add_argument(
        "--error-placement",
        choices=("nested", "root"),
        default="nested",
        help="where the target is expected to put method errors (default nested, as the module does)",
    )
    run.add_argument(
        "--mock-error-placement",
        choices=("nested", "root"),
        help="where the bundled mock puts method errors (target mock only; default nested)",
    )
    run.add_argument(
        "--mock-fault",
        action="append",
        default=[],
        metavar="NAME",
        help="plant a fault in the bundled mock (repeatable; see `mock --list-faults`)",
    )
    run.add_argument(
        "--min-coverage",
        type=float,
        metavar="PCT",
        help="exit 1 when less than PCT %% of the documented error codes of the probed methods were seen",
    )
    run.add_argument("--profile", choices=tuple(PROFILES), default="standard")
    run.add_argument("--seed", type=int, help="repeat a run exactly (printed in every report)")
    run.add_argument("--budget", type=int, help="the most requests to send")
    run.add_argument("--read-only", action="store_true", help="send no add or delete; find ids through list")
    run.add_argument(
        "--batch",
        action="store_true",
        help="send the probes a query string can carry as commands of batch calls (far fewer requests)",
    )
    run.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for one answer")
    run.add_argument(
        "--rate-limit",
        choices=RATE_LIMITS,
        help="pace requests for the portal's plan (default: standard for a portal, off for the mock)",
    )
    run.add_argument(
        "--retry-time",
        type=float,
        metavar="S",
        help="seconds one request may spend waiting out 503/429 and lost connections (default 120; 0: none)",
    )
    run.add_argument("--client-id", help="OAuth client id, to renew an expired access token")
    run.add_argument("--client-secret", help="OAuth client secret (or B24_CLIENT_SECRET)")
    run.add_argument("--refresh-token", help="OAuth refresh token (or B24_REFRESH_TOKEN)")
    run.add_argument("--oauth-server", help="the OAuth token URL (default: Bitrix24's)")
    run.add_argument("--report-dir", type=Path, default=Path("reports"))
    run.set_defaults(handler=_run)

    mock = commands.add_parser("mock", help="serve the bundled mock portal over HTTP")
    mock.add_argument("--host", default="127.0.0.1")
    mock.add_argument("--port", type=int, default=0, help="default: a free port")
    mock.add_argument("--error-placement", choices=("nested", "root"), default="nested")
    mock.add_argument("--access-token", help="fix the first application's access token (default: random)")
    mock.add_argument("--second-access-token", help="fix the second application's access token")
    mock.add_argument("--webhook-code", help="fix the webhook code (default: random)")
    mock.add_argument(
        "--fault", action="append", default=[], metavar="NAME", help="plant a fault (repeatable)"
    )
    mock.add_argument("--list-faults", action="store_true", help="print the faults, one a line, and exit")
    mock.add_argument(
        "--rate-limit",
        choices=RATE_LIMITS,
        default="off",
        help="answer 503 QUERY_LIMIT_EXCEEDED past the plan's bucket (standard 50, 2/s; enterprise 250, 5/s)",
    )
    mock.add_argument(
        "--token-lifetime", type=float, metavar="S", help="access tokens expire after S seconds"
    )
    mock.add_argument(
        "--operating-limit",
        type=float,
        metavar="S",
        help="answer 429 OPERATION_TIME_LIMIT past S s of work per method and application in 10 minutes",
    )
    mock.add_argument(
        "--operating-cost",
        type=float,
        metavar="S",
        help="seconds of work each call is charged (with --operating-limit)",
    )
    mock.add_argument(
        "--bi-builder",
        action="store_true",
        help="behave like a portal with BI Builder, where dataset.delete ends with HTTP 500",
    )
    mock.set_defaults(handler=_mock)

    connector = commands.add_parser(
        "connector-app", help="serve the reference connector endpoints (urlCheck, urlTableList, ...)"
    )
    connector.add_argument("--host", default="127.0.0.1")
    connector.add_argument("--port", type=int, default=0, help="default: a free port")
    connector.add_argument("--token", help="the connection[token] value the endpoints require (default: any)")
    connector.set_defaults(handler=_connector_app)

    openapi = commands.add_parser("openapi", help="write the contract as an OpenAPI 3.1 document")
    openapi.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    openapi.add_argument("--error-placement", choices=("nested", "root"), default="nested")
    openapi.set_defaults(handler=_openapi)

    cleanup = commands.add_parser("cleanup", help="delete what a crashed run left on a portal")
    cleanup.add_argument("--target", required=True, help="the portal URL (webhook or OAuth base)")
    cleanup.add_argument("--auth", choices=("webhook", "oauth"))
    cleanup.add_argument("--ledger", type=Path, help="the run's ledger.jsonl (in its report dir)")
    cleanup.add_argument("--prefix", help="delete objects whose title starts with this run prefix (b24c-...)")
    cleanup.set_defaults(handler=_cleanup)

    replay = commands.add_parser(
        "replay", help="send a run's failing requests again and say which still fail"
    )
    replay.add_argument("summary", type=Path, help="the run's summary.json")
    replay.add_argument("--target", default="mock", help="mock (a fresh in-process mock) or the portal URL")
    replay.add_argument("--auth", choices=("webhook", "oauth"))
    replay.add_argument("--error-placement", choices=("nested", "root"))
    replay.add_argument("--read-only", action="store_true", help="do not send adds, updates or deletes")
    replay.set_defaults(handler=_replay)

    drift = commands.add_parser("docs-drift", help="compare a b24restdocs checkout with schemas/")
    drift.add_argument("path", type=Path, help="the root of a b24restdocs checkout")
    drift.set_defaults(handler=_docs_drift)
    return parser


def _run(args: argparse.Namespace, extra: list[str]) -> int:
    import pytest

    report_dir: Path = args.report_dir.resolve()
    report_dir.mkdir(parents=True, exist_ok=True)
    summary_path = report_dir / "summary.json"
    summary_path.unlink(missing_ok=True)
    settings = {
        "target": args.target,
        "auth": args.auth,
        "error_placement": args.error_placement,
        "mock_error_placement": args.mock_error_placement,
        "mock_faults": ",".join(args.mock_fault) or None,
        "profile": args.profile,
        "seed": args.seed,
        "budget": args.budget,
        "read_only": "1" if args.read_only else None,
        "batch": "1" if args.batch else None,
        "timeout": args.timeout,
        "report_dir": report_dir,
        "rate_limit": args.rate_limit,
        "retry_time": args.retry_time,
        "client_id": args.client_id,
        "oauth_server": args.oauth_server,
    }
    pytest_args = [
        "-c",
        str(Path(__file__).parent / "suite" / "pytest.ini"),
        "--rootdir",
        str(report_dir),
        "--pyargs",
        "conformance.suite",
        "-q",
        f"--html={report_dir / 'report.html'}",
        "--self-contained-html",
        f"--junitxml={report_dir / 'junit.xml'}",
    ]
    for name, value in settings.items():
        if value is not None:
            pytest_args.append(f"{OPTION[name].flag}={value}")
    secrets = {env: getattr(args, name) for name, env in SECRET_SETTINGS.items() if getattr(args, name)}
    with _environment(secrets):
        code = pytest.main([*pytest_args, *extra])
    verdict = _verdict(int(code), summary_path, report_dir)
    if verdict == EXIT_CONFORMANT and args.min_coverage is not None:
        return _coverage_gate(summary_path, args.min_coverage)
    return verdict


def _coverage_gate(summary_path: Path, minimum: float) -> int:
    coverage = json.loads(summary_path.read_text(encoding="utf-8"))["contract_coverage"]
    line = (
        f"contract coverage {coverage['percent']:.1f}% ({coverage['exercised']} of {coverage['documented']} "
        f"documented error codes seen)"
    )
    if coverage["percent"] < minimum:
        print(f"b24-conformance: {line} is below --min-coverage {minimum:g}%", file=sys.stderr)
        return EXIT_NONCONFORMANT
    print(f"b24-conformance: {line}")
    return EXIT_CONFORMANT


def _verdict(pytest_code: int, summary_path: Path, report_dir: Path) -> int:
    if not summary_path.exists():
        reason = (
            "pytest collected no tests" if pytest_code == 5 else f"pytest ended with exit code {pytest_code}"
        )
        print(
            f"b24-conformance: error: no summary was written ({reason}); see the output above.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    error = summary.get("error")
    counts = summary["counts"]
    print(
        f"b24-conformance: {summary['verdict']}: {counts['fail']} fail, {counts['warn']} warn findings; "
        f"{summary['requests']} requests in {summary['duration_s']:.1f} s; seed {summary['seed']}, "
        f"profile {summary['profile']}; reports in {report_dir}"
    )
    if error:
        print(f"b24-conformance: {error['message']}", file=sys.stderr)
        return error["exit_code"]
    if pytest_code == 5:
        print("b24-conformance: error: the suite collected no tests.", file=sys.stderr)
        return EXIT_USAGE
    if summary["verdict"] == "nonconformant":
        return EXIT_NONCONFORMANT
    if pytest_code not in (0, 1):
        return EXIT_USAGE
    if pytest_code == 1:
        print("b24-conformance: some suite tests failed without a finding; see the report.", file=sys.stderr)
        return EXIT_NONCONFORMANT
    return EXIT_CONFORMANT


class _environment:
    """Set environment variables for the duration of a block, then restore them."""

    def __init__(self, values: dict[str, str]) -> None:
        self.values = values
        self.saved: dict[str, str | None] = {}

    def __enter__(self) -> None:
        for name, value in self.values.items():
            self.saved[name] = os.environ.get(name)
            os.environ[name] = value

    def __exit__(self, *exc: object) -> None:
        for name, value in self.saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _mock(args: argparse.Namespace, extra: list[str]) -> int:
    from .engine import bundled_mock
    from .mock import MockConfig, serve_forever

    if args.list_faults or args.fault:
        from .faults import list_faults, with_faults
    if args.list_faults:
        print(list_faults())
        return 0
    config = MockConfig(
        rate_limit=args.rate_limit,
        token_lifetime_s=args.token_lifetime,
        operating_limit_s=args.operating_limit,
        operating_cost_s=args.operating_cost,
        bi_builder=args.bi_builder,
        error_placement=args.error_placement,
        access_token=args.access_token,
        second_access_token=args.second_access_token,
        webhook_code=args.webhook_code,
    )
    portal = bundled_mock(config)
    app = portal
    if args.fault:
        try:
            app = with_faults(portal, args.fault, portal=portal)
        except ValueError as exc:
            print(f"b24-conformance mock: {exc}", file=sys.stderr)
            return EXIT_USAGE
    return serve_forever(portal, args.host, args.port, app=app)


def _connector_app(args: argparse.Namespace, extra: list[str]) -> int:
    from .connector_app import ConnectorApp, serve_connector_forever

    return serve_connector_forever(ConnectorApp(token=args.token), args.host, args.port)


def _openapi(args: argparse.Namespace, extra: list[str]) -> int:
    from .openapi import write_openapi

    text = write_openapi(args.output, placement=args.error_placement)
    if args.output is None:
        sys.stdout.write(text)
    else:
        print(f"wrote {args.output}")
    return 0


def _client_for(target: str, auth: str | None):
    """A client for a portal URL (tokens from B24_ACCESS_TOKEN), or for a fresh in-process mock."""
    from .client import Client, Target

    if target == "mock":
        from .engine import bundled_mock

        portal = bundled_mock()
        return Client(Target.in_process(portal, portal.applications[0].access_token))
    token = os.environ.get("B24_ACCESS_TOKEN")
    return Client(Target.parse(target, auth=auth, access_token=token if auth != "webhook" else None))


def _cleanup(args: argparse.Namespace, extra: list[str]) -> int:
    from .client import TargetError
    from .ledger import LedgerError, cleanup

    if args.ledger is None and args.prefix is None:
        print("b24-conformance cleanup: give --ledger FILE or --prefix b24c-RUNID", file=sys.stderr)
        return EXIT_USAGE
    second = os.environ.get("B24_SECOND_ACCESS_TOKEN")
    try:
        with _client_for(args.target, args.auth) as client:
            return cleanup(
                client,
                ledger_path=args.ledger,
                prefix=args.prefix,
                access_tokens={"second": second} if second else None,
            )
    except (LedgerError, TargetError, ValueError) as exc:
        print(f"b24-conformance cleanup: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _replay(args: argparse.Namespace, extra: list[str]) -> int:
    from .client import TargetError
    from .replay import ReplayError, replay

    try:
        with _client_for(args.target, args.auth) as client:
            return replay(args.summary, client, placement=args.error_placement, read_only=args.read_only)
    except (ReplayError, TargetError) as exc:
        print(f"b24-conformance replay: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _docs_drift(args: argparse.Namespace, extra: list[str]) -> int:
    from .drift import main as drift_main

    return drift_main(args.path)


if __name__ == "__main__":
    sys.exit(main())
