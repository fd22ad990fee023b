"""The commands beside run: mock, connector-app, openapi, cleanup, replay, docs-drift."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..serving import is_loopback_host
from ._errors import usage


def mock_command(args: argparse.Namespace, extra: list[str]) -> int:
    """Serve the bundled mock portal over HTTP until a signal."""
    from ..engine import bundled_mock
    from ..mock import MockConfig, serve_forever

    if args.list_faults or args.fault:
        from ..faults import list_faults, with_faults
    if args.list_faults:
        print(list_faults())
        return 0
    if args.seed is not None and not is_loopback_host(args.host):
        return usage(
            "b24-conformance mock",
            f"Expected --seed only with a loopback --host (its credentials can be guessed from the seed), "
            f"got --host {args.host}; drop --seed, or listen on 127.0.0.1",
        )
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
        seed=args.seed,
    )
    if args.validate_requests and args.record is None:
        return usage("b24-conformance mock", "Expected --validate-requests with --record FILE, got it alone")
    if args.scenario is not None and args.fault:
        return usage("b24-conformance mock", "Expected --scenario NAME or --fault NAME, got both")
    if args.scenario is not None:
        return _serve_scenario(config, args)
    portal = bundled_mock(config)
    app = portal
    if args.fault:
        try:
            app = with_faults(portal, args.fault, portal=portal)
        except ValueError as exc:
            return usage("b24-conformance mock", str(exc))
    if args.record is None:
        return serve_forever(portal, args.host, args.port, app=app)
    return _serve_recording(portal, app, args)


def _serve_scenario(config: Any, args: argparse.Namespace) -> int:
    """Serve the bundled mock in the state of a client-check scenario (behind its Script)."""
    from ..clientcheck import ScriptedPortal, scenario_config, set_up
    from ..engine import bundled_mock
    from ..mock import Script, serve_forever

    try:
        portal = bundled_mock(scenario_config(args.scenario, config))
        script = Script(portal)
        set_up(args.scenario, ScriptedPortal(portal, script))
    except ValueError as exc:
        return usage("b24-conformance mock", f"{exc} (see client-check --list-scenarios)")
    print(f"playing scenario {args.scenario}", flush=True)
    try:
        if args.record is None:
            return serve_forever(portal, args.host, args.port, app=script)
        return _serve_recording(portal, script, args)
    finally:
        script.stop()


def _serve_recording(portal: Any, app: Any, args: argparse.Namespace) -> int:
    """Serve app behind a TrafficRecorder that appends each request to args.record."""
    from ..clientcheck import TrafficLog
    from ..mock import TrafficRecorder, serve_forever

    def tell(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    try:
        out = open(args.record, "a", encoding="utf-8")  # noqa: SIM115 - open while the mock serves
    except OSError as exc:
        return usage(
            "b24-conformance mock",
            f"Expected --record to name a file that can be written, got {str(args.record)!r} "
            f"({exc.strerror})",
        )
    with out:
        log = TrafficLog(out, validate=args.validate_requests, tell=tell)
        # Requests are kept in the file only: a mock serving a long CI job must not grow without end.
        recorder = TrafficRecorder(app, on_answer=log, keep=False)
        checked = ", each checked against the contract" if args.validate_requests else ""
        print(f"recording requests to {args.record}{checked}", flush=True)
        return serve_forever(portal, args.host, args.port, app=recorder)


def openapi_command(args: argparse.Namespace, extra: list[str]) -> int:
    """Write the contract as an OpenAPI document to a file or standard output."""
    from ..openapi import write_openapi, write_schemathesis_config

    for option, path in (("-o", args.output), ("--schemathesis-config", args.schemathesis_config)):
        if path is not None and path.is_dir():
            return usage(
                "b24-conformance openapi", f"Expected {option} to name a file, got the folder {str(path)!r}"
            )
    option, path = "-o", args.output
    try:
        text = write_openapi(args.output, placement=args.error_placement, requests=args.requests)
        if args.schemathesis_config is not None:
            option, path = "--schemathesis-config", args.schemathesis_config
            write_schemathesis_config(args.schemathesis_config)
    except OSError as exc:
        return usage(
            "b24-conformance openapi",
            f"Expected {option} to name a file that can be written, got {str(path)!r} ({exc.strerror}); "
            "its folder must exist",
        )
    if args.output is None:
        sys.stdout.write(text)
    else:
        print(f"wrote {args.output}")
    if args.schemathesis_config is not None:
        # Printed to stderr so that the document on standard output stays pure JSON.
        print(f"wrote {args.schemathesis_config}", file=sys.stderr if args.output is None else sys.stdout)
    return 0


def _client_for(target: str, auth: str | None, access_token: str | None) -> Any:
    """A client for a portal URL, or for a fresh in-process mock."""
    from ..client import Client, Target

    if target == "mock":
        from ..engine import bundled_mock

        portal = bundled_mock()
        return Client(Target.in_process(portal, portal.applications[0].access_token))
    return Client(Target.parse(target, auth=auth, access_token=access_token if auth != "webhook" else None))


def cleanup_command(args: argparse.Namespace, extra: list[str]) -> int:
    """Delete what a crashed run left, by its ledger or its title prefix."""
    from ..client import TargetError
    from ..ledger import LedgerError, cleanup

    prog = "b24-conformance cleanup"
    if args.ledger is None and args.prefix is None:
        return usage(prog, "Expected --ledger FILE or --prefix b24c-RUNID, got neither")
    token = args.access_token or os.environ.get("B24_ACCESS_TOKEN")
    second = args.second_access_token or os.environ.get("B24_SECOND_ACCESS_TOKEN")
    try:
        with _client_for(args.target, args.auth, token) as client:
            return cleanup(
                client,
                ledger_path=args.ledger,
                prefix=args.prefix,
                access_tokens={"second": second} if second else None,
            )
    except (LedgerError, TargetError, ValueError, OSError) as exc:
        return usage(prog, str(exc))


def replay_command(args: argparse.Namespace, extra: list[str]) -> int:
    """Send a run's failing requests again and say which still fail."""
    from ..client import Target, TargetError
    from ..replay import ReplayError, load_summary, replay

    token = args.access_token or os.environ.get("B24_ACCESS_TOKEN")
    webhook_url = args.webhook or os.environ.get("B24_WEBHOOK")
    try:
        if args.target == "mock":
            client, webhook_target = _run_mock_clients(load_summary(args.summary))
        else:
            client = _client_for(args.target, args.auth, token)
            webhook_target = Target.webhook(webhook_url, "--webhook") if webhook_url else None
        with client, _opened(webhook_target) as webhook:
            return replay(
                args.summary,
                client,
                placement=args.error_placement,
                read_only=args.read_only,
                webhook=webhook,
            )
    except (ReplayError, TargetError, ValueError, OSError) as exc:
        return usage("b24-conformance replay", str(exc))


