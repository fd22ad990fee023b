"""connector.update and source.update: partial changes, settings replaced or merged, urlCheck each time."""

from __future__ import annotations

import pytest

from conformance.contract import default_contract

CONNECTOR_UPDATE = "biconnector.connector.update"
SOURCE_UPDATE = "biconnector.source.update"


def documented(answer, method: str, code: str, description: str | None = None) -> None:
    """The answer is the method's documented error code, with a text the contract allows."""
    assert answer.status == 200 and answer.error == code, answer.body
    entry = default_contract().method(method).error(str(code))
    assert entry.describes(answer.description), answer.description
    if description is not None:
        assert answer.description == description


def test_connector_update_changes_only_what_it_is_given(rest, connector_id, connector_fields):
    before = rest.call("biconnector.connector.get", {"id": connector_id}).result["item"]
    answer = rest.call(CONNECTOR_UPDATE, {"id": connector_id, "fields": {"title": "New", "sort": "7"}})
    assert answer.result is True
    after = rest.call("biconnector.connector.get", {"id": connector_id}).result["item"]
    assert after == {**before, "title": "New", "sort": 7}


def test_connector_update_replaces_settings_wholesale(rest, connector_id):
    settings = [
        {"code": "login", "name": "Login", "type": "STRING"},
        {"code": "n", "name": "N", "type": "INT"},
    ]
    assert rest.call(CONNECTOR_UPDATE, {"id": connector_id, "fields": {"settings": settings}}).result is True
    item = rest.call("biconnector.connector.get", {"id": connector_id}).result["item"]
    assert item["settings"] == settings


@pytest.mark.parametrize(
    ("fields", "code", "description"),
    [
        ({}, "VALIDATION_FIELDS_NOT_PROVIDED", "Fields not provided."),
        ({"zeta": 1, "id": 2}, "VALIDATION_UNKNOWN_PARAMETERS", "Unknown parameters: zeta"),
        ({"id": 2}, "VALIDATION_READ_ONLY_FIELD", 'Field "id" is read only.'),
        (
            {"dateCreate": "2020-01-01 00:00:00"},
            "VALIDATION_READ_ONLY_FIELD",
            'Field "dateCreate" is read only.',
        ),
        ({"title": 5}, "VALIDATION_INVALID_FIELD_TYPE", 'Field "title" must be of type string.'),
        ({"sort": "x"}, "VALIDATION_INVALID_FIELD_TYPE", 'Field "sort" must be of type integer.'),
        ({"settings": "x"}, "VALIDATION_INVALID_FIELD_TYPE", 'Field "settings" must be of type array.'),
        ({"settings": [{"code": "c", "name": "n"}]}, "VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS", None),
        ({"settings": [{"code": "c", "name": "n", "type": "int"}]}, "VALIDATION_SETTINGS_INVALID_TYPE", None),
        (
            {"settings": [{"code": "c" * 512, "name": "n", "type": "INT"}]},
            "VALIDATION_SETTINGS_CODE_TOO_LONG",
            None,
        ),
    ],
)
def test_connector_update_refuses_in_the_modules_order(rest, connector_id, fields, code, description):
    before = rest.call("biconnector.connector.get", {"id": connector_id}).result["item"]
    documented(
        rest.call(CONNECTOR_UPDATE, {"id": connector_id, "fields": fields}),
        CONNECTOR_UPDATE,
        code,
        description,
    )
    assert rest.call("biconnector.connector.get", {"id": connector_id}).result["item"] == before


def test_update_requires_nothing(rest, connector_id):
    assert (
        rest.call(CONNECTOR_UPDATE, {"id": connector_id, "fields": {"description": "only this"}}).result
        is True
    )


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"fields": {"title": "x"}}, "VALIDATION_ID_NOT_PROVIDED"),
        ({"id": "x", "fields": {}}, "VALIDATION_INVALID_ID_FORMAT"),
        ({"id": 99}, "VALIDATION_FIELDS_NOT_PROVIDED"),
        ({"id": 99, "fields": {"title": "x"}}, "CONNECTOR_NOT_FOUND"),
    ],
)
def test_the_id_comes_before_the_fields_and_both_before_the_lookup(rest, params, code):
    documented(rest.call(CONNECTOR_UPDATE, params), CONNECTOR_UPDATE, code)


