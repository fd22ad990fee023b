"""The mock over real HTTP: serve() in a thread, serve_forever() as the CLI runs it."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys

import httpx
import pytest

from conformance.mock import MockPortal, serve, serve_forever

pytestmark = pytest.mark.http


@pytest.fixture
def server(portal):
    running = serve(portal)
    yield running
    running.close()


def test_serve_answers_over_http_until_closed(server, portal, connector_fields):
    assert server.url == f"http://127.0.0.1:{server.port}" and server.host == "127.0.0.1"
    token = portal.applications[0].access_token
    with httpx.Client(base_url=server.url, timeout=5) as http:
        added = http.post(
            "/rest/biconnector.connector.add.json", json={"auth": token, "fields": connector_fields}
        )
        got = http.post("/rest/biconnector.connector.get", data={"auth": token, "id": "1"})
        hooked = http.get(f"{portal.webhook_path}biconnector.source.list")
    assert (added.status_code, added.json()["result"]) == (200, {"id": 1})
    assert got.headers["content-type"] == "application/json; charset=utf-8"
    assert got.json()["result"]["item"]["title"] == connector_fields["title"]
    assert hooked.json()["result"]["error"]["error"] == "ACCESS_DENIED"
    server.close()
    server.close()
    with pytest.raises(OSError):
        socket.create_connection((server.host, server.port), timeout=1).close()


def test_a_running_server_is_a_context_manager(portal):
    with serve(portal) as running:
        assert httpx.get(f"{running.url}/rest/x", timeout=5).status_code == 401
    assert "closed=True" in repr(running)


def test_serve_forever_refuses_a_port_in_use(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert serve_forever(MockPortal(), "127.0.0.1", port) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and f"cannot listen on 127.0.0.1:{port}" in lines[0]


SCRIPT = """
import sys
from conformance.mock import MockConfig, MockPortal, serve_forever
config = MockConfig(access_token="tok-1", second_access_token="tok-2", webhook_code="hook")
sys.exit(serve_forever(MockPortal(config), "127.0.0.1", 0))
"""


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_serve_forever_prints_credentials_and_stops_on_a_signal(sig):
    process = subprocess.Popen(
        [sys.executable, "-c", SCRIPT], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        first = process.stdout.readline().strip()
        assert first.startswith("listening on http://127.0.0.1:"), first + process.stderr.read()
        url = first.removeprefix("listening on ")
        rest = [process.stdout.readline().strip() for _ in range(10)]
        assert rest[:4] == [
            "access token: tok-1",
            "second access token: tok-2",
            f"webhook: {url}/rest/1/hook/",
            f"oauth server: {url}/oauth/token/",
        ]
        printed = dict(line.split(": ", 1) for line in rest[4:])
        assert list(printed) == [
            f"{prefix}{name}"
            for prefix in ("", "second ")
            for name in ("client id", "client secret", "refresh token")
        ]
        answer = httpx.get(f"{url}/rest/biconnector.connector.list?auth=tok-2", timeout=5)
        assert answer.json()["result"] == []
        renewal = {
            "grant_type": "refresh_token",
            "client_id": printed["client id"],
            "client_secret": printed["client secret"],
            "refresh_token": printed["refresh token"],
        }
        renewed = httpx.get(f"{url}/oauth/token/", params=renewal, timeout=5).json()
        answer = httpx.get(f"{url}/rest/biconnector.connector.list?auth={renewed['access_token']}", timeout=5)
        assert answer.json()["result"] == []
        process.send_signal(sig)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()
