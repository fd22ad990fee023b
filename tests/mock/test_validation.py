"""add's checks in the module's order, first error only, with the catalog's exact texts."""

from __future__ import annotations

import pytest

from conformance.contract import default_contract

CONNECTOR_ADD = "biconnector.connector.add"
SOURCE_ADD = "biconnector.source.add"


def assert_error(answer, code, description=None):
    assert answer.status == 200
    assert answer.error == code, answer.body
    assert default_contract().module_errors[code].describes(answer.description)
    if description is not None:
        assert answer.description == description


@pytest.mark.parametrize(
    "params", [{}, {"fields": None}, {"fields": []}, {"fields": {}}, {"fields": "title"}]
)
def test_fields_must_be_a_non_empty_array(rest, params):
    assert_error(rest.call(CONNECTOR_ADD, params), "VALIDATION_FIELDS_NOT_PROVIDED", "Fields not provided.")


def test_unknown_parameters_win_and_are_listed_in_order(rest):
    answer = rest.call(CONNECTOR_ADD, {"fields": {"zeta": 1, "title": 5, "alpha": 2, "Title": True}})
    assert_error(answer, "VALIDATION_UNKNOWN_PARAMETERS", "Unknown parameters: zeta, alpha, Title")


def test_a_json_list_of_fields_has_numbered_unknown_parameters(rest):
    answer = rest.call(CONNECTOR_ADD, {"fields": ["a", "b"]})
    assert_error(answer, "VALIDATION_UNKNOWN_PARAMETERS", "Unknown parameters: 0, 1")


@pytest.mark.parametrize(
    ("change", "code", "description"),
    [
        ({"title": None}, "VALIDATION_REQUIRED_FIELD_MISSING", 'Field "title" is required.'),
        ({"urlData": None}, "VALIDATION_REQUIRED_FIELD_MISSING", 'Field "urlData" is required.'),
        ({"id": 5}, "VALIDATION_READ_ONLY_FIELD", 'Field "id" is read only.'),
        (
            {"dateCreate": "2024-01-01 00:00:00"},
            "VALIDATION_READ_ONLY_FIELD",
            'Field "dateCreate" is read only.',
        ),
        ({"title": 123}, "VALIDATION_INVALID_FIELD_TYPE", 'Field "title" must be of type string.'),
        ({"sort": "abc"}, "VALIDATION_INVALID_FIELD_TYPE", 'Field "sort" must be of type integer.'),
        ({"sort": True}, "VALIDATION_INVALID_FIELD_TYPE", 'Field "sort" must be of type integer.'),
        ({"settings": "token"}, "VALIDATION_INVALID_FIELD_TYPE", 'Field "settings" must be of type array.'),
        # Schema order decides which of two faults is reported: title comes before sort.
        ({"sort": "x", "title": 1}, "VALIDATION_INVALID_FIELD_TYPE", 'Field "title" must be of type string.'),
        ({"id": 1, "title": None}, "VALIDATION_READ_ONLY_FIELD", 'Field "id" is read only.'),
    ],
)
def test_connector_fields_in_schema_order(rest, connector_fields, change, code, description):
    fields = {k: v for k, v in {**connector_fields, **change}.items() if v is not None}
    assert_error(rest.call(CONNECTOR_ADD, {"fields": fields}), code, description)
    assert rest.portal.count("connector") == 0


@pytest.mark.parametrize(
    ("settings", "code"),
    [
        ([{"code": "a", "name": "A"}], "VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS"),
        (["token"], "VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS"),
        ([{"code": "a", "name": "n" * 512, "type": "STRING"}], "VALIDATION_SETTINGS_NAME_TOO_LONG"),
        ([{"code": "c" * 512, "name": "A", "type": "STRING"}], "VALIDATION_SETTINGS_CODE_TOO_LONG"),
        ([{"code": "a", "name": "A", "type": "string"}], "VALIDATION_SETTINGS_INVALID_TYPE"),
        (
            [{"code": "a", "name": "A", "type": "INT"}, {"code": "b", "name": "B"}],
            "VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS",
        ),
        ([{"code": "c" * 600, "name": "n" * 600, "type": "x"}], "VALIDATION_SETTINGS_NAME_TOO_LONG"),
    ],
)
def test_connector_settings_rules(rest, connector_fields, settings, code):
    answer = rest.call(CONNECTOR_ADD, {"fields": {**connector_fields, "settings": settings}})
    assert_error(answer, code)


def test_settings_of_511_characters_and_both_types_are_accepted(rest, connector_fields):
    settings = [
        {"code": "c" * 511, "name": "n" * 511, "type": "STRING"},
        {"code": "p", "name": "P", "type": "INT"},
    ]
    added = rest.call(CONNECTOR_ADD, {"fields": {**connector_fields, "settings": settings}}).result["id"]
    item = rest.call("biconnector.connector.get", {"id": added}).result["item"]
    assert item["settings"] == settings


def test_a_form_encoded_connector_passes_the_type_checks(rest, connector_fields):
    answer = rest.call(CONNECTOR_ADD, {"fields": {**connector_fields, "sort": 3}}, encoding="form")
    assert answer.result == {"id": 1}


@pytest.mark.parametrize(
    ("change", "code", "description"),
    [
        ({"title": None}, "VALIDATION_REQUIRED_FIELD_MISSING", 'Field "title" is required.'),
        ({"connectorId": None}, "VALIDATION_REQUIRED_FIELD_MISSING", 'Field "connectorId" is required.'),
        ({"code": "x"}, "VALIDATION_READ_ONLY_FIELD", 'Field "code" is read only.'),
        ({"active": "Y"}, "VALIDATION_INVALID_FIELD_TYPE", 'Field "active" must be of type boolean.'),
        (
            {"connectorId": "one"},
            "VALIDATION_INVALID_FIELD_TYPE",
            'Field "connectorId" must be of type integer.',
        ),
        ({"settings": "t"}, "VALIDATION_INVALID_FIELD_TYPE", 'Field "settings" must be of type array.'),
        ({"connectorId": 0}, "CONNECTOR_NOT_FOUND", "Connector was not found."),
    ],
)
def test_source_fields(rest, connector_id, change, code, description):
    fields = {"title": "S", "connectorId": connector_id, "settings": {"token": "t"}, **change}
    fields = {k: v for k, v in fields.items() if v is not None}
    assert_error(rest.call(SOURCE_ADD, {"fields": fields}), code, description)


def test_a_form_encoded_active_flag_is_no_boolean(rest, connector_id):
    fields = {"title": "S", "connectorId": connector_id, "settings": {"token": "t"}, "active": True}
    answer = rest.call(SOURCE_ADD, {"fields": fields}, encoding="form")
    assert_error(answer, "VALIDATION_INVALID_FIELD_TYPE", 'Field "active" must be of type boolean.')
    assert rest.call(SOURCE_ADD, {"fields": fields}, encoding="json").result == {"id": 1}
