"""Objects through add, get, list and delete; ownership by application; reset and count."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from werkzeug.test import Client

from conformance.contract import default_contract

DATETIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")


def method(name):
    return default_contract().method(name)


def test_connector_round_trip(rest, connector_fields):
    added = rest.call("biconnector.connector.add", {"fields": connector_fields}).result
    assert added == {"id": 1}
    assert method("biconnector.connector.add").result_errors(added) == []
    got = rest.call("biconnector.connector.get", {"id": 1}).result
    assert method("biconnector.connector.get").result_errors(got) == []
    item = got["item"]
    assert {k: item[k] for k in connector_fields} == connector_fields
    assert (item["sort"], item["description"]) == (100, None)
    assert DATETIME.fullmatch(item["dateCreate"])
    listed = rest.call("biconnector.connector.list").result
    assert listed == [item]
    assert rest.call("biconnector.connector.delete", {"id": 1}).result is True
    assert rest.call("biconnector.connector.get", {"id": 1}).error == "CONNECTOR_NOT_FOUND"
    assert rest.call("biconnector.connector.delete", {"id": 1}).error == "CONNECTOR_NOT_FOUND"


def test_connector_sort_and_description_are_stored(rest, connector_fields):
    fields = {**connector_fields, "sort": "7.9", "description": "About"}
    new_id = rest.call("biconnector.connector.add", {"fields": fields}).result["id"]
    item = rest.call("biconnector.connector.get", {"id": new_id}).result["item"]
    assert (item["sort"], item["description"]) == (7, "About")


def test_source_round_trip(rest, connector_id, connector_fields):
    fields = {
        "title": "Sales",
        "description": "CRM",
        "active": False,
        "connectorId": str(connector_id),
        "settings": {"token": 12345, "unknown": "dropped"},
    }
    added = rest.call("biconnector.source.add", {"fields": fields}).result
    assert added == {"id": 1}
    got = rest.call("biconnector.source.get", {"id": 1}).result
    assert method("biconnector.source.get").result_errors(got) == []
    item = got["item"]
    connection = item["connection"]
    assert connection["type"] == "rest"
    assert connection["code"] == f"rest_{connector_id}"
    assert (connection["title"], connection["description"], connection["active"]) == ("Sales", "CRM", True)
    assert connection["dateCreate"] == connection["dateUpdate"]
    assert connection["createdById"] == connection["updatedById"] == 1
    assert item["connectorId"] == connector_id
    assert item["settings"] == [
        {"id": 1, "code": "token", "name": "Token", "type": "STRING", "value": "12345"}
    ]
    listed = rest.call("biconnector.source.list").result
    assert len(listed) == 1
    assert listed[0]["id"] == 1 and listed[0]["settings"] == item["settings"]
    assert (
        rest.call("biconnector.connector.delete", {"id": connector_id}).error == "CONNECTOR_DELETE_RESTRICTED"
    )
    assert rest.call("biconnector.source.delete", {"id": 1}).result is True
    assert rest.call("biconnector.source.get", {"id": 1}).error == "SOURCE_NOT_FOUND"
    assert rest.call("biconnector.connector.delete", {"id": connector_id}).result is True


def test_ids_count_per_entity_from_one(rest, connector_fields, connector_id, source_id):
    second = rest.call("biconnector.connector.add", {"fields": connector_fields}).result["id"]
    assert (connector_id, source_id, second) == (1, 1, 2)


def test_source_add_needs_a_connector_of_the_caller(rest, connector_id):
    fields = {"title": "S", "connectorId": connector_id, "settings": {}}
    answer = rest.call("biconnector.source.add", {"fields": fields}, token=rest.foreign)
    assert answer.error == "CONNECTOR_NOT_FOUND"
    missing = rest.call("biconnector.source.add", {"fields": {**fields, "connectorId": 99}})
    assert missing.error == "CONNECTOR_NOT_FOUND"
    assert rest.portal.count("source") == 0


def test_source_get_without_its_connector_is_connector_not_found(rest, portal, connector_id, source_id):
    portal._store.delete("connector", connector_id)
    assert rest.call("biconnector.source.get", {"id": source_id}).error == "CONNECTOR_NOT_FOUND"


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("biconnector.connector.get", {"id": 1}),
        ("biconnector.connector.delete", {"id": 1}),
        ("biconnector.source.get", {"id": 1}),
        ("biconnector.source.delete", {"id": 1}),
    ],
)
def test_another_applications_objects_are_not_found(rest, source_id, name, params):
    answer = rest.call(name, params, token=rest.foreign)
    assert answer.error == method(name).not_found_code
    assert rest.portal.count("connector") == rest.portal.count("source") == 1


def test_each_application_lists_only_its_own(rest, portal, connector_fields, source_id):
    rest.call("biconnector.connector.add", {"fields": connector_fields}, token=rest.foreign)
    primary, foreign = portal.applications
    assert rest.call("biconnector.source.list", token=rest.foreign).result == []
    assert [c["id"] for c in rest.call("biconnector.connector.list", token=rest.foreign).result] == [2]
    assert [c["id"] for c in rest.call("biconnector.connector.list").result] == [1]
    assert (portal.count("connector", primary), portal.count("connector", foreign)) == (1, 1)
    assert (portal.count("connector"), portal.count("source", foreign)) == (2, 0)


def test_reset_drops_objects_and_restarts_ids_but_keeps_credentials(
    rest, portal, connector_fields, source_id
):
    tokens, hook = portal.applications, portal.webhook_path
    portal.reset()
    assert portal.count("connector") == portal.count("source") == 0
    assert (portal.applications, portal.webhook_path) == (tokens, hook)
    assert rest.call("biconnector.connector.add", {"fields": connector_fields}).result == {"id": 1}


def test_url_check_gets_the_url_and_the_declared_settings(rest_for, connector_fields):
    calls = []
    rest = rest_for(url_check=lambda url, settings: calls.append((url, settings)) or True)
    connector = rest.call("biconnector.connector.add", {"fields": connector_fields}).result["id"]
    fields = {"title": "S", "connectorId": connector, "settings": {"token": 5, "extra": "x"}}
    assert rest.call("biconnector.source.add", {"fields": fields}).result == {"id": 1}
    assert calls == [(connector_fields["urlCheck"], {"token": "5"})]


@pytest.mark.parametrize("check", [lambda url, settings: False, lambda url, settings: 1 / 0])
def test_a_failing_url_check_creates_nothing(rest_for, connector_fields, check):
    rest = rest_for(url_check=check)
    connector = rest.call("biconnector.connector.add", {"fields": connector_fields}).result["id"]
    fields = {"title": "S", "connectorId": connector, "settings": {"token": "t"}}
    answer = rest.call("biconnector.source.add", {"fields": fields})
    assert (answer.error, answer.description) == (
        "SOURCE_CREATE_CONNECTION_ERROR",
        "Cannot create connection.",
    )
    assert rest.portal.count("source") == 0


def test_concurrent_calls_get_distinct_ids(portal, connector_fields):
    token = portal.applications[0].access_token

    def add(_: int) -> int:
        body = {"auth": token, "fields": connector_fields}
        return Client(portal).post("/rest/biconnector.connector.add", json=body).json["result"]["id"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        created = list(pool.map(add, range(80)))
    assert sorted(created) == list(range(1, 81))
    assert portal.count("connector") == 80


def test_the_store_refuses_a_taken_id(portal, connector_id):
    owner = portal.applications[0].client_id
    with pytest.raises(ValueError, match="Expected a free connector id, got 1"):
        portal._store.insert("connector", owner, {}, object_id=connector_id)


def test_count_names_the_entities_it_knows(portal):
    expected = r"Expected an entity among \('connector', 'source', 'table'\), got 'dataset'"
    with pytest.raises(ValueError, match=expected):
        portal.count("dataset")
