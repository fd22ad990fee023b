"""Key facts of the whole BIconnector module, pinned as data: methods, relations, codes, texts, examples."""

from __future__ import annotations

import pytest

from conformance.contract import EFFECTS, ErrorCode, Parent, default_contract

CONTRACT = default_contract()
ACTIONS = {
    "connector": ("add", "update", "get", "list", "delete", "fields"),
    "source": ("add", "update", "get", "list", "delete", "fields"),
    "table": ("add", "update", "get", "list", "delete", "fields", "fields.update"),
    "dataset": ("add", "update", "get", "list", "delete", "fields", "fields.update"),
}
# The methods of the docs' biconnector section (api-reference/biconnector/*/biconnector-*.md).
DOCUMENTED = sorted(f"biconnector.{entity}.{act}" for entity, actions in ACTIONS.items() for act in actions)
EFFECT = {
    "add": "create",
    "get": "read",
    "list": "read",
    "fields": "read",
    "update": "update",
    "fields.update": "update",
    "delete": "delete",
}
TIME = {
    "start": 1789549489,
    "finish": 1789549489.125967,
    "duration": 0.12596702575683594,
    "processing": 0,
    "date_start": "2026-09-16T12:04:49+03:00",
    "date_finish": "2026-09-16T12:04:49+03:00",
}


def test_every_documented_method_is_in_the_contract_and_nothing_else():
    assert sorted(CONTRACT.methods) == DOCUMENTED


@pytest.mark.parametrize("name", DOCUMENTED)
def test_each_method_says_what_it_acts_on_and_how(name):
    method = CONTRACT.method(name)
    entity, action = name.split(".", 2)[1:]
    assert (method.entity, method.action) == (entity, action)
    assert method.effect == EFFECT[action] and method.effect in EFFECTS
    # *.fields checks the permissions only, every other method wants an application.
    assert method.app_context is (action != "fields")
    assert method.takes_id is (action in ("update", "get", "delete", "fields.update"))
    assert method.storage == ("table" if entity in ("table", "dataset") else entity)
    assert method.deprecated is (entity == "dataset")
    assert method.fields, "every method knows its entity's field descriptors"


@pytest.mark.parametrize(
    ("entity", "code"),
    [
        ("connector", "CONNECTOR_NOT_FOUND"),
        ("source", "SOURCE_NOT_FOUND"),
        ("table", "DATASET_NOT_FOUND"),
        ("dataset", "DATASET_NOT_FOUND"),
    ],
)
def test_id_methods_answer_their_entitys_not_found_code(entity, code):
    for method in CONTRACT.id_methods():
        if method.entity == entity:
            assert method.not_found_code == code, method.name
    assert not CONTRACT.method("biconnector.table.get").documents("TABLE_NOT_FOUND")


def test_parents_are_data():
    assert CONTRACT.method("biconnector.connector.add").parent is None
    assert CONTRACT.method("biconnector.source.add").parent == Parent(
        "connector", "connectorId", "CONNECTOR_NOT_FOUND"
    )
    for name in ("biconnector.table.add", "biconnector.dataset.list"):
        assert CONTRACT.method(name).parent == Parent("source", "sourceId", "SOURCE_NOT_FOUND")
    assert CONTRACT.method("biconnector.table.add").documents("SOURCE_NOT_FOUND")


