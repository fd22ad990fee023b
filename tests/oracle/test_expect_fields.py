"""expect_fields: the module's order and exact texts, from a FACTS table and from generated payloads."""

from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.contract import default_contract
from conformance.inputs import FieldsCase, FieldsFacts, field_classes_for, field_payloads
from conformance.oracle import expect_fields, php_view
from conformance.outcome import SUCCESS, Outcome

COLUMNS = (
    {"id": 11, "name": "ID", "externalCode": "id", "type": "int", "visible": True},
    {"id": 12, "name": "TITLE", "externalCode": "title", "type": "string", "visible": True},
)
FACTS = FieldsFacts(existing=5, connector=7, source=9, existing_name="taken_table", existing_columns=COLUMNS)
SETTING = {"code": "token", "name": "Token", "type": "STRING"}
CONNECTOR = {
    "title": "T",
    "logo": "L",
    "urlCheck": "u",
    "urlData": "u",
    "urlTableList": "u",
    "urlTableDescription": "u",
    "settings": [SETTING],
}
SOURCE = {"title": "S", "connectorId": 7, "settings": {"token": "x"}}


def _method(name):
    return default_contract().method(f"biconnector.{name}")


def _expect(name, fields, encoding="json", **extra):
    method = _method(name)
    params = {"id": 5, **extra} if method.action == "update" else dict(extra)
    if fields is not None:
        params["fields"] = fields
    return expect_fields(method, FieldsCase("fields.test", encoding, params), FACTS)


# (method, fields, code, exact error_description): FACTS section 1, written out by hand
TABLE = [
    ("connector.add", CONNECTOR, None, None),
    ("connector.add", None, "VALIDATION_FIELDS_NOT_PROVIDED", "Fields not provided."),
    ("connector.add", [], "VALIDATION_FIELDS_NOT_PROVIDED", "Fields not provided."),
    ("connector.add", "abc", "VALIDATION_FIELDS_NOT_PROVIDED", "Fields not provided."),
    (
        "connector.add",
        {**CONNECTOR, "zeta": 1, "Title": 2},
        "VALIDATION_UNKNOWN_PARAMETERS",
        "Unknown parameters: zeta, Title",
    ),
    ("connector.add", {"zeta": 1, "id": 3}, "VALIDATION_UNKNOWN_PARAMETERS", "Unknown parameters: zeta"),
    ("connector.add", {"logo": "L"}, "VALIDATION_REQUIRED_FIELD_MISSING", 'Field "title" is required.'),
    ("connector.add", {**CONNECTOR, "id": 3}, "VALIDATION_READ_ONLY_FIELD", 'Field "id" is read only.'),
    (
        "connector.add",
        {**CONNECTOR, "dateCreate": "x", "title": 1},
        "VALIDATION_INVALID_FIELD_TYPE",
        'Field "title" must be of type string.',
    ),
    (
        "connector.add",
        {**CONNECTOR, "title": 123},
        "VALIDATION_INVALID_FIELD_TYPE",
        'Field "title" must be of type string.',
    ),
    ("connector.add", {**CONNECTOR, "sort": "12"}, None, None),
    (
        "connector.add",
        {**CONNECTOR, "sort": "x"},
        "VALIDATION_INVALID_FIELD_TYPE",
        'Field "sort" must be of type integer.',
    ),
    (
        "connector.add",
        {**CONNECTOR, "supportMapping": "true"},
        "VALIDATION_INVALID_FIELD_TYPE",
        'Field "supportMapping" must be of type boolean.',
    ),
    (
        "connector.add",
        {**CONNECTOR, "settings": "x"},
        "VALIDATION_INVALID_FIELD_TYPE",
        'Field "settings" must be of type array.',
    ),
    (
        "connector.add",
        {**CONNECTOR, "settings": [{"code": "c", "name": "n"}]},
        "VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS",
        'Settings must include "type", "name" and "code" fields.',
    ),
    (
        "connector.add",
        {**CONNECTOR, "settings": [{**SETTING, "name": "n" * 512}]},
        "VALIDATION_SETTINGS_NAME_TOO_LONG",
        'Parameter "name" must be less than 512 characters.',
    ),
    ("connector.add", {**CONNECTOR, "settings": [{**SETTING, "name": "n" * 511}]}, None, None),
    (
        "connector.add",
        {**CONNECTOR, "settings": [{**SETTING, "code": "c" * 512}]},
        "VALIDATION_SETTINGS_CODE_TOO_LONG",
        'Parameter "code" must be less than 512 characters.',
    ),
    (
        "connector.add",
        {**CONNECTOR, "settings": [{**SETTING, "type": "string"}]},
        "VALIDATION_SETTINGS_INVALID_TYPE",
        'Parameter "type" is not correct.',
    ),
    ("connector.update", {"sort": 3}, None, None),
    (
        "connector.update",
        {"settings": [{"code": "c"}]},
        "VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS",
        'Settings must include "type", "name" and "code" fields.',
    ),
    ("source.add", SOURCE, None, None),
    ("source.add", {**SOURCE, "connectorId": 8}, "CONNECTOR_NOT_FOUND", "Connector was not found."),
    ("source.add", {**SOURCE, "connectorId": " 7"}, None, None),
    (
        "source.add",
        {**SOURCE, "connectorId": "abc"},
        "VALIDATION_INVALID_FIELD_TYPE",
        'Field "connectorId" must be of type integer.',
    ),
    (
        "source.add",
        {**SOURCE, "active": "Y"},
        "VALIDATION_INVALID_FIELD_TYPE",
        'Field "active" must be of type boolean.',
    ),
    (
        "source.update",
        {"title": "S", "connectorId": 7},
        "VALIDATION_IMMUTABLE_FIELD",
        'Field "connectorId" is immutable.',
    ),
    (
        "source.update",
        {"title": "S", "code": "x", "connectorId": 7},
        "VALIDATION_READ_ONLY_FIELD",
        'Field "code" is read only.',
    ),
    ("source.update", {"description": "d"}, "0", "All the fields are required."),
    ("source.update", {"title": "S"}, None, None),
]