def _run_mock_clients(summary: dict[str, Any]) -> tuple[Any, Any]:
    """A client for the in-process mock a summary's run used (same seed, faults and error placement), or
    for a fresh one when the run was against a portal URL; and the target of that mock's webhook."""
    from ..client import Client, Target
    from ..engine import MockSetup, bundled_mock

    if summary.get("target") != "mock":
        print("replaying against a fresh in-process mock (the run's target was a URL)")
        portal = app = bundled_mock()
        target = Target.in_process(portal, portal.applications[0].access_token)
    else:
        setup = MockSetup.from_summary(summary)
        portal, app = setup.build()
        print(f"replaying against the run's mock, in-process (serve it with: {setup.command()})")
        target = Target.in_process(app, portal.applications[0].access_token, base_url=setup.base_url)
    return Client(target), target.webhook_at(portal.webhook_path)


@contextmanager
def _opened(target: Any) -> Iterator[Any]:
    """A client of target for the block (None for no target)."""
    from ..client import Client

    if target is None:
        yield None
        return
    with Client(target) as client:
        yield client


def docs_drift_command(args: argparse.Namespace, extra: list[str]) -> int:
    """Compare a b24restdocs checkout with schemas/."""
    from ..drift import main as drift_main

    if not args.path.is_dir():
        return usage(
            "b24-conformance docs-drift", f"Expected a b24restdocs checkout folder, got {str(args.path)!r}"
        )
    return drift_main(args.path)