def test_another_applications_connector_is_not_found(rest, connector_id):
    answer = rest.call(CONNECTOR_UPDATE, {"id": connector_id, "fields": {"title": "x"}}, token=rest.foreign)
    documented(answer, CONNECTOR_UPDATE, "CONNECTOR_NOT_FOUND")


def test_source_update_merges_settings_by_key_and_calls_url_check_each_time(rest_for, connector_fields):
    calls = []
    rest = rest_for(url_check=lambda url, settings: calls.append(settings) or True)
    connector_fields["settings"] = [
        {"code": "login", "name": "Login", "type": "STRING"},
        {"code": "password", "name": "Password", "type": "STRING"},
    ]
    connector = rest.call("biconnector.connector.add", {"fields": connector_fields}).result["id"]
    fields = {"title": "S", "connectorId": connector, "settings": {"login": "u", "password": "p"}}
    source = rest.call("biconnector.source.add", {"fields": fields}).result["id"]
    change = {"title": "T", "settings": {"password": "q", "unknown": "dropped"}}
    assert rest.call(SOURCE_UPDATE, {"id": source, "fields": change}).result is True
    assert rest.call(SOURCE_UPDATE, {"id": source, "fields": {"title": "T2"}}).result is True
    assert calls == [
        {"login": "u", "password": "p"},
        {"login": "u", "password": "q"},
        {"login": "u", "password": "q"},
    ]
    item = rest.call("biconnector.source.get", {"id": source}).result["item"]
    assert [(s["id"], s["code"], s["value"]) for s in item["settings"]] == [
        (1, "login", "u"),
        (2, "password", "q"),
    ]
    assert item["connection"]["title"] == "T2"


def test_source_update_sets_its_dates_and_user(rest, source_id):
    before = rest.call("biconnector.source.get", {"id": source_id}).result["item"]["connection"]
    assert (
        rest.call(SOURCE_UPDATE, {"id": source_id, "fields": {"title": "T", "active": False}}).result is True
    )
    after = rest.call("biconnector.source.get", {"id": source_id}).result["item"]["connection"]
    assert after["dateUpdate"] >= before["dateUpdate"] and after["updatedById"] == 1
    assert (after["title"], after["active"], after["dateCreate"]) == ("T", True, before["dateCreate"])


def test_source_update_without_title_is_the_numeric_error(rest, source_id):
    answer = rest.call(SOURCE_UPDATE, {"id": source_id, "fields": {"description": "d"}})
    documented(answer, SOURCE_UPDATE, 0, "All the fields are required.")
    assert (
        answer.body["result"]["error"]["error"] == 0 and answer.envelope_errors("method-error-nested") == []
    )


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"connectorId": 1, "title": "x"}, "VALIDATION_IMMUTABLE_FIELD"),
        ({"code": "x"}, "VALIDATION_READ_ONLY_FIELD"),
        ({"title": ["x"]}, "VALIDATION_INVALID_FIELD_TYPE"),
        ({"active": "Y", "title": "x"}, "VALIDATION_INVALID_FIELD_TYPE"),
    ],
)
def test_source_update_refuses_what_it_cannot_change(rest, source_id, fields, code):
    documented(rest.call(SOURCE_UPDATE, {"id": source_id, "fields": fields}), SOURCE_UPDATE, code)


def test_a_failing_url_check_leaves_the_source_as_it_was(rest_for, connector_fields):
    answers = iter([True, False])
    rest = rest_for(url_check=lambda url, settings: next(answers))
    connector = rest.call("biconnector.connector.add", {"fields": connector_fields}).result["id"]
    source = rest.call(
        "biconnector.source.add", {"fields": {"title": "S", "connectorId": connector, "settings": {}}}
    )
    before = rest.call("biconnector.source.get", {"id": source.result["id"]}).result
    answer = rest.call(SOURCE_UPDATE, {"id": 1, "fields": {"title": "T"}})
    documented(answer, SOURCE_UPDATE, "SOURCE_UPDATE_CONNECTION_ERROR", "Cannot update connection.")
    assert rest.call("biconnector.source.get", {"id": 1}).result == before


def test_another_applications_source_is_not_found(rest, source_id):
    answer = rest.call(SOURCE_UPDATE, {"id": source_id, "fields": {"title": "x"}}, token=rest.foreign)
    documented(answer, SOURCE_UPDATE, "SOURCE_NOT_FOUND")
