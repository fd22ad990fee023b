"""table.fields.update and dataset.fields.update: format checks, then the lookup, then update, add, delete."""

from __future__ import annotations

import pytest

from conformance.contract import default_contract

FAMILIES = ("table", "dataset")


def documented(answer, method: str, code: str, description: str | None = None) -> None:
    assert answer.status == 200 and answer.error == code, answer.body
    assert default_contract().method(method).error(code).describes(answer.description), answer.description
    if description is not None:
        assert answer.description == description


def columns(rest, table_id: int) -> list[tuple[int, str, str, bool]]:
    item = rest.call("biconnector.table.get", {"id": table_id}).result["item"]
    return [(c["id"], c["name"], c["externalCode"], c["visible"]) for c in item["fields"]]


def col(name: str, code: str, kind: str = "string") -> dict[str, str]:
    return {"name": name, "externalCode": code, "type": kind}


@pytest.mark.parametrize("family", FAMILIES)
def test_update_add_and_delete_in_one_call(rest, table_id, family):
    params = {
        "id": table_id,
        "update": [{"id": 1, "visible": False}],
        "add": [col("AMOUNT", "amount", "money")],
        "delete": [2],
    }
    assert rest.call(f"biconnector.{family}.fields.update", params).result is True
    assert columns(rest, table_id) == [(1, "ID", "order_id", False), (3, "AMOUNT", "amount", True)]


def test_no_lists_is_success_and_changes_nothing(rest, table_id):
    before = columns(rest, table_id)
    assert rest.call("biconnector.table.fields.update", {"id": table_id}).result is True
    params = {"id": table_id, "add": "x", "update": 5, "delete": "1"}  # not arrays: ignored
    assert rest.call("biconnector.table.fields.update", params).result is True
    assert columns(rest, table_id) == before


@pytest.mark.parametrize(
    ("visible", "shown"), [(False, False), ("N", False), ("0", False), (True, True), ("Y", True), ("1", True)]
)
def test_visible_reads_booleans_and_their_form_spellings(rest, table_id, visible, shown):
    params = {"id": table_id, "update": [{"id": 2, "visible": visible}]}
    assert rest.call("biconnector.table.fields.update", params).result is True
    assert columns(rest, table_id)[1][3] is shown


def test_another_tables_columns_are_skipped_on_update_but_deleted_on_delete(rest, table_id, table_fields):
    other = rest.call("biconnector.table.add", {"fields": {**table_fields, "name": "other"}}).result["id"]
    params = {"id": table_id, "update": [{"id": 3, "visible": False}]}
    assert rest.call("biconnector.table.fields.update", params).result is True
    assert all(c[3] for c in columns(rest, other))
    assert rest.call("biconnector.table.fields.update", {"id": table_id, "delete": [3]}).result is True
    assert [c[0] for c in columns(rest, other)] == [4]


# (params beside id, code): every one a format error, so it wins over DATASET_NOT_FOUND too.
FORMAT_CASES = [
    ({"add": [{"name": "A", "type": "int"}]}, "VALIDATION_FIELD_ADD_MISSING_REQUIRED_FIELDS"),
    ({"add": ["A"]}, "VALIDATION_FIELD_ADD_MISSING_REQUIRED_FIELDS"),
    ({"add": [col("a", "x")]}, "VALIDATION_FIELD_NAME_INVALID_FORMAT"),
    ({"add": [col("A" * 33, "x")]}, "VALIDATION_FIELD_NAME_TOO_LONG"),
    ({"add": [col("A", "x", "Int")]}, "VALIDATION_FIELD_INVALID_TYPE"),
    ({"add": [col("A", "x"), col("B", "x")]}, "VALIDATION_DUPLICATE_FIELD_CODE"),
    ({"add": [col("A", "x"), col("A", "y")]}, "VALIDATION_DUPLICATE_FIELD_NAME"),
    ({"update": [{"id": 1}]}, "VALIDATION_FIELD_UPDATE_MISSING_REQUIRED_FIELDS"),
    ({"update": [{"visible": True}]}, "VALIDATION_FIELD_UPDATE_MISSING_REQUIRED_FIELDS"),
    ({"update": ["1"]}, "VALIDATION_FIELD_UPDATE_MISSING_REQUIRED_FIELDS"),
    ({"delete": [0]}, "VALIDATION_FIELD_DELETE_INVALID_ID"),
    ({"delete": ["x"]}, "VALIDATION_FIELD_DELETE_INVALID_ID"),
    ({"delete": [1, -2]}, "VALIDATION_FIELD_DELETE_INVALID_ID"),
    # processed update -> add -> delete: the update list is checked first
    ({"add": ["A"], "update": [{"id": 1}]}, "VALIDATION_FIELD_UPDATE_MISSING_REQUIRED_FIELDS"),
    ({"add": ["A"], "delete": [0]}, "VALIDATION_FIELD_ADD_MISSING_REQUIRED_FIELDS"),
]


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize(("params", "code"), FORMAT_CASES)
@pytest.mark.parametrize("target", ["existing", "missing"])
def test_format_checks_come_before_the_lookup(rest, table_id, family, params, code, target):
    method = f"biconnector.{family}.fields.update"
    before = columns(rest, table_id)
    documented(rest.call(method, {"id": table_id if target == "existing" else 99, **params}), method, code)
    assert columns(rest, table_id) == before


@pytest.mark.parametrize(
    ("add", "code", "description"),
    [
        (
            [col("NEW", "order_id")],
            "VALIDATION_DUPLICATE_EXIST_CODE",
            'The following "externalCode" values already exist in the current fields: order_id',
        ),
        (
            [col("ID", "new"), col("CREATED", "new2")],
            "VALIDATION_DUPLICATE_EXIST_NAME",
            'The following "name" values already exist in the current fields: ID, CREATED',
        ),
    ],
)
def test_added_columns_must_be_new_to_the_table(rest, table_id, add, code, description):
    method = "biconnector.table.fields.update"
    documented(rest.call(method, {"id": table_id, "add": add}), method, code, description)


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "VALIDATION_ID_NOT_PROVIDED"),
        ({"id": 0}, "VALIDATION_INVALID_ID_FORMAT"),
        ({"id": 99}, "DATASET_NOT_FOUND"),
    ],
)
def test_the_id_rule_and_the_lookup(rest, params, code):
    documented(
        rest.call("biconnector.dataset.fields.update", params), "biconnector.dataset.fields.update", code
    )


def test_form_encoded_lists_work_too(rest, table_id):
    params = {"id": str(table_id), "update": [{"id": "1", "visible": "N"}], "add": [col("X", "x", "int")]}
    assert rest.call("biconnector.table.fields.update", params, encoding="form").result is True
    assert columns(rest, table_id) == [
        (1, "ID", "order_id", False),
        (2, "CREATED", "created_at", True),
        (3, "X", "x", True),
    ]
