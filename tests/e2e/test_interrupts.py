"""A run stopped midway leaves nothing behind: SIGINT cleans up, SIGKILL is cleaned up from the ledger."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from conformance.client import Client, Target
from conformance.ledger import Ledger

pytestmark = [pytest.mark.slow, pytest.mark.http]

TOKEN = "interrupt-token-7c1e"
ENTITIES = ("table", "source", "connector")


def _start_run(base: str, report_dir) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "conformance.cli",
            "run",
            "--profile",
            "standard",
            "--target",
            f"{base}/rest/",
            "--access-token",
            TOKEN,
            "--rate-limit",
            "off",
            "--report-dir",
            str(report_dir),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_objects(report_dir, timeout: float = 60) -> None:
    """Wait until the run has made objects beyond its setup (its ledger records some creations)."""
    deadline = time.monotonic() + timeout
    ledger = report_dir / "ledger.jsonl"
    while time.monotonic() < deadline:
        if ledger.exists() and len(ledger.read_text().splitlines()) > 20:
            return
        time.sleep(0.1)
    pytest.fail("the run made no objects in time")


def _leftovers(base: str) -> dict[str, list[int]]:
    with Client(Target.parse(f"{base}/rest/", access_token=TOKEN)) as client:
        found = {}
        for entity in ENTITIES:
            body = client.call(f"biconnector.{entity}.list", {}).response.json
            found[entity] = [item["id"] for item in body["result"]]
        return found


def test_sigint_midway_deletes_what_the_run_made(mock_server, tmp_path):
    base = mock_server("--access-token", TOKEN)
    run = _start_run(base, tmp_path)
    try:
        _wait_for_objects(tmp_path)
        run.send_signal(signal.SIGINT)
        _, stderr = run.communicate(timeout=120)
    finally:
        if run.poll() is None:
            run.kill()
            run.communicate()
    assert "Traceback" not in stderr
    assert _leftovers(base) == {entity: [] for entity in ENTITIES}
    assert Ledger.read(tmp_path / "ledger.jsonl").outstanding() == []


def test_after_sigkill_cleanup_removes_what_the_ledger_names(mock_server, tmp_path):
    base = mock_server("--access-token", TOKEN)
    run = _start_run(base, tmp_path)
    try:
        _wait_for_objects(tmp_path)
        run.kill()
        run.communicate(timeout=30)
    finally:
        if run.poll() is None:
            run.kill()
            run.communicate()
    assert any(_leftovers(base).values()), (
        "the killed run should have left objects for this test to mean much"
    )
    cleanup = subprocess.run(
        [
            sys.executable,
            "-m",
            "conformance.cli",
            "cleanup",
            "--target",
            f"{base}/rest/",
            "--ledger",
            str(tmp_path / "ledger.jsonl"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={**__import__("os").environ, "B24_ACCESS_TOKEN": TOKEN},
        check=False,
    )
    assert cleanup.returncode == 0, cleanup.stdout + cleanup.stderr
    assert _leftovers(base) == {entity: [] for entity in ENTITIES}
    assert TOKEN not in cleanup.stdout + cleanup.stderr
