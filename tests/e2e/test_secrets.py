"""Canary secrets: a run given them writes none of them to its reports, its ledger or its output."""

from __future__ import annotations

import hashlib
import re
import threading
from wsgiref.simple_server import WSGIRequestHandler, make_server

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


def test_a_batched_run_leaks_no_token_or_setting_value(run_cli, mock_server):
    # batch answers carry sources' settings a level deeper (result.result[command]): masked all the same
    base = mock_server("--access-token", ACCESS, "--second-access-token", SECOND)
    result = run_cli(
        "--profile",
        "quick",
        "--seed",
        "4242",
        "--batch",
        "--target",
        f"{base}/rest/",
        "--rate-limit",
        "off",
        "--access-token",
        ACCESS,
        "--second-access-token",
        SECOND,
        "--",
        "-k",
        "test_batch and source",
    )
    assert result.code == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert result.summary["coverage"]["biconnector.source.get"]["successes"] > 0  # settings were read back
    _assert_nothing_leaks(result, (ACCESS, SECOND, _setting_value("4242")))


@pytest.mark.parametrize("batch", [(), ("--batch",)], ids=["one-by-one", "batch"])
def test_a_whole_webhook_run_passes_and_leaks_no_webhook_code(run_cli, mock_server, batch):
    # the whole quick profile: every method answers ACCESS_DENIED, nothing can be made, and no test
    # may fail for want of an object (a failing test's traceback would show the run's settings)
    base = mock_server("--access-token", ACCESS, "--webhook-code", WEBHOOK)
    result = run_cli(
        "--profile",
        "quick",
        "--seed",
        "4243",
        *batch,
        "--target",
        f"{base}/rest/1/{WEBHOOK}/",
        "--rate-limit",
        "off",
    )
    # a webhook reaches only ACCESS_DENIED and *.fields: the run is incomplete (exit 4), never conformant
    assert result.code == 4, result.stdout[-3000:] + result.stderr[-3000:]
    assert re.search(r"\b\d+ (failed|errors?)\b", result.stdout) is None, result.stdout[-3000:]
    assert result.summary["verdict"] == "incomplete"
    assert "webhook_reach" in result.summary["incomplete_reasons"]
    assert result.summary["target"] == f"{base}/rest/1/***/"
    fields_update = result.summary["coverage"]["biconnector.table.fields.update"]
    assert (set(fields_update["error_codes"]), fields_update["successes"]) == ({"ACCESS_DENIED"}, 0)
    assert "fields.add-existing-code" in fields_update["input_classes"]  # drawn with placeholder columns
    _assert_nothing_leaks(result, (WEBHOOK, ACCESS))


@pytest.fixture
def echoing_server():
    """A server on 127.0.0.1 that answers every request with an HTML 404 page showing the URL and the
    body it got, as some web servers in front of a portal do; its base URL. Stopped after the test."""

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    def page(environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        url = f"{environ['PATH_INFO']}?{environ.get('QUERY_STRING', '')}".encode()
        start_response("404 Not Found", [("Content-Type", "text/html")])
        return [b"<html><h1>Not Found</h1>" + url + b" " + body + b"</html>"]

    server = make_server("127.0.0.1", 0, page, handler_class=Quiet)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.mark.parametrize("auth", ["webhook", "oauth"])
def test_a_target_that_echoes_requests_in_its_error_pages_gets_no_secret_into_a_report(
    run_cli, echoing_server, auth
):
    target = (
        ("--target", f"{echoing_server}/rest/1/{WEBHOOK}/")
        if auth == "webhook"
        else ("--target", f"{echoing_server}/rest/", "--access-token", ACCESS)
    )
    result = run_cli("--profile", "quick", "--seed", "4244", "--budget", "40", *target, "--rate-limit", "off")
    assert result.summary["verdict"] == "nonconformant", result.stdout[-3000:] + result.stderr[-3000:]
    assert any("Not Found" in finding["observed"] for finding in result.summary["findings"])
    _assert_nothing_leaks(result, (WEBHOOK, ACCESS))
