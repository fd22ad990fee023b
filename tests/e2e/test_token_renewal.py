"""An access token that expires midway is renewed and the run completes; a wrong secret stops it."""

from __future__ import annotations

import itertools
import threading

import pytest

from conformance.engine import bundled_mock
from conformance.mock import MockConfig, serve

pytestmark = [pytest.mark.slow, pytest.mark.http]

TOKEN = "renewal-access-token-31c9"
PROBES = ("--", "-k", "test_ids and json")


class TickingClock:
    """The mock's clock moves 10 ms each time it is read: tokens expire after requests, not seconds."""

    def __init__(self) -> None:
        self._ticks = itertools.count()
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return 1_800_000_000 + next(self._ticks) * 0.01


def _run(run_cli, secret_of):
    # 3 "seconds" of the ticking clock last a few dozen requests: the token expires early in the run
    portal = bundled_mock(MockConfig(access_token=TOKEN, token_lifetime_s=3, clock=TickingClock()))
    app = portal.applications[0]
    with serve(portal) as server:
        return run_cli(
            "--profile",
            "quick",
            "--target",
            f"{server.url}/rest/",
            "--rate-limit",
            "off",
            "--access-token",
            TOKEN,
            "--client-id",
            app.client_id,
            "--client-secret",
            secret_of(app),
            "--refresh-token",
            app.refresh_token,
            "--oauth-server",
            f"{server.url}/oauth/token/",
            *PROBES,
        )


def test_an_expired_token_is_renewed_and_the_run_completes(run_cli):
    result = _run(run_cli, lambda app: app.client_secret)
    assert result.code == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert result.summary["counts"]["fail"] == 0
    assert result.summary["requests"] > 100  # far past the first token's life


def test_a_wrong_client_secret_ends_with_exit_2_and_one_line(run_cli):
    result = _run(run_cli, lambda app: "not-the-secret")
    assert result.code == 2, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    message = [line for line in result.stderr.splitlines() if "could not be renewed" in line]
    assert len(message) == 1
    assert "not-the-secret" not in result.stdout + result.stderr