COLUMN = {"name": "ID", "externalCode": "id", "type": "int"}
NEW = {"name": "NEW", "externalCode": "new", "type": "string"}
TABLE_FIELDS = {"sourceId": 9, "name": "sales", "externalName": "S", "externalCode": "s", "fields": [COLUMN]}
NAME_INVALID = (
    "Dataset name has to start with a lowercase Latin character. Possible entry includes lowercase Latin "
    "characters (a-z), numbers (0-9) and underscores."
)
COLUMN_INVALID = (
    'Field "name" has to start with an uppercase Latin character. Possible entry includes uppercase Latin '
    "characters (A-Z), numbers (0-9) and underscores."
)
TABLE += [
    ("table.add", TABLE_FIELDS, None, None),
    ("table.add", {**TABLE_FIELDS, "sourceId": 8, "name": "X"}, "SOURCE_NOT_FOUND", "Source was not found."),
    ("table.add", {**TABLE_FIELDS, "name": "Sales"}, "VALIDATION_DATASET_NAME_INVALID", NAME_INVALID),
    (
        "table.add",
        {**TABLE_FIELDS, "name": "s" * 231},
        "VALIDATION_DATASET_NAME_TOO_LONG",
        "Dataset name must not exceed 230 characters.",
    ),
    ("table.add", {**TABLE_FIELDS, "name": "s" * 230}, None, None),
    ("table.add", {**TABLE_FIELDS, "fields": []}, "FIELDS_EMPTY", "$fields is empty"),
    (
        "table.add",
        {**TABLE_FIELDS, "fields": [{"name": "A", "type": "int"}]},
        "VALIDATION_FIELD_MISSING_REQUIRED_PARAMETERS",
        'Field must include the required parameters: "name", "externalCode" and "type".',
    ),
    (
        "table.add",
        {**TABLE_FIELDS, "fields": [{**COLUMN, "name": "id"}]},
        "VALIDATION_FIELD_NAME_INVALID_FORMAT",
        COLUMN_INVALID,
    ),
    (
        "table.add",
        {**TABLE_FIELDS, "fields": [{**COLUMN, "name": "C" * 33}]},
        "VALIDATION_FIELD_NAME_TOO_LONG",
        'Field "name" must not exceed 32 characters.',
    ),
    ("table.add", {**TABLE_FIELDS, "fields": [{**COLUMN, "name": "C" * 32}]}, None, None),
    (
        "table.add",
        {**TABLE_FIELDS, "fields": [{**COLUMN, "type": "INT"}]},
        "VALIDATION_FIELD_INVALID_TYPE",
        "Invalid field type.",
    ),
    (
        "table.add",
        {**TABLE_FIELDS, "fields": [COLUMN, {**NEW, "name": "ID"}]},
        "DUPLICATE_FIELDS",
        "Duplicate column names: ID.",
    ),
    (
        "dataset.add",
        {**TABLE_FIELDS, "fields": [COLUMN, {**NEW, "name": "ID"}]},
        "VALIDATION_DUPLICATE_FIELD_NAME",
        'Duplicate values found in the "name" parameter: ID',
    ),
    (
        "table.add",
        {**TABLE_FIELDS, "fields": [COLUMN, {**NEW, "externalCode": "id"}, {**NEW, "name": "ID"}]},
        "VALIDATION_DUPLICATE_FIELD_CODE",
        'Duplicate values found in the "code" parameter: id',
    ),
    (
        "table.add",
        {**TABLE_FIELDS, "name": "taken_table"},
        "NAME_EXISTS",
        'A table named "taken_table" already exists.',
    ),
    (
        "dataset.add",
        {**TABLE_FIELDS, "name": "taken_table"},
        "DATASET_ALREADY_EXIST",
        "Dataset with this name already exists.",
    ),
    (
        "table.update",
        {"fields": [COLUMN]},
        "INVALID_METHOD",
        'Use the method "biconnector.dataset.fields.update" to update the dataset fields."',
    ),
    ("dataset.update", {"description": "d"}, None, None),
]


