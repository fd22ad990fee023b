"""b24-conformance run: options checked, the suite run under pytest, summary.json read as the exit code."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
from pathlib import Path

from ..engine import OPTION, OPTIONS, ConfigError, RunConfig
from ._errors import (
    EXIT_CONFORMANT,
    EXIT_INCOMPLETE,
    EXIT_NONCONFORMANT,
    EXIT_UNREACHABLE,
    EXIT_USAGE,
    usage,
)
from ._late_signals import LateSignals

PROG = "b24-conformance run"
# Settings that carry secrets go to pytest through the environment, never on a command line.
SECRET_SETTINGS = {option.name: option.env for option in OPTIONS if option.secret}
# pytest's own exit statuses that mean the suite never ran as planned
_PYTEST_INTERRUPTED, _PYTEST_USAGE, _PYTEST_NO_TESTS = 2, 4, 5


def run_command(args: argparse.Namespace, extra: list[str]) -> int:
    """Run the suite with the command's options; the exit code of its verdict."""
    import pytest

    try:
        report_dir = _report_dir(args.report_dir)
    except ConfigError as exc:
        return usage(PROG, str(exc))
    try:
        _check(args, report_dir)
    except ConfigError as exc:
        return _stopped(report_dir, "usage", str(exc), usage(PROG, str(exc)))
    summary_path = report_dir / "summary.json"
    summary_path.unlink(missing_ok=True)
    pytest_args = [
        "-c",
        str(Path(__file__).parent.parent / "suite" / "pytest.ini"),
        "--rootdir",
        str(report_dir),
        "--pyargs",
        "conformance.suite",
        "-q",
        # the findings, grouped, are the run's story; pytest's letters and tracebacks only with --debug
        *([] if args.debug else ["--tb=no", "-rN"]),
        *([] if args.debug or _asks_verbose(extra) else ["-p", "conformance.plugin._progress"]),
        *(["--color=no"] if _no_color(args) else []),
        f"--html={report_dir / 'report.html'}",
        "--self-contained-html",
    ]
    for name, value in _settings(args, report_dir).items():
        if value is not None:
            pytest_args.append(f"{OPTION[name].flag}={value}")
    secrets = {env: getattr(args, name) for name, env in SECRET_SETTINGS.items() if getattr(args, name)}
    with LateSignals() as late:
        with _environment(secrets):
            code = pytest.main([*pytest_args, *extra], plugins=[late])
        verdict = verdict_exit(
            int(code),
            summary_path,
            report_dir,
            allow_incomplete=args.allow_incomplete,
            colour=not _no_color(args) and sys.stdout.isatty(),
        )
        if verdict == EXIT_CONFORMANT and args.min_coverage is not None:
            return coverage_gate(summary_path, args.min_coverage)
        return verdict


def _settings(args: argparse.Namespace, report_dir: Path) -> dict[str, object]:
    """The run's settings by Option name (secrets aside); None where the option was not given."""
    settings: dict[str, object] = {
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
        "max_answer_bytes": args.max_answer_bytes,
    }
    # an option the engine does not know (yet) is not passed on rather than refused by pytest
    return {name: value for name, value in settings.items() if name in OPTION}


def _check(args: argparse.Namespace, report_dir: Path) -> RunConfig:
    """The settings as the run will resolve them, so a bad one is a one-line error before pytest starts."""
    values = {name: None if v is None else str(v) for name, v in _settings(args, report_dir).items()}
    values.update({name: getattr(args, name) for name in SECRET_SETTINGS})
    config = RunConfig.from_values(values)
    if args.min_coverage is not None and not 0 <= args.min_coverage <= 100:
        raise ConfigError(
            f"Expected --min-coverage to be a percentage from 0 to 100, got {args.min_coverage:g}"
        )
    if config.is_mock:
        from ..faults import FAULTS

        unknown = [name for name in config.mock_faults if name not in FAULTS]
        if unknown:
            raise ConfigError(
                f"Expected --mock-fault to name a fault (b24-conformance mock --list-faults lists them), "
                f"got {', '.join(map(repr, unknown))}"
            )
        return config
    if config.mock_faults:
        raise ConfigError(
            "Expected --mock-fault only with --target mock (it plants faults in the bundled mock); "
            "serve a faulty mock with `b24-conformance mock --fault NAME` and target its URL instead"
        )
    _check_target(config)
    return config


def _check_target(config: RunConfig) -> None:
    from ..client import Target, TargetError

    try:
        Target.parse(config.target, auth=config.auth, access_token=config.access_token)
    except TargetError as exc:
        if not config.access_token:
            try:
                Target.parse(config.target, auth=config.auth, access_token="-")
            except TargetError:
                pass
            else:  # an OAuth base URL that only lacks its token
                raise ConfigError(
                    "Expected --access-token (or B24_ACCESS_TOKEN) with the OAuth target URL, got none; "
                    "give one, or use a webhook URL https://HOST/rest/USER/CODE/"
                ) from None
        raise ConfigError(f"--target: {exc}") from None


def _report_dir(path: Path) -> Path:
    """The report folder, made when missing; ConfigError when it cannot be a writable folder."""
    report_dir = path.resolve()
    try:
        report_dir.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise ConfigError(
            f"Expected --report-dir to be a folder, got the file {str(path)!r}; "
            "name a folder (it is made when missing)"
        ) from None
    except OSError as exc:
        raise ConfigError(
            f"Expected --report-dir to be a folder that can be made, got {str(path)!r} ({exc.strerror})"
        ) from None
    if not os.access(report_dir, os.W_OK | os.X_OK):
        raise ConfigError(f"Expected --report-dir to be a folder this user can write to, got {str(path)!r}")
    return report_dir