@pytest.mark.parametrize(
    ("method", "code", "text"),
    [
        ("biconnector.table.add", "DATASET_ALREADY_EXIST", "Table with this name already exists."),
        ("biconnector.dataset.add", "DATASET_ALREADY_EXIST", "Dataset with this name already exists."),
        ("biconnector.table.add", "FIELDS_EMPTY", "$fields is empty"),
        ("biconnector.table.add", "NAME_EXISTS", 'A table named "sales" already exists.'),
        ("biconnector.table.add", "DUPLICATE_FIELDS", "Duplicate column names: ID, NAME."),
        (
            "biconnector.table.add",
            "VALIDATION_DATASET_NAME_TOO_LONG",
            "Dataset name must not exceed 230 characters.",
        ),
        ("biconnector.table.add", "VALIDATION_FIELD_INVALID_TYPE", "Invalid field type."),
        ("biconnector.table.get", "DATASET_NOT_FOUND", "Dataset was not found."),
        (
            "biconnector.table.update",
            "INVALID_METHOD",
            'Use the method "biconnector.dataset.fields.update" to update the dataset fields."',
        ),
        (
            "biconnector.table.fields.update",
            "VALIDATION_FIELD_UPDATE_MISSING_REQUIRED_FIELDS",
            'Field to be updated must include the required parameters: "id" and "visible".',
        ),
        (
            "biconnector.dataset.fields.update",
            "VALIDATION_DUPLICATE_EXIST_CODE",
            'The following "externalCode" values already exist in the current fields: A, B',
        ),
        ("biconnector.table.fields.update", "DATASET_UPDATE_ERROR", "Error updating dataset."),
        ("biconnector.source.update", "SOURCE_UPDATE_CONNECTION_ERROR", "Cannot update connection."),
        (
            "biconnector.connector.update",
            "VALIDATION_SETTINGS_INVALID_TYPE",
            'Parameter "type" is not correct.',
        ),
        (
            "biconnector.source.delete",
            "BX_ERROR",
            "Cannot delete connection. Delete all associated tables first.",
        ),
    ],
)
def test_sampled_codes_carry_their_exact_text(method, code, text):
    error = CONTRACT.method(method).error(code)
    assert error.describes(text)
    assert not error.describes(text[1:])


def test_the_stray_quote_of_invalid_method_is_required():
    error = CONTRACT.module_errors["INVALID_METHOD"]
    without = 'Use the method "biconnector.dataset.fields.update" to update the dataset fields.'
    assert not error.describes(without)


@pytest.mark.parametrize(
    ("method", "text"),
    [
        ("biconnector.source.update", "All the fields are required."),
        ("biconnector.table.update", "Error updating table."),
        ("biconnector.dataset.update", "Error updating dataset."),
        ("biconnector.dataset.delete", "Error deleting dataset"),
        ("biconnector.dataset.add", "Error adding dataset"),
    ],
)
def test_numeric_zero_errors_have_code_0_and_their_text(method, text):
    error = CONTRACT.method(method).error("0")
    assert (error.code, error.numeric, error.wire_code, error.description) == ("0", True, 0, text)
    assert CONTRACT.method(method).errors_coded("0") == (error,)
    body = {"error": error.wire_code, "error_description": text}
    assert CONTRACT.envelope("error-body").is_valid(body)
    assert CONTRACT.envelope("method-error-nested").is_valid({"result": {"error": body}, "time": TIME})


def test_numeric_zero_is_read_from_a_const_0_and_strings_stay_strings():
    zero = {"properties": {"error": {"const": 0}, "error_description": {"const": "Error deleting dataset"}}}
    assert ErrorCode.from_schema(zero) == ErrorCode("0", "Error deleting dataset", numeric=True)
    named = CONTRACT.module_errors["DATASET_NOT_FOUND"]
    assert (named.code, named.numeric, named.wire_code) == ("DATASET_NOT_FOUND", False, "DATASET_NOT_FOUND")
    assert not CONTRACT.method("biconnector.table.delete").documents("0")


TABLE_DESCRIPTORS = [
    ("id", "integer", True, True, False, False),
    ("sourceId", "integer", True, False, True, False),
    ("name", "string", True, False, True, False),
    ("type", "string", True, True, False, False),
    ("description", "string", False, False, False, False),
    ("externalName", "string", True, False, True, False),
    ("externalCode", "string", True, False, True, False),
    ("externalId", "integer", True, True, False, False),
    ("dateCreate", "datetime", True, True, False, False),
    ("dateUpdate", "datetime", True, True, False, False),
    ("createdById", "integer", True, True, False, False),
    ("updatedById", "integer", True, True, False, False),
    ("fields", "array", True, False, False, True),
]


@pytest.mark.parametrize("entity", ["table", "dataset"])
def test_table_and_dataset_fields_describe_the_documented_schema_in_order(entity):
    method = CONTRACT.method(f"biconnector.{entity}.fields")
    got = [
        (f.title, f.type, f.is_required, f.is_read_only, f.is_immutable, f.is_multiple) for f in method.fields
    ]
    assert got == TABLE_DESCRIPTORS
    assert method.result_errors({"fields": [f.as_json() for f in method.fields]}) == []


