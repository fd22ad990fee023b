"""b24-conformance mock --record --validate-requests --scenario, then judge: the CI job of any language."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import httpx
import pytest

from conformance.cli import main

pytestmark = pytest.mark.http

TOKEN = "tok-record-1"
SECRET = "s3cret-setting-value"


def _serve(*options: str) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "conformance.cli", "mock", "--access-token", TOKEN, *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    for _ in range(6):  # the scenario and recording lines come first
        line = process.stdout.readline()
        if line.startswith("listening on "):
            return process, line.removeprefix("listening on ").strip()
    process.kill()
    raise AssertionError(f"Expected the mock to say where it listens, got {line!r}: {process.stderr.read()}")


def _stop(process: subprocess.Popen) -> str:
    process.send_signal(signal.SIGTERM)
    try:
        _, err = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    assert process.returncode == 0, err
    return err


def test_the_served_mock_records_validates_and_plays_a_scenario_and_judge_finds_the_breaks(tmp_path, capsys):
    traffic = tmp_path / "traffic.jsonl"
    process, url = _serve("--scenario", "expired-token", "--record", str(traffic), "--validate-requests")
    try:

        def call(method, **params):
            return httpx.post(f"{url}/rest/{method}", json={**params, "auth": TOKEN}, timeout=10)

        listed = call("biconnector.connector.list", start=50)
        source = {"title": "s", "connectorId": 1, "settings": SECRET}  # settings must be an object
        added = call("biconnector.source.add", fields=source)
        fields = [call("biconnector.connector.fields").status_code for _ in range(3)]
    finally:
        err = _stop(process)
    # the portal does not refuse unknown parameters, and neither does the mock that validates them
    assert listed.status_code == 200 and "result" in listed.json()
    assert added.status_code in (200, 400)
    assert fields == [200, 401, 401]  # expired on the 2nd call, and this client never renews
    assert "contract: biconnector.connector.list: expected only known parameters, got start" in err
    assert "contract: biconnector.source.add: expected params per the schema" in err
    text = traffic.read_text()
    assert TOKEN not in text + err and SECRET not in text + err
    lines = [json.loads(line) for line in text.splitlines()]
    assert [line["method"] for line in lines] == [
        "biconnector.connector.list",
        "biconnector.source.add",
        *["biconnector.connector.fields"] * 3,
    ]
    assert [line["outcome"] for line in lines[2:]] == ["ok", "expired_token", "expired_token"]
    assert all(line["auth"].startswith("token:") and "violations" in line for line in lines)

    assert main(["judge", str(traffic), "--report-dir", str(tmp_path / "reports")]) == 1
    summary = json.loads((tmp_path / "reports" / "summary.json").read_text())
    broken = {rule["name"]: rule["violations"] for rule in summary["rules"]}
    assert broken == {
        "request-contract": 2,
        "query-limit": 0,
        "operating-limit": 0,
        "expired-token": 1,
        "lost-answer": 0,
    }
    assert SECRET not in capsys.readouterr().out


def test_mock_options_for_recording_are_checked_first(tmp_path, capsys):
    assert main(["mock", "--validate-requests"]) == 2
    assert main(["mock", "--scenario", "no-such", "--record", str(tmp_path / "t.jsonl")]) == 2
    assert main(["mock", "--record", str(tmp_path)]) == 2  # a folder
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 3 and all(line.startswith("b24-conformance mock: error: Expected") for line in err)