# (method, params besides id 5, code, exact text) for fields.update, against COLUMNS
LISTS = [
    ("table.fields.update", {}, None, None),
    (
        "table.fields.update",
        {"add": [NEW], "update": [{"id": 11, "visible": False}], "delete": [12]},
        None,
        None,
    ),
    ("table.fields.update", {"add": "x", "update": 5, "delete": True}, None, None),
    (
        "table.fields.update",
        {"add": [{"name": "A"}], "update": [{"id": 11}]},
        "VALIDATION_FIELD_UPDATE_MISSING_REQUIRED_FIELDS",
        'Field to be updated must include the required parameters: "id" and "visible".',
    ),
    (
        "table.fields.update",
        {"add": [{"name": "A"}], "delete": [0]},
        "VALIDATION_FIELD_ADD_MISSING_REQUIRED_FIELDS",
        'Field to be added must include the required parameters: "name", "externalCode" and "type".',
    ),
    (
        "dataset.fields.update",
        {"delete": [12, "-1"]},
        "VALIDATION_FIELD_DELETE_INVALID_ID",
        "ID to be deleted must be a positive integer.",
    ),
    (
        "table.fields.update",
        {"add": [NEW, {**NEW, "externalCode": "n2"}]},
        "VALIDATION_DUPLICATE_FIELD_NAME",
        'Duplicate values found in the "name" parameter: NEW',
    ),
    (
        "table.fields.update",
        {"add": [{**NEW, "externalCode": "id"}, {**NEW, "name": "TITLE"}]},
        "VALIDATION_DUPLICATE_EXIST_CODE",
        'The following "externalCode" values already exist in the current fields: id',
    ),
    (
        "table.fields.update",
        {"add": [{**NEW, "name": "TITLE"}]},
        "VALIDATION_DUPLICATE_EXIST_NAME",
        'The following "name" values already exist in the current fields: TITLE',
    ),
    ("table.fields.update", {"id": 6, "add": [NEW]}, "DATASET_NOT_FOUND", "Dataset was not found."),
    (
        "table.fields.update",
        {"id": 6, "add": [{"type": "int"}]},
        "VALIDATION_FIELD_ADD_MISSING_REQUIRED_FIELDS",
        'Field to be added must include the required parameters: "name", "externalCode" and "type".',
    ),
]