def test_connector_fields_gain_support_mapping_and_source_code_before_date_create():
    titles = [f.title for f in CONTRACT.method("biconnector.connector.fields").fields]
    assert titles[-3:] == ["supportMapping", "sourceCode", "dateCreate"]
    add = CONTRACT.method("biconnector.connector.add")
    valid = {
        "title": "t",
        "logo": "l",
        "urlCheck": "u",
        "urlData": "u",
        "urlTableList": "u",
        "urlTableDescription": "u",
        "settings": [],
    }
    assert add.params_errors({"fields": {**valid, "supportMapping": True, "sourceCode": "mysql"}}) == []
    assert add.params_errors({"fields": {**valid, "supportMapping": "Y"}})
    assert add.params_errors({"fields": {**valid, "sourceCode": "x" * 65}})


def test_update_methods_take_id_and_a_partial_fields_object():
    connector = CONTRACT.method("biconnector.connector.update")
    assert connector.param_names == ("id", "fields")
    assert connector.params_errors({"id": 3, "fields": {"sort": 5}}) == []
    assert connector.params_errors({"id": 3, "fields": {}}), "empty: VALIDATION_FIELDS_NOT_PROVIDED"
    assert connector.params_errors({"id": 3})
    source = CONTRACT.method("biconnector.source.update")
    assert source.params_errors({"id": 3, "fields": {"title": "t", "active": False}}) == []
    assert source.params_errors({"id": 3, "fields": {"description": "d"}}), "title missing answers error 0"
    assert source.params_errors({"id": 3, "fields": {"title": "t", "connectorId": 2}}), "immutable"
    table = CONTRACT.method("biconnector.table.update")
    assert table.params_errors({"id": 3, "fields": {"description": "d"}}) == []
    for refused in ({"name": "other"}, {"sourceId": 2}, {"fields": []}, {"dateUpdate": "x"}):
        assert table.params_errors({"id": 3, "fields": refused}), refused


def test_fields_update_takes_id_and_add_update_delete_lists():
    method = CONTRACT.method("biconnector.table.fields.update")
    assert method.param_names == ("id", "add", "update", "delete")
    assert method.params_errors({"id": 1}) == []
    full = {
        "id": 1,
        "add": [{"name": "AMOUNT", "externalCode": "amount", "type": "money"}],
        "update": [{"id": 12, "visible": False}],
        "delete": [13, 14],
    }
    assert method.params_errors(full) == []
    assert method.params_errors({**full, "update": [{"id": 12}]})
    assert method.params_errors({**full, "delete": [0]})
    assert method.params_errors({**full, "add": [{"name": "amount", "externalCode": "a", "type": "int"}]})


COLUMNS = [
    {"type": "int", "name": "ID", "externalCode": "ID"},
    {"type": "datetime", "name": "TIME_2", "externalCode": "TIME"},
]


@pytest.mark.parametrize(
    ("change", "valid"),
    [
        ({}, True),
        ({"name": "a" * 230}, True),
        ({"name": "a" * 231}, False),
        ({"name": "Sales"}, False),
        ({"name": "1sales"}, False),
        ({"fields": []}, False),
        ({"fields": [{"type": "INT", "name": "ID", "externalCode": "ID"}]}, False),
        ({"fields": [{"type": "int", "name": "A" * 33, "externalCode": "ID"}]}, False),
        ({"fields": [{"type": "int", "name": "ID"}]}, False),
        ({"externalId": 4}, False),
        ({"unknown": 1}, False),
    ],
)
def test_table_add_fields_follow_the_name_and_column_rules(change, valid):
    fields = {"sourceId": 3, "name": "sales", "externalName": "S", "externalCode": "s", "fields": COLUMNS}
    errors = CONTRACT.method("biconnector.table.add").params_errors({"fields": {**fields, **change}})
    assert (errors == []) is valid


