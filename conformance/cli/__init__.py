"""Command line: b24-conformance run | mock | connector-app | cleanup | replay | openapi | docs-drift.

client-check runs the client scenarios against a client under test (cli/_client_check.py); judge
holds a traffic file of `mock --record` to the client rules (cli/_judge.py).
connector-check plays the portal against a connector service; it and connector-app --fault live in
cli/_connector_check.py.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from conformance import __version__

from ..contract import PLACEMENTS
from ..engine import PROFILES, RATE_LIMITS
from ._caches import keep_caches_out_of_the_working_folder
from ._client_check import add_client_check_parser
from ._commands import (
    cleanup_command,
    docs_drift_command,
    mock_command,
    openapi_command,
    replay_command,
)
from ._connector_check import add_connector_check_parser, connector_app_command
from ._errors import EXIT_USAGE, Parser
from ._judge import add_judge_parser
from ._run import run_command

__all__ = ["main"]

RUN_EPILOG = """\
pytest arguments:
  b24-conformance run [OPTIONS] -- ARGS   passes ARGS to pytest, e.g. -- -k connector -x
                                          (ARGS that select no test are a usage error, exit 2)

exit codes:
  0  conformant: no fail finding, and the run sent all its profile planned
  1  nonconformant: at least one fail finding
  2  usage, configuration or internal error (a suite test that errs is never a pass)
  3  the target could not be reached at all
  4  incomplete: no fail finding, but less was checked than planned (budget spent, interrupted,
     a webhook's reach); --allow-incomplete makes it 0
  128+N  stopped by signal N (130 SIGINT, 143 SIGTERM, 129 SIGHUP), after cleaning up; verdict incomplete
"""


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
    if extra and args.command != "run":
        parser.error(f"only run passes arguments after -- on (to pytest), got them for {args.command}")
    keep_caches_out_of_the_working_folder()
    code = None
    try:
        code = args.handler(args, extra)
        sys.stdout.flush()  # here, not at exit, where a closed pipe could only be reported as ignored
    except BrokenPipeError:
        # The reader went away (`... --list-faults | head`): nothing more to say, and no traceback. A
        # command that finished keeps its code; one cut short exits as a process stopped by SIGPIPE.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return code if code is not None else 128 + signal.SIGPIPE
    return code


def _parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="b24-conformance", description="Conformance tests for Bitrix24 BIconnector REST methods."
    )
    parser.add_argument("--version", action="version", version=f"b24-conformance {__version__}")
    commands = parser.add_subparsers(dest="command", parser_class=Parser)
    _run_parser(commands)
    _mock_parser(commands)
    add_client_check_parser(commands)
    add_judge_parser(commands)

    connector = commands.add_parser(
        "connector-app", help="serve the reference connector endpoints (urlCheck, urlTableList, ...)"
    )
    connector.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    connector.add_argument("--port", type=_port, default=0, help="default: a free port")
    connector.add_argument("--token", help="the connection[token] value the endpoints require (default: any)")
    connector.add_argument(
        "--fault", action="append", default=[], metavar="NAME", help="plant a connector fault (repeatable)"
    )
    connector.add_argument("--list-faults", action="store_true", help="print the connector faults and exit")
    connector.set_defaults(handler=connector_app_command)
    add_connector_check_parser(commands)

    openapi = commands.add_parser("openapi", help="write the contract as an OpenAPI 3.1 document")
    openapi.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    openapi.add_argument(
        "--error-placement", choices=PLACEMENTS, default="nested", help="where method errors go"
    )
    openapi.add_argument(
        "--requests",
        choices=("documented", "module"),
        default="documented",
        help="request schemas: the documented types (default), or what the module accepts (for st run)",
    )
    openapi.add_argument(
        "--schemathesis-config",
        type=Path,
        metavar="PATH",
        help="also write a schemathesis.toml for `st run` against a portal that answers errors with HTTP 200",
    )
    openapi.set_defaults(handler=openapi_command)

    cleanup = commands.add_parser("cleanup", help="delete what a crashed run left on a portal")
    _target_arguments(cleanup, required=True, help="the portal URL (webhook or OAuth base)")
    cleanup.add_argument(
        "--second-access-token", help="the second application's token (or B24_SECOND_ACCESS_TOKEN)"
    )
    cleanup.add_argument("--ledger", type=Path, help="the run's ledger.jsonl (in its report dir)")
    cleanup.add_argument("--prefix", help="delete objects whose title starts with this run prefix (b24c-...)")
    cleanup.set_defaults(handler=cleanup_command)

    replay = commands.add_parser(
        "replay", help="send a run's failing requests again and say which still fail"
    )
    replay.add_argument("summary", type=Path, help="the run's summary.json")
    _target_arguments(
        replay,
        default="mock",
        help="mock (default: in-process, the mock the run used when it ran against one, with the same "
        "seed, faults and error placement; else a fresh one) or the portal URL",
    )
    replay.add_argument(
        "--error-placement", choices=PLACEMENTS, help="default: the one the summary was judged by"
    )
    replay.add_argument("--read-only", action="store_true", help="do not send adds, updates or deletes")
    replay.add_argument(
        "--webhook",
        metavar="URL",
        help="with a portal URL: its webhook https://HOST/rest/USER/CODE/ (or B24_WEBHOOK), for the lines "
        "the run sent through it (the mock's comes with it)",
    )
    replay.set_defaults(handler=replay_command)

    drift = commands.add_parser("docs-drift", help="compare a b24restdocs checkout with schemas/")
    drift.add_argument("path", type=Path, help="the root of a b24restdocs checkout")
    drift.set_defaults(handler=docs_drift_command)
    return parser


def _target_arguments(parser: argparse.ArgumentParser, **target: object) -> None:
    """--target (target: its required/default/help), --auth and --access-token, as cleanup and replay take."""
    parser.add_argument("--target", **target)
    parser.add_argument("--auth", choices=("webhook", "oauth"), help="default: inferred from the URL")
    parser.add_argument("--access-token", help="OAuth access token (or B24_ACCESS_TOKEN)")


def _run_parser(commands) -> None:
    run = commands.add_parser(
        "run",
        help="run the conformance suite against a target and write reports",
        usage="b24-conformance run [OPTIONS] [-- PYTEST ARGS]",
        epilog=RUN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
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
        "--webhook",
        metavar="URL",
        help="with an OAuth target: the portal's webhook https://HOST/rest/USER/CODE/ (or B24_WEBHOOK), "
        "to call every method without an application context",
    )
    run.add_argument(
        "--error-placement",
        choices=PLACEMENTS,
        default="nested",
        help="where the target is expected to put method errors (default nested, as the module does)",
    )
    run.add_argument(
        "--mock-error-placement",
        choices=PLACEMENTS,
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
    run.add_argument(
        "--profile",
        choices=tuple(PROFILES),
        default="standard",
        help="how hard to try: gate (a live portal's release gate in batch calls), quick (a smoke run, "
        "about 1,000 requests), standard (default) or deep",
    )
    run.add_argument("--seed", type=int, help="repeat a run exactly (printed in every report)")
    run.add_argument(
        "--budget", type=int, help="the most requests to send (a run that hits it is incomplete)"
    )
    run.add_argument(
        "--allow-incomplete",
        action="store_true",
        help="exit 0 instead of 4 when the run found no fail but checked less than planned",
    )
    run.add_argument(
        "--debug",
        action="store_true",
        help="also show pytest's own output: a traceback for every failing suite test",
    )
    run.add_argument(
        "--no-color",
        action="store_true",
        help="no colours (also when NO_COLOR is set; there are none where the output is no terminal)",
    )
    run.add_argument("--read-only", action="store_true", help="send no add or delete; find ids through list")
    run.add_argument(
        "--batch",
        action="store_true",
        help="send the probes a query string can carry as commands of batch calls (far fewer requests)",
    )
    run.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for one answer")
    run.add_argument(
        "--max-answer-bytes",
        type=int,
        metavar="N",
        help="the largest answer to read, compressed or not; a larger one is a finding",
    )
    run.add_argument(
        "--rate-limit",
        choices=RATE_LIMITS,
        help="pace requests for the portal's plan (default: standard for a portal, "
        "off for the mock and for a loopback URL such as http://127.0.0.1:PORT/rest/)",
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
    run.add_argument(
        "--report-dir",
        type=Path,
        default=Path("reports"),
        help="folder for report.html, junit.xml, summary.json and ledger.jsonl (default ./reports; made)",
    )
    run.set_defaults(handler=run_command)


def _mock_parser(commands) -> None:
    mock = commands.add_parser("mock", help="serve the bundled mock portal over HTTP")
    mock.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    mock.add_argument("--port", type=_port, default=0, help="default: a free port")
    mock.add_argument(
        "--error-placement",
        choices=PLACEMENTS,
        default="nested",
        help="where the mock puts method errors: nested in result.error (default, as the module does) "
        "or at the root",
    )
    mock.add_argument("--access-token", help="fix the first application's access token (default: random)")
    mock.add_argument("--second-access-token", help="fix the second application's access token")
    mock.add_argument("--webhook-code", help="fix the webhook code (default: random)")
    mock.add_argument(
        "--seed",
        type=_seed,
        metavar="N",
        help="derive the credentials not fixed above from N, as a run against the mock with --seed N does, "
        "so that its reproduce lines work here; guessable, so only for a mock on this machine",
    )
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
    mock.add_argument(
        "--scenario",
        metavar="NAME",
        help="play the client-check scenario NAME: its limits, objects and scripted behaviour (an HTML "
        "502 page, a lost or slow answer, tokens expiring), so that a client's own tests meet it "
        "(names: `client-check --list-scenarios`)",
    )
    mock.add_argument(
        "--record",
        type=Path,
        metavar="FILE",
        help="append every request to FILE as a JSON line (method, parameters with secret values masked, "
        "a token fingerprint, status, outcome, times) for `b24-conformance judge`",
    )
    mock.add_argument(
        "--validate-requests",
        action="store_true",
        help="with --record: check each request against the contract as it comes; a violation is "
        "answered as the portal answers it (it does not refuse unknown parameters), printed to stderr "
        "and written into its line",
    )
    mock.set_defaults(handler=mock_command)


def _seed(text: str) -> int:
    """A seed: a whole number >= 0."""
    try:
        seed = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {text!r}") from None
    if seed < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {seed}")
    return seed


def _port(text: str) -> int:
    """A TCP port number, 0 for a free one."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number from 0 to 65535, got {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 0 to 65535, got {port}")
    return port
