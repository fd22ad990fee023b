"""Lines a run sent through the portal's webhook (the auth.webhook probes) replay through a webhook:
the mock's own, or the one `replay --webhook` names; never with the OAuth token, which would answer
as an application does and make a finding look mended."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conformance.cli import main
from conformance.engine import bundled_mock
from conformance.faults import with_faults
from conformance.mock import MockConfig, serve

FAULT = "access-denied-root-403"
TOKEN = "replay-webhook-token"
CODE = "replaywebhookcode7"


@pytest.fixture(scope="module")
def summary(tmp_path_factory) -> Path:
    """A failing in-process run's summary: the module's ACCESS_DENIED at the root with HTTP 403."""
    report_dir = tmp_path_factory.mktemp("run")
    args = [sys.executable, "-m", "conformance.cli", "run", "--seed", "3", "--profile", "quick"]
    args += ["--mock-fault", FAULT, "--report-dir", str(report_dir)]
    args += ["--", "-k", "test_webhook_call and connector.get"]
    done = subprocess.run(args, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr[-2000:]
    path = report_dir / "summary.json"
    findings = json.loads(path.read_text(encoding="utf-8"))["findings"]
    assert any("/rest/1/***/biconnector.connector.get" in f["reproduce"] for f in findings)
    return path


def test_the_runs_mock_replays_a_webhook_line_through_its_webhook(summary, capsys):
    assert main(["replay", str(summary)]) == 1
    out = capsys.readouterr().out
    assert "still fails      error-placement: biconnector.connector.get [auth.webhook]" in out


def test_a_portal_url_needs_its_webhook_to_replay_such_a_line(summary, capsys, monkeypatch):
    monkeypatch.delenv("B24_WEBHOOK", raising=False)
    portal = bundled_mock(MockConfig(access_token=TOKEN, webhook_code=CODE))
    with serve(with_faults(portal, [FAULT], portal=portal)) as server:
        target = ["--target", f"{server.url}/rest/", "--auth", "oauth", "--access-token", TOKEN]
        assert main(["replay", str(summary), *target]) == 0
        without = capsys.readouterr().out
        webhook = server.url + portal.webhook_path
        assert main(["replay", str(summary), *target, "--webhook", webhook]) == 1
        with_it = capsys.readouterr().out
        assert main(["replay", str(summary), *target, "--webhook", f"{server.url}/rest/"]) == 2
        wrong = capsys.readouterr()
    assert (
        "not replayed     error-placement: biconnector.connector.get [auth.webhook]: the run sent it "
        in without
    )
    assert "give replay --webhook URL (or B24_WEBHOOK)" in without
    assert "still fails      error-placement: biconnector.connector.get [auth.webhook]" in with_it
    assert "Expected --webhook to be a webhook URL https://HOST/rest/USER/CODE/" in wrong.err
    assert CODE not in without + with_it + wrong.out + wrong.err
