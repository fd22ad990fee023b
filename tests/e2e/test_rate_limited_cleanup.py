"""A portal on the standard plan's rate limit (50 burst, 2/s): the cleanup's deletes meet a full bucket
and get through all the same, paced and retried like the probes; nothing is left behind."""

from __future__ import annotations

import io
import json
import threading
from collections import Counter

import pytest

from conformance.client import Client, RetryPolicy, Target
from conformance.engine import bundled_mock
from conformance.mock import MockConfig, serve

pytestmark = [pytest.mark.slow, pytest.mark.http]

TOKEN, SECOND = "rate-limited-token-0b7d", "rate-limited-second-93fe"
ENTITIES = ("table", "source", "connector")
# A few dozen requests, under the plan's burst: the bucket fills only when this test fills it, right as
# the cleanup begins (a whole quick run takes minutes at 2/s). The probes selected delete none of the
# session's own objects: their first delete is the cleanup's, one call per object (without --batch;
# with it the cleanup's deletes are the commands of batch calls, which go through the same retries).
SELECTED = ("--seed", "7", "--", "-k", "test_id_input_class and (connector.get or source.get)")
PREPARED = 6  # the session's own objects: a connector, a source and a table for each application


class Tally:
    """WSGI middleware: notes the ids of the adds, and every delete's id and answer ("deleted", the rate
    limit's refusal, or the HTTP status). At the first delete of one of the session's own objects (the
    cleanup's first), another client of the portal uses up its burst."""

    def __init__(self, portal) -> None:
        self.app = portal
        self.bucket = portal.bucket
        self.burst_used = False
        self.made: list[tuple[str, int]] = []  # (entity, id) of each add, in order
        self.deletes: list[tuple[tuple[str, int], str]] = []
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        action = environ.get("PATH_INFO", "").rpartition("/")[2]
        entity = action.split(".")[1] if action.count(".") == 2 else ""
        sent = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        environ["wsgi.input"] = io.BytesIO(sent)
        if action.endswith(".delete") and not self.burst_used:
            key = (entity, json.loads(sent)["id"]) if sent.startswith(b"{") else None
            if key in self.made[:PREPARED]:
                self.burst_used = True
                self._use_up_the_burst()
        status: list[str] = []

        def noting(line, headers, *rest):
            status.append(line)
            return start_response(line, headers, *rest)

        body = b"".join(self.app(environ, noting))
        result = json.loads(body).get("result") if status[0].startswith("200") else None
        answer = "QUERY_LIMIT_EXCEEDED" if b'"QUERY_LIMIT_EXCEEDED"' in body else status[0].split()[0]
        with self._lock:
            if action.endswith(".add") and isinstance(result, dict) and isinstance(result.get("id"), int):
                self.made.append((entity, result["id"]))
            elif action.endswith(".delete") and sent.startswith(b"{"):
                answer = "deleted" if result is True else answer
                self.deletes.append(((entity, json.loads(sent)["id"]), answer))
        return [body]

    def _use_up_the_burst(self) -> None:
        before = self.bucket.refused
        for _ in range(self.bucket.capacity + 2):
            try:
                self.bucket.admit()
            except Exception:  # the mock's 503 QUERY_LIMIT_EXCEEDED: the bucket is full
                break
        assert self.bucket.refused == before + 1


def _objects_left(base: str) -> dict[str, int]:
    left = Counter()
    for token in (TOKEN, SECOND):
        # the bucket refills at 2/s: this client waits and retries like the run's
        with Client(Target.parse(f"{base}/rest/", access_token=token), retry=RetryPolicy()) as client:
            for entity in ENTITIES:
                left[entity] += len(client.call(f"biconnector.{entity}.list", {}).response.json["result"])
    return dict(left)


def test_the_cleanup_under_the_standard_rate_limit_deletes_everything(run_cli):
    portal = bundled_mock(MockConfig(access_token=TOKEN, second_access_token=SECOND, rate_limit="standard"))
    tally = Tally(portal)
    with serve(tally) as server:
        result = run_cli(
            "--profile",
            "quick",
            "--target",
            f"{server.url}/rest/",
            "--auth",
            "oauth",
            "--access-token",
            TOKEN,
            "--second-access-token",
            SECOND,
            # as a loopback target is by default: the portal's limit, not the client's pacing, bites
            "--rate-limit",
            "off",
            *SELECTED,
        )
        output = result.stdout + result.stderr
        assert result.code == 0, output[-3000:]
        assert "Could not delete objects" not in output
        assert result.summary["error"] is None
        prepared = set(tally.made[:PREPARED])  # deleted by the run's cleanup, and by nothing else
        answers = [answer for key, answer in tally.deletes if key in prepared]
        # the cleanup met the limit, and sent each delete again until it went through
        assert tally.burst_used
        assert "QUERY_LIMIT_EXCEEDED" in answers, tally.deletes
        assert answers.count("deleted") == PREPARED, answers
        assert _objects_left(server.url) == dict.fromkeys(ENTITIES, 0)
    assert TOKEN not in output and SECOND not in output
