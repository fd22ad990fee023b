"""Canary secrets: a run given them writes none of them to its reports, its ledger or its output."""

from __future__ import annotations

import hashlib

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.http]

ACCESS, SECOND, WEBHOOK = "canary-access-5d1e0c", "canary-second-77aa41", "canarywebhook9f3b"
CLIENT_SECRET, REFRESH = "canary-client-secret-e4c2", "canary-refresh-token-19bd"


def _setting_value(seed: str) -> str:
    # what the suite writes as its source's credential (see ConformanceSession.source_fields)
    return f"b24c-{hashlib.sha256(seed.encode()).hexdigest()[:6]}-setting-value"


def _assert_nothing_leaks(result, canaries) -> None:
    outputs = {"stdout": result.stdout, "stderr": result.stderr}
    for path in result.report_dir.iterdir():
        outputs[path.name] = path.read_text(encoding="utf-8", errors="replace")
    leaks = {(name, canary) for name, text in outputs.items() for canary in canaries if canary in text}
    assert not leaks


def test_an_oauth_run_leaks_no_token_secret_or_setting_value(run_cli, mock_server):
    base = mock_server("--access-token", ACCESS, "--second-access-token", SECOND, "--webhook-code", WEBHOOK)
    result = run_cli(
        "--profile",
        "quick",
        "--seed",
        "4242",
        "--target",
        f"{base}/rest/",
        "--rate-limit",
        "off",
        "--access-token",
        ACCESS,
        "--second-access-token",
        SECOND,
        "--client-id",
        "app.canary",
        "--client-secret",
        CLIENT_SECRET,
        "--refresh-token",
        REFRESH,
        "--",
        "-k",
        "test_ids and json and (connector.get or source) or test_lifecycle or test_relations",
    )
    assert result.code == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert result.summary["coverage"]["biconnector.source.get"]["successes"] > 0  # settings were read back
    _assert_nothing_leaks(result, (ACCESS, SECOND, CLIENT_SECRET, REFRESH, _setting_value("4242")))


def test_a_webhook_run_leaks_no_webhook_code(run_cli, mock_server):
    base = mock_server("--access-token", ACCESS, "--webhook-code", WEBHOOK)
    result = run_cli(
        "--profile",
        "quick",
        "--seed",
        "4243",
        "--target",
        f"{base}/rest/1/{WEBHOOK}/",
        "--rate-limit",
        "off",
        "--",
        "-k",
        "test_ids and json and connector.get or test_access",
    )
    assert result.code == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert result.summary["target"] == f"{base}/rest/1/***/"
    _assert_nothing_leaks(result, (WEBHOOK, ACCESS))