TABLE_ROW = {
    "id": 27,
    "type": "rest",
    "name": "sales_orders",
    "description": "Orders from an external service",
    "externalCode": "sales_orders",
    "externalName": "Sales orders",
    "dateCreate": "2026-09-16 12:00:46",
    "dateUpdate": None,
    "createdById": 1,
    "updatedById": 0,
    "externalId": 0,
    "csvDelimiter": "",
    "csvEncoding": "",
    "csvHasHeaders": False,
}
TABLE_COLUMNS = [
    {
        "id": 43,
        "datasetId": 27,
        "type": "int",
        "name": "ID",
        "externalCode": "id",
        "visible": True,
        "description": "",
    },
    {
        "id": 47,
        "datasetId": 27,
        "type": "money",
        "name": "AMOUNT",
        "externalCode": "amount",
        "visible": True,
        "description": "",
    },
]


@pytest.mark.parametrize(
    ("name", "result"),
    [
        ("biconnector.connector.update", True),
        ("biconnector.source.update", True),
        ("biconnector.table.add", {"id": 10}),
        ("biconnector.table.update", True),
        ("biconnector.table.get", {"item": {**TABLE_ROW, "fields": TABLE_COLUMNS}}),
        ("biconnector.table.list", [{**TABLE_ROW, "sourceId": 3}, {"id": 9, "name": "sales_data_main"}]),
        ("biconnector.table.delete", True),
        ("biconnector.table.fields.update", True),
        ("biconnector.dataset.add", {"id": 10}),
        ("biconnector.dataset.update", True),
        (
            "biconnector.dataset.get",
            {
                "item": {
                    **TABLE_ROW,
                    "dateUpdate": "2025-03-27 07:47:43",
                    "updatedById": 1,
                    "externalId": 275,
                    "fields": TABLE_COLUMNS,
                }
            },
        ),
        (
            "biconnector.dataset.list",
            [{"id": 9, "name": "sales_data_main", "description": "Monthly sales report"}],
        ),
        ("biconnector.dataset.delete", True),
        ("biconnector.dataset.fields.update", True),
    ],
)
def test_documented_example_results_validate(name, result):
    method = CONTRACT.method(name)
    assert method.result_errors(result) == []
    assert CONTRACT.envelope("success").is_valid({"result": result, "time": TIME})


def test_stale_and_wrong_results_are_refused():
    # The oldest dataset.list example shows string ids; the ORM of current portals sends integers.
    assert CONTRACT.method("biconnector.dataset.list").result_errors([{"id": "9", "name": "x"}])
    assert CONTRACT.method("biconnector.table.get").result_errors({"item": TABLE_ROW}), "get has columns"
    assert CONTRACT.method("biconnector.table.get").result_errors(
        {"item": {**TABLE_ROW, "fields": [], "csvHasHeaders": True}}
    )
    assert CONTRACT.method("biconnector.table.update").result_errors(False)


@pytest.mark.parametrize(
    ("name", "accepts_empty_object_dates"),
    [
        ("biconnector.connector.list", False),
        ("biconnector.source.list", True),
        ("biconnector.table.list", True),
        ("biconnector.dataset.list", True),
    ],
)
def test_list_items_need_no_key_and_take_empty_object_dates_where_the_module_sends_them(
    name, accepts_empty_object_dates
):
    method = CONTRACT.method(name)
    assert method.result_errors([{}, {"id": 1}]) == [], "select trims items to any subset"
    dated = [{"id": 1, "dateCreate": {}}]
    assert (method.result_errors(dated) == []) is accepts_empty_object_dates
    assert method.result_errors([{"id": 1, "dateCreate": "2025-03-24 07:25:59"}]) == []
    assert method.result_errors([{"id": 1, "dateCreate": {"date": "x"}}])
    assert method.result_errors([{"id": 0}])


def test_connector_list_items_know_every_documented_property():
    props = CONTRACT.documents["https://b24-conformance.example/schemas/items/connector.json"]["$defs"][
        "listItem"
    ]["properties"]
    assert list(props) == [
        "id",
        "title",
        "logo",
        "description",
        "sort",
        "urlCheck",
        "urlData",
        "urlTableList",
        "urlTableDescription",
        "settings",
        "supportMapping",
        "sourceCode",
        "dateCreate",
    ]
