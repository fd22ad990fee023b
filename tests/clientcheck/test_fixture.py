"""The b24_portal fixture: a live mock a client's own tests call over HTTP, its traffic and contract."""

from __future__ import annotations

import httpx
import pytest

from conformance.clientcheck import ContractBroken
from conformance.clientcheck.fixtures import b24_portal  # noqa: F401 - the fixture under test

pytestmark = pytest.mark.http


def test_the_fixture_serves_records_and_holds_requests_to_the_contract(b24_portal):  # noqa: F811
    answer = httpx.post(
        b24_portal.url + "biconnector.connector.get", json={"id": 5, "auth": b24_portal.token}
    )
    assert answer.json()["result"]["error"]["error"] == "CONNECTOR_NOT_FOUND"
    assert [r.method for r in b24_portal.requests] == ["biconnector.connector.get"]
    b24_portal.assert_contract()
    httpx.post(b24_portal.url + "biconnector.connector.list", json={"start": 50, "auth": b24_portal.token})
    with pytest.raises(ContractBroken, match="expected only known parameters, got start"):
        b24_portal.assert_contract()


def test_the_fixture_plays_scripted_behaviours(b24_portal):  # noqa: F811
    b24_portal.script.add("biconnector.connector.fields", "html-502")
    answer = httpx.post(b24_portal.url + "biconnector.connector.fields", json={"auth": b24_portal.token})
    assert answer.status_code == 502 and answer.headers["content-type"].startswith("text/html")
