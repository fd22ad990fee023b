"""A run stopped midway leaves nothing behind: SIGINT cleans up, SIGKILL is cleaned up from the ledger."""

from __future__ import annotations

import json
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
            # no --rate-limit: a loopback target is not paced unless asked
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


@pytest.mark.parametrize(
    ("stop", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130), (signal.SIGHUP, 129)]
)
def test_a_stop_signal_cleans_up_and_reports_incomplete(mock_server, tmp_path, stop, code):
    base = mock_server("--access-token", TOKEN)
    run = _start_run(base, tmp_path)
    try:
        _wait_for_objects(tmp_path)
        run.send_signal(stop)
        stdout, stderr = run.communicate(timeout=120)
    finally:
        if run.poll() is None:
            run.kill()
            run.communicate()
    assert run.returncode == code, stdout + stderr
    assert "Traceback" not in stderr
    assert _leftovers(base) == {entity: [] for entity in ENTITIES}
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["verdict"] == "incomplete"
    assert summary["interrupted_by"] == stop.name
    assert "interrupted" in summary["incomplete_reasons"]
    assert summary["rate_limit"] == "off"
    assert (tmp_path / "report.html").exists() and (tmp_path / "junit.xml").exists()


def test_a_second_signal_during_cleanup_never_reports_conformant(mock_server, tmp_path):
    base = mock_server("--access-token", TOKEN)
    run = _start_run(base, tmp_path)
    try:
        _wait_for_objects(tmp_path)
        run.send_signal(signal.SIGINT)
        time.sleep(0.3)
        run.send_signal(signal.SIGINT)
        _, stderr = run.communicate(timeout=120)
    finally:
        if run.poll() is None:
            run.kill()
            run.communicate()
    assert run.returncode == 130, stderr
    assert "Traceback" not in stderr
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["verdict"] == "incomplete"
    # whatever the cut-short cleanup could not delete is still named by the ledger for `cleanup`
    left = sum(len(ids) for ids in _leftovers(base).values())
    assert len(Ledger.read(tmp_path / "ledger.jsonl").outstanding()) >= left


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
