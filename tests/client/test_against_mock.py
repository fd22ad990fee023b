"""The client against the bundled mock portal: in-process, and over real HTTP with a webhook."""

from __future__ import annotations

import pytest

from conformance.client import Client, Target
from conformance.mock import MockConfig, MockPortal, serve

FIELDS = {
    "title": "Client test",
    "logo": "https://example.com/logo.png",
    "urlCheck": "https://example.com/check",
    "urlTableList": "https://example.com/tables",
    "urlTableDescription": "https://example.com/description",
    "urlData": "https://example.com/data",
    "settings": [{"code": "token", "name": "Token", "type": "STRING"}],
}


@pytest.fixture
def portal() -> MockPortal:
    return MockPortal(MockConfig(access_token="T"))


@pytest.mark.parametrize("encoding", ["json", "form", "query"])
def test_add_get_delete_in_process(portal, encoding):
    with Client(Target.in_process(portal, portal.applications[0].access_token)) as client:
        added = client.call("biconnector.connector.add", {"fields": FIELDS}, encoding=encoding)
        new_id = added.response.json["result"]["id"]
        got = client.call("biconnector.connector.get", {"id": new_id}, encoding=encoding)
        deleted = client.call("biconnector.connector.delete", {"id": new_id}, encoding=encoding)
    assert isinstance(new_id, int) and new_id > 0, added.response.snippet()
    assert got.response.json["result"]["item"]["title"] == "Client test"
    assert deleted.response.json["result"] is True
    assert added.request.params == {"fields": FIELDS}, "recorded as the suite meant it, token left out"


def test_the_second_application_token_sees_none_of_the_firsts_objects(portal):
    primary, foreign = portal.applications
    with Client(Target.in_process(portal, primary.access_token)) as client:
        new_id = client.call("biconnector.connector.add", {"fields": FIELDS}).response.json["result"]["id"]
        seen = client.call("biconnector.connector.get", {"id": new_id}, access_token=foreign.access_token)
    assert seen.response.json["result"]["error"]["error"] == "CONNECTOR_NOT_FOUND"


@pytest.mark.http
def test_a_webhook_over_real_http_reaches_the_mock(portal):
    with serve(portal) as server, Client(Target.parse(server.url + portal.webhook_path)) as client:
        exchange = client.call("biconnector.connector.get", {"id": 1})
    code = portal.webhook_path.split("/")[3]
    assert exchange.request.url == f"{server.url}/rest/1/***/biconnector.connector.get"
    assert code not in exchange.reproduce
    # The module refuses calls without an application context: a webhook gets ACCESS_DENIED, nested.
    assert exchange.response.status == 200
    assert exchange.response.json["result"]["error"]["error"] == "ACCESS_DENIED"
