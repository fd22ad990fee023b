"""A portal that goes away mid-run: the run stops sending, says incomplete (target_lost), exits 4, and
leaves what it made in the ledger for `b24-conformance cleanup`."""

from __future__ import annotations

import io
import threading
import time

import pytest

from conformance.client import Client, Target
from conformance.engine import bundled_mock
from conformance.engine._sender import LOST_AFTER
from conformance.ledger import Ledger, cleanup
from conformance.mock import MockConfig, serve

pytestmark = [pytest.mark.slow, pytest.mark.http]

TOKEN = "lost-target-token-5d2e"
ANSWERED = 40  # past the run's setup (its objects are made), well before its end
ENTITIES = ("table", "source", "connector")


class Vanishing:
    """WSGI middleware: answers the first `answered` requests; at the next one the server goes away.

    That request is held until the server has closed its connection, so it gets no answer, and no
    request after it finds anyone listening.
    """

    def __init__(self, app, answered: int) -> None:
        self.app = app
        self.answered = answered
        self.seen = 0
        self.gone = threading.Event()
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self._lock:
            self.seen += 1
            last = self.seen > self.answered
        if last:
            self.gone.set()
            time.sleep(1.0)  # the server closes this connection meanwhile: what follows is never sent
        return self.app(environ, start_response)


def _leftovers(base: str) -> int:
    with Client(Target.parse(f"{base}/rest/", access_token=TOKEN)) as client:
        return sum(
            len(client.call(f"biconnector.{entity}.list", {}).response.json["result"]) for entity in ENTITIES
        )


def test_a_target_lost_midway_ends_the_run_incomplete_and_leaves_the_rest_to_the_ledger(run_cli):
    portal = bundled_mock(MockConfig(access_token=TOKEN))
    vanishing = Vanishing(portal, ANSWERED)
    server = serve(vanishing)
    closer = threading.Thread(target=lambda: vanishing.gone.wait(120) and server.close(), daemon=True)
    closer.start()
    try:
        started = time.monotonic()
        result = run_cli(
            "--profile",
            "quick",
            "--target",
            f"{server.url}/rest/",
            "--auth",
            "oauth",
            "--access-token",
            TOKEN,
            "--rate-limit",
            "off",
            "--timeout",
            "3",
        )
        elapsed = time.monotonic() - started
    finally:
        vanishing.gone.set()
        closer.join(10)
        server.close()
    output = result.stdout + result.stderr
    assert result.code == 4, output[-3000:]
    assert "Traceback" not in output
    assert TOKEN not in output
    summary = result.summary
    assert summary["verdict"] == "incomplete"
    lost = summary["incomplete_reasons"]["target_lost"]
    assert f"at request {ANSWERED + 1} of the run" in lost, lost
    assert "interrupted" not in summary["incomplete_reasons"]
    assert summary["error"] is None
    # it stopped within a few requests of the loss (the one held, its retry, then the rest of the streak)
    assert ANSWERED + LOST_AFTER <= summary["requests"] <= ANSWERED + LOST_AFTER + 2, summary["requests"]
    transport = [f for f in summary["findings"] if f["check"] == "transport"]
    assert sum(f["count"] for f in transport) < LOST_AFTER
    assert elapsed < 60
    assert "incomplete (cleanup_left, target_lost)" in result.stdout
    # what the run made is still on the portal, and the ledger names it (adds whose answer never
    # arrived included: the held request may have been one)
    ledger = result.report_dir / "ledger.jsonl"
    left = Ledger.read(ledger).outstanding()
    assert left
    assert f"cleanup --ledger {ledger}" in summary["incomplete_reasons"]["cleanup_left"]
    assert (result.report_dir / "report.html").exists() and (result.report_dir / "junit.xml").exists()

    # the portal is back (same state, new address): the ledger's cleanup deletes what the run left
    with serve(portal) as back:
        assert 0 < _leftovers(back.url) <= len(left)
        with Client(Target.parse(f"{back.url}/rest/", access_token=TOKEN)) as client:
            assert cleanup(client, ledger_path=ledger, out=io.StringIO()) == 0
        assert _leftovers(back.url) == 0