@pytest.mark.parametrize(("name", "lists", "code", "text"), LISTS)
def test_fields_update_answers_what_facts_say(name, lists, code, text):
    case = FieldsCase("fields.test", "json", {"id": 5, **lists})
    module = expect_fields(_method(name), case, FACTS).module
    assert (module.code, module.description) == (code, text)


@pytest.mark.parametrize(("name", "fields", "code", "text"), TABLE)
def test_the_module_answers_what_facts_say(name, fields, code, text):
    module = _expect(name, fields).module
    assert (module.code, module.description) == (code, text)


def test_update_checks_the_id_before_the_fields_and_looks_it_up_after():
    method = _method("source.update")
    no_id = expect_fields(method, FieldsCase("t", "json", {"fields": {}}), FACTS).module
    assert (no_id.code, no_id.description) == ("VALIDATION_ID_NOT_PROVIDED", "ID is missing.")
    bad_id = expect_fields(method, FieldsCase("t", "json", {"id": "x", "fields": {}}), FACTS).module
    assert bad_id.code == "VALIDATION_INVALID_ID_FORMAT"
    unknown = expect_fields(method, FieldsCase("t", "json", {"id": 6, "fields": {"title": "S"}}), FACTS)
    assert unknown.module == Outcome("SOURCE_NOT_FOUND")
    assert (
        _expect(
            "source.update",
            {},
        ).module.code
        == "VALIDATION_FIELDS_NOT_PROVIDED"
    )


def test_webhook_calls_are_denied_first():
    case = FieldsCase("t", "json", {"fields": "junk"})
    expectation = expect_fields(_method("connector.add"), case, FACTS, auth="webhook")
    assert expectation.module == expectation.documented == Outcome("ACCESS_DENIED")


def test_form_encoding_makes_every_scalar_a_string():
    form = _expect("connector.add", {**CONNECTOR, "sort": "12", "supportMapping": True}, "form").module
    assert (form.code, form.description) == (
        "VALIDATION_INVALID_FIELD_TYPE",
        'Field "supportMapping" must be of type boolean.',
    )
    assert php_view({"fields": {"a": [], "b": None, "c": 1, "d": False}}, "form") == {
        "fields": {"c": "1", "d": "0"}
    }
    assert _expect("connector.add", {}, "form").module.code == "VALIDATION_FIELDS_NOT_PROVIDED"


@pytest.mark.parametrize("sort", [" 12", "12.0", "+12", 1.5, "1e2"])
def test_loose_integers_pass_the_module_and_diverge_from_the_docs(sort):
    expectation = _expect("connector.add", {**CONNECTOR, "sort": sort})
    assert expectation.module == SUCCESS
    assert expectation.documented == Outcome("VALIDATION_INVALID_FIELD_TYPE")
    assert expectation.verdict(SUCCESS) == "warn"


def test_outcomes_compare_by_code_and_describe_by_text():
    exact = Outcome("X", "exact text")
    assert exact == Outcome("X") and hash(exact) == hash(Outcome("X"))
    assert exact.describes("exact text") and not exact.describes("other")
    assert Outcome("X").describes("anything")


METHODS = sorted(
    (m for m in default_contract().methods.values() if m.action in ("add", "update", "fields.update")),
    key=lambda m: m.name,
)


@cache
def _strategy(name, encoding):
    method = default_contract().method(name)
    classes = [c.name for c in field_classes_for(method, encoding, existing=True)]
    return field_payloads(method, facts=FACTS, classes=classes, encoding=encoding)


@pytest.mark.parametrize("encoding", ["json", "form"])
@pytest.mark.parametrize("method", METHODS, ids=lambda m: m.name)
@settings(max_examples=15, deadline=None, database=None)
@given(data=st.data())
def test_every_generated_payload_gets_its_class_code_with_a_documented_text(method, encoding, data):
    case = data.draw(_strategy(method.name, encoding))
    module = expect_fields(method, case, FACTS).module
    expected = {c.name: c.code_for(method) for c in field_classes_for(method, encoding, existing=True)}[
        case.input_class
    ]
    assert module.code == expected, (
        f"{case.input_class}: {case.params!r} -> {module.code} {module.description}"
    )
    if module.code not in (None, "0"):
        assert method.error(module.code).describes(module.description), module.description
