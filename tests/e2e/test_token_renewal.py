"""An access token that expires midway is renewed and the run completes; a wrong secret stops it."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.http]

TOKEN = "renewal-access-token-31c9"
PROBES = ("--", "-k", "test_ids and json")


def _run(run_cli, mock_server, secret_of, lifetime="1"):
    base = mock_server("--access-token", TOKEN, "--token-lifetime", lifetime)
    credentials = mock_server.credentials[base]
    return run_cli(
        "--profile",
        "quick",
        "--target",
        f"{base}/rest/",
        "--rate-limit",
        "off",
        "--access-token",
        TOKEN,
        "--client-id",
        credentials["client id"],
        "--client-secret",
        secret_of(credentials),
        "--refresh-token",
        credentials["refresh token"],
        "--oauth-server",
        f"{base}/oauth/token/",
        *PROBES,
    )


def test_an_expired_token_is_renewed_and_the_run_completes(run_cli, mock_server):
    result = _run(run_cli, mock_server, lambda credentials: credentials["client secret"])
    assert result.code == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert result.summary["duration_s"] > 1  # long enough for the first token to expire
    assert result.summary["counts"]["fail"] == 0


# 1 s: the token has expired before the run's first call; 2 s: it expires while probes are under way
@pytest.mark.parametrize("lifetime", ["1", "2"])
def test_a_wrong_client_secret_ends_with_exit_2_and_one_line(run_cli, mock_server, lifetime):
    result = _run(run_cli, mock_server, lambda credentials: "not-the-secret", lifetime)
    assert result.code == 2, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    message = [line for line in result.stderr.splitlines() if "could not be renewed" in line]
    assert len(message) == 1
    assert "not-the-secret" not in result.stdout + result.stderr
