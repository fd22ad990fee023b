"""A read-only run changes nothing on the target: it probes the objects list finds and sends no write."""

from __future__ import annotations

import pytest

from conformance.client import Client, Target

pytestmark = [pytest.mark.slow, pytest.mark.http]

TOKEN = "read-only-token-8e21"
BASE = "https://connector.invalid/b24-conformance"
CONNECTOR = {
    "title": "someone's connector",
    "logo": "x",
    "urlCheck": f"{BASE}/check",
    "urlTableList": f"{BASE}/table_list",
    "urlTableDescription": f"{BASE}/table_description",
    "urlData": f"{BASE}/data",
    "settings": [{"code": "token", "name": "Token", "type": "STRING"}],
}


def _everything(client: Client) -> dict:
    return {
        entity: client.call(f"biconnector.{entity}.list", {}).response.json["result"]
        for entity in ("connector", "source", "table")
    }


def test_a_read_only_run_leaves_the_targets_objects_as_they_were(run_cli, mock_server):
    base = mock_server("--access-token", TOKEN)
    with Client(Target.parse(f"{base}/rest/", access_token=TOKEN)) as client:
        connector = client.call("biconnector.connector.add", {"fields": CONNECTOR}).response.json["result"][
            "id"
        ]
        client.call(
            "biconnector.source.add",
            {"fields": {"title": "someone's source", "connectorId": connector, "settings": {"token": "t"}}},
        )
        before = _everything(client)
        result = run_cli(
            "--profile",
            "quick",
            "--target",
            f"{base}/rest/",
            "--access-token",
            TOKEN,
            "--rate-limit",
            "off",
            "--read-only",
        )
        after = _everything(client)
    assert result.code == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert after == before
    get = result.summary["coverage"]["biconnector.connector.get"]["input_classes"]
    assert "id.existing" in get  # the connector list found was probed
    delete = result.summary["coverage"]["biconnector.connector.delete"]
    assert not delete["input_classes"]
    assert "--read-only" in delete["not_covered"]["id.existing"]