def coverage_gate(summary_path: Path, minimum: float) -> int:
    """Exit 1 when the run saw less than minimum % of the documented error codes, else 0."""
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


def verdict_exit(
    pytest_code: int,
    summary_path: Path,
    report_dir: Path,
    *,
    allow_incomplete: bool = False,
    colour: bool = False,
) -> int:
    """Print the verdict line (last) and the reasons behind it; return the run's exit code."""
    if pytest_code == _PYTEST_NO_TESTS:
        message = "the pytest arguments after -- selected no suite test; check -k/-m or drop them"
        return _stopped(report_dir, "usage", message, usage(PROG, message))
    if not summary_path.exists():
        if pytest_code == _PYTEST_USAGE:
            message = "pytest refused the arguments after --; its message is above"
            return _stopped(report_dir, "usage", message, usage(PROG, message))
        if pytest_code == _PYTEST_INTERRUPTED:
            message = "interrupted before the run began; nothing was sent"
            print(f"b24-conformance: {message}", file=sys.stderr)
            return _stopped(report_dir, "interrupted", message, 128 + signal.SIGINT)
        message = "the suite stopped before it wrote summary.json; its output is above"
        return _stopped(report_dir, "suite", message, usage(PROG, message))
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    code, notes = _exit_code(summary, pytest_code, allow_incomplete)
    for note in notes:
        print(f"b24-conformance: {note}", file=sys.stderr)
    if summary.get("pacing"):
        print(f"b24-conformance: pacing: {summary['pacing']}")
    print(_verdict_line(summary, report_dir, colour=colour))
    return code


def _exit_code(summary: dict, pytest_code: int, allow_incomplete: bool) -> tuple[int, list[str]]:
    """The exit code a summary stands for, and the lines that say why."""
    reasons = summary.get("incomplete_reasons") or {}
    notes = [f"incomplete: {message}" for message in reasons.values()]
    error = summary.get("error")
    if error:
        notes.append(error["message"])
    test_errors = summary.get("test_errors") or {}
    if test_errors:
        first, message = next(iter(test_errors.items()))
        notes.append(
            f"{len(test_errors)} suite tests ended in an error, not a finding (first: {first}: {message}); "
            "see report.html"
        )
    signal_name = summary.get("interrupted_by")
    if signal_name:
        # the shell's convention for a process a signal stopped: 128 + the signal's number
        return 128 + signal.Signals[signal_name].value, notes
    verdict = summary["verdict"]
    if error and verdict == "error":
        return (
            error["exit_code"] if error["exit_code"] in (EXIT_USAGE, EXIT_UNREACHABLE) else EXIT_USAGE
        ), notes
    if verdict == "nonconformant":
        return EXIT_NONCONFORMANT, notes
    # a lost target stops the tests the way an interrupt does: pytest then says so in its own code
    stopped = pytest_code == _PYTEST_INTERRUPTED and "target_lost" in reasons
    if verdict == "error" or (pytest_code not in (0, 1) and not stopped):
        return EXIT_USAGE, notes
    if verdict == "incomplete":
        if allow_incomplete:
            return EXIT_CONFORMANT, [*notes, "--allow-incomplete: an incomplete run exits 0"]
        return EXIT_INCOMPLETE, notes
    if pytest_code == 1:
        return EXIT_USAGE, [*notes, "some suite tests failed without a finding; see report.html"]
    return EXIT_CONFORMANT, notes


def _stopped(report_dir: Path, kind: str, message: str, exit_code: int) -> int:
    """Write junit.xml for a run that ended before its summary (one failing testcase that says why)."""
    from ..reports import write_junit

    summary = {"verdict": "error", "error": {"kind": kind, "message": message, "exit_code": exit_code}}
    # the report dir itself may be the problem; the message already printed says what went wrong
    with contextlib.suppress(OSError):
        write_junit(report_dir / "junit.xml", {**summary, "findings": [], "coverage": {}})
    return exit_code


def _asks_verbose(extra: list[str]) -> bool:
    """Whether the pytest arguments ask for pytest's per-test output (-v, -vv, --verbose)."""
    return any(arg == "--verbose" or (arg.startswith("-v") and set(arg[1:]) == {"v"}) for arg in extra)


def _no_color(args: argparse.Namespace) -> bool:
    return bool(args.no_color or os.environ.get("NO_COLOR"))


# The verdict in the colour a reader expects of it (ANSI: green, red, yellow, and red for error).
_VERDICT_COLOURS = {"conformant": "32", "nonconformant": "31;1", "incomplete": "33", "error": "31"}


def _verdict_line(summary: dict, report_dir: Path, *, colour: bool = False) -> str:
    counts = summary["counts"]
    verdict = summary["verdict"]
    reasons = summary.get("incomplete_reasons") or {}
    if verdict == "incomplete" and reasons:
        verdict += f" ({', '.join(reasons)})"
    if colour and summary["verdict"] in _VERDICT_COLOURS:
        verdict = f"\x1b[{_VERDICT_COLOURS[summary['verdict']]}m{verdict}\x1b[0m"
    return (
        f"b24-conformance: {verdict}: {counts['fail']} fail, {counts['warn']} warn findings; "
        f"{summary['requests']} requests in {summary['duration_s']:.1f} s; seed {summary['seed']}, "
        f"profile {summary['profile']}, pacing {summary.get('rate_limit') or 'off'}; reports in {report_dir}"
    )


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
