"""The commands beside run: mock, connector-app, openapi, cleanup, replay, docs-drift."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

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
            return usage("b24-conformance mock", str(exc))
    return serve_forever(portal, args.host, args.port, app=app)


def connector_app_command(args: argparse.Namespace, extra: list[str]) -> int:
    """Serve the reference connector endpoints until a signal."""
    from ..connector_app import ConnectorApp, serve_connector_forever

    return serve_connector_forever(ConnectorApp(token=args.token), args.host, args.port)


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
    from ..client import TargetError
    from ..replay import ReplayError, replay

    token = args.access_token or os.environ.get("B24_ACCESS_TOKEN")
    try:
        with _client_for(args.target, args.auth, token) as client:
            return replay(args.summary, client, placement=args.error_placement, read_only=args.read_only)
    except (ReplayError, TargetError, OSError) as exc:
        return usage("b24-conformance replay", str(exc))


def docs_drift_command(args: argparse.Namespace, extra: list[str]) -> int:
    """Compare a b24restdocs checkout with schemas/."""
    from ..drift import main as drift_main

    if not args.path.is_dir():
        return usage(
            "b24-conformance docs-drift", f"Expected a b24restdocs checkout folder, got {str(args.path)!r}"
        )
    return drift_main(args.path)
