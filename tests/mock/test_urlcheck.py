"""The mock's default urlCheck: the bundled app in-process, loopback over HTTP, every other host refused."""

from __future__ import annotations

import socket
from urllib.parse import parse_qsl

import pytest

from conformance.connector_app import ConnectorApp, serve_connector
from conformance.mock._urlcheck import IN_PROCESS_HOST, UrlChecker, connection_body

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
