"""The mock's urlCheck: a given app in-process, loopback over HTTP, every other host refused."""

from __future__ import annotations

import http.client
import socket
import threading
import time
from urllib.parse import parse_qsl

import pytest

from conformance.connector_app import ConnectorApp, serve_connector
from conformance.engine import bundled_mock
from conformance.mock import IN_PROCESS_HOST, MockConfig, MockPortal, UrlChecker
from conformance.mock._urlcheck import connection_body

from .conftest import Answer, Rest, known_config

SUITE_URL = "https://connector.invalid/b24-conformance/check"


def test_the_body_is_connection_code_equals_value():
    body = connection_body({"login": "u ser", "pass": "&="})
    assert parse_qsl(body) == [("connection[login]", "u ser"), ("connection[pass]", "&=")]


@pytest.mark.parametrize(
    ("url", "settings", "expected"),
    [
        (SUITE_URL, {"token": "t"}, True),
        ("http://CONNECTOR.invalid/check?x=1", {"token": "t"}, True),
        (SUITE_URL, {"token": "wrong"}, False),
        (SUITE_URL, {}, False),
        ("https://connector.invalid/b24-conformance/nothing", {"token": "t"}, False),
        ("https://example.com/check", {"token": "t"}, False),
        ("https://10.0.0.1/check", {"token": "t"}, False),
        ("ftp://connector.invalid/check", {"token": "t"}, False),
        ("not a url", {"token": "t"}, False),
    ],
)
def test_in_process_and_refused_hosts(url, settings, expected):
    assert UrlChecker(ConnectorApp(token="t"))(url, settings) is expected


def test_a_loopback_url_gets_a_real_post():
    with serve_connector(ConnectorApp(token="t")) as running:
        check = UrlChecker(ConnectorApp(token="other"))
        url = f"{running.url}/check"
        assert check(url, {"token": "t"}) is True
        assert check(url, {"token": "x"}) is False
        assert check(url.replace("127.0.0.1", "localhost"), {"token": "t"}) is True


def test_a_closed_loopback_port_raises_and_fails_the_source(rest_for, connector_fields):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(OSError):
        UrlChecker(ConnectorApp(), timeout_s=1)(f"http://127.0.0.1:{port}/check", {})
    rest = rest_for()
    connector_fields["urlCheck"] = f"http://127.0.0.1:{port}/check"
    connector = rest.call("biconnector.connector.add", {"fields": connector_fields}).result["id"]
    answer = rest.call(
        "biconnector.source.add", {"fields": {"title": "S", "connectorId": connector, "settings": {}}}
    )
    assert answer.error == "SOURCE_CREATE_CONNECTION_ERROR"


def test_the_default_portal_creates_sources_on_the_suites_url(rest, connector_fields):
    assert IN_PROCESS_HOST in connector_fields["urlCheck"]
    connector = rest.call("biconnector.connector.add", {"fields": connector_fields}).result["id"]
    fields = {"title": "S", "connectorId": connector, "settings": {"token": "anything"}}
    assert rest.call("biconnector.source.add", {"fields": fields}).result == {"id": 1}
    other = {**connector_fields, "urlCheck": "https://example.com/check"}
    elsewhere = rest.call("biconnector.connector.add", {"fields": other}).result["id"]
    answer = rest.call("biconnector.source.add", {"fields": {**fields, "connectorId": elsewhere}})
    assert (answer.error, answer.description) == (
        "SOURCE_CREATE_CONNECTION_ERROR",
        "Cannot create connection.",
    )
    update = rest.call("biconnector.source.update", {"id": 1, "fields": {"title": "T"}})
    assert update.result is True


def test_without_an_app_the_reserved_host_fails_like_one_that_does_not_resolve():
    assert UrlChecker()(SUITE_URL, {"token": "t"}) is False


def _source_add_on_the_suites_url(portal: MockPortal, connector_fields) -> Answer:
    rest = Rest(portal)
    connector = rest.call("biconnector.connector.add", {"fields": connector_fields}).result["id"]
    fields = {"title": "S", "connectorId": connector, "settings": {"token": "anything"}}
    return rest.call("biconnector.source.add", {"fields": fields})


def test_a_portal_without_a_handler_fails_sources_on_the_reserved_host(connector_fields):
    portal = MockPortal(known_config())
    answer = _source_add_on_the_suites_url(portal, connector_fields)
    assert (answer.status, answer.error, answer.description) == (
        200,
        "SOURCE_CREATE_CONNECTION_ERROR",
        "Cannot create connection.",
    )
    assert portal.count("source") == 0


@pytest.mark.parametrize("config", [None, MockConfig(error_placement="root")])
def test_the_bundled_mock_creates_sources_on_the_reserved_host(config, connector_fields):
    portal = bundled_mock(config)
    assert _source_add_on_the_suites_url(portal, connector_fields).result == {"id": 1}
    assert portal.config.error_placement == ("nested" if config is None else "root")


def test_the_bundled_mock_keeps_a_given_handler(connector_fields):
    calls = []
    portal = bundled_mock(known_config(url_check=lambda url, settings: calls.append(url) or False))
    answer = _source_add_on_the_suites_url(portal, connector_fields)
    assert answer.error == "SOURCE_CREATE_CONNECTION_ERROR"
    assert calls == [SUITE_URL]


class _Dribbler:
    """A loopback server that sends a 200's headers, then its body one byte at a time."""

    def __init__(self, length: int, gap_s: float) -> None:
        self.length, self.gap_s, self.sent = length, gap_s, 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        connection, _ = self.listener.accept()
        with connection:
            connection.recv(65536)
            head = f"HTTP/1.1 200 OK\r\nContent-Length: {self.length}\r\n\r\n"
            try:
                connection.sendall(head.encode())
                for _ in range(self.length):  # bounded: length bytes, gap_s apart
                    time.sleep(self.gap_s)
                    connection.sendall(b"x")
                    self.sent += 1
            except OSError:
                pass  # the checker cut the connection

    def close(self) -> None:
        self.thread.join(self.length * self.gap_s + 5)
        self.listener.close()


@pytest.mark.http
def test_a_connector_that_dribbles_is_cut_at_one_deadline_for_the_whole_call():
    dribbler = _Dribbler(length=40, gap_s=0.1)
    try:
        # Each byte comes well within the per-read timeout; only a deadline for the whole call stops it.
        with pytest.raises((OSError, http.client.HTTPException)):
            UrlChecker(timeout_s=1.0)(f"http://127.0.0.1:{dribbler.port}/check", {"token": "t"})
    finally:
        dribbler.close()
    assert dribbler.sent < dribbler.length
