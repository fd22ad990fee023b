"""table.* and dataset.*: one storage, add's rules in order, get/list shapes, update, delete, isolation."""

from __future__ import annotations

import copy
import re

import pytest

from conformance.contract import default_contract

DATETIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
FAMILIES = ("table", "dataset")


def documented(answer, method: str, code: str, description: str | None = None) -> None:
    """The answer is the method's documented error code, with a text the contract allows."""
    assert answer.status == 200 and answer.error == code, answer.body
    assert default_contract().method(method).error(str(code)).describes(answer.description), (
        answer.description
    )
    if description is not None:
        assert answer.description == description


def column(name: str, code: str | None = None, kind: str = "string") -> dict[str, str]:
    return {"name": name, "externalCode": code or name.lower(), "type": kind}


@pytest.mark.parametrize("family", FAMILIES)
def test_round_trip(rest, table_fields, family):
    added = rest.call(f"biconnector.{family}.add", {"fields": table_fields}).result
    assert default_contract().method(f"biconnector.{family}.add").result_errors(added) == []
    got = rest.call(f"biconnector.{family}.get", {"id": added["id"]}).result
    assert default_contract().method(f"biconnector.{family}.get").result_errors(got) == []
    item = got["item"]
    assert "sourceId" not in item and DATETIME.fullmatch(item["dateCreate"])
    assert (item["type"], item["dateUpdate"], item["updatedById"], item["createdById"]) == (
        "rest",
        None,
        0,
        1,
    )
    assert (item["csvDelimiter"], item["csvEncoding"], item["csvHasHeaders"]) == ("", "", False)
    assert (item["externalId"] == 0) is (family == "table")
    assert [
        (c["name"], c["externalCode"], c["type"], c["visible"], c["description"]) for c in item["fields"]
    ] == [
        ("ID", "order_id", "int", True, ""),
        ("CREATED", "created_at", "datetime", True, ""),
    ]
    assert {c["datasetId"] for c in item["fields"]} == {added["id"]}
    listed = rest.call(f"biconnector.{family}.list").result
    assert default_contract().method(f"biconnector.{family}.list").result_errors(listed) == []
    expected = {k: v for k, v in item.items() if k != "fields"} | {"sourceId": table_fields["sourceId"]}
    assert listed == [expected]


def test_tables_and_datasets_are_one_storage(rest, table_id):
    assert rest.call("biconnector.dataset.get", {"id": table_id}).result["item"]["name"] == "sales_orders"
    assert [d["id"] for d in rest.call("biconnector.dataset.list").result] == [table_id]
    assert rest.call("biconnector.dataset.delete", {"id": table_id}).result is True
    documented(
        rest.call("biconnector.table.get", {"id": table_id}), "biconnector.table.get", "DATASET_NOT_FOUND"
    )


def test_list_selects_source_id_and_leaves_selected_dates_unformatted(rest, table_id, source_id):
    listed = rest.call("biconnector.table.list", {"select": ["sourceId", "name", "dateCreate"]}).result
    assert listed == [{"sourceId": source_id, "name": "sales_orders", "dateCreate": {}}]
    answer = rest.call("biconnector.table.list", {"select": ["csvDelimiter"]})
    documented(answer, "biconnector.table.list", "VALIDATION_FIELD_NOT_ALLOWED_IN_SELECT")


LONG = "a" * 231
ADD_CASES = [
    # (change to the valid fields, code for table.add, code for dataset.add)
    ({"sourceId": 99}, "SOURCE_NOT_FOUND", "SOURCE_NOT_FOUND"),
    ({"name": "Sales"}, "VALIDATION_DATASET_NAME_INVALID", "VALIDATION_DATASET_NAME_INVALID"),
    ({"name": "1sales"}, "VALIDATION_DATASET_NAME_INVALID", "VALIDATION_DATASET_NAME_INVALID"),
    ({"name": LONG}, "VALIDATION_DATASET_NAME_TOO_LONG", "VALIDATION_DATASET_NAME_TOO_LONG"),
    ({"fields": []}, "FIELDS_EMPTY", "FIELDS_EMPTY"),
    ({"fields": [{"name": "A", "type": "int"}]}, "VALIDATION_FIELD_MISSING_REQUIRED_PARAMETERS", None),
    ({"fields": ["A"]}, "VALIDATION_FIELD_MISSING_REQUIRED_PARAMETERS", None),
    ({"fields": [column("a")]}, "VALIDATION_FIELD_NAME_INVALID_FORMAT", None),
    ({"fields": [column("_A")]}, "VALIDATION_FIELD_NAME_INVALID_FORMAT", None),
    ({"fields": [column("A" * 33)]}, "VALIDATION_FIELD_NAME_TOO_LONG", None),
    ({"fields": [column("A", kind="INT")]}, "VALIDATION_FIELD_INVALID_TYPE", None),
    ({"fields": [column("A", kind="text")]}, "VALIDATION_FIELD_INVALID_TYPE", None),
    ({"fields": [column("A", "x"), column("B", "x")]}, "VALIDATION_DUPLICATE_FIELD_CODE", None),
    ({"fields": [column("A", "x"), column("A", "y")]}, "DUPLICATE_FIELDS", "VALIDATION_DUPLICATE_FIELD_NAME"),
    ({"name": "crm_deal"}, "DATASET_ALREADY_EXIST", "DATASET_ALREADY_EXIST"),
    ({"zeta": 1}, "VALIDATION_UNKNOWN_PARAMETERS", "VALIDATION_UNKNOWN_PARAMETERS"),
    ({"sourceId": None}, "VALIDATION_REQUIRED_FIELD_MISSING", "VALIDATION_REQUIRED_FIELD_MISSING"),
    ({"externalId": 5}, "VALIDATION_READ_ONLY_FIELD", "VALIDATION_READ_ONLY_FIELD"),
    ({"fields": "x"}, "VALIDATION_INVALID_FIELD_TYPE", "VALIDATION_INVALID_FIELD_TYPE"),
]


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize(("change", "table_code", "dataset_code"), ADD_CASES)
def test_add_refuses_with_the_modules_code(rest, table_fields, family, change, table_code, dataset_code):
    method = f"biconnector.{family}.add"
    fields = {k: v for k, v in {**table_fields, **change}.items() if v is not None}
    code = table_code if family == "table" else dataset_code or table_code
    documented(rest.call(method, {"fields": fields}), method, code)
    assert rest.portal.count("table") == 0


@pytest.mark.parametrize(
    ("columns", "family", "description"),
    [
        (
            [column("A", "x"), column("B", "x"), column("C", "y"), column("D", "y")],
            "table",
            'Duplicate values found in the "code" parameter: x, y',
        ),
        (
            [column("A", "x"), column("A", "y"), column("B", "z"), column("B", "w")],
            "table",
            "Duplicate column names: A, B.",
        ),
        (
            [column("A", "x"), column("A", "y")],
            "dataset",
            'Duplicate values found in the "name" parameter: A',
        ),
    ],
)
def test_duplicates_are_listed(rest, table_fields, columns, family, description):
    answer = rest.call(f"biconnector.{family}.add", {"fields": {**table_fields, "fields": columns}})
    assert answer.description == description


def test_a_name_is_taken_portal_wide(rest, table_fields, table_id, connector_fields):
    foreign = rest.foreign
    connector = rest.call("biconnector.connector.add", {"fields": connector_fields}, token=foreign).result[
        "id"
    ]
    source_fields = {"title": "S", "connectorId": connector, "settings": {}}
    source = rest.call("biconnector.source.add", {"fields": source_fields}, token=foreign).result["id"]
    fields = {**table_fields, "sourceId": source}
    answer = rest.call("biconnector.table.add", {"fields": fields}, token=foreign)
    documented(answer, "biconnector.table.add", "NAME_EXISTS", 'A table named "sales_orders" already exists.')
    answer = rest.call("biconnector.dataset.add", {"fields": fields}, token=foreign)
    documented(
        answer, "biconnector.dataset.add", "DATASET_ALREADY_EXIST", "Dataset with this name already exists."
    )
    documented(
        rest.call("biconnector.table.add", {"fields": {**fields, "sourceId": table_fields["sourceId"]}}),
        "biconnector.table.add",
        "NAME_EXISTS",
    )


def test_add_needs_the_callers_source(rest, table_fields):
    answer = rest.call("biconnector.table.add", {"fields": table_fields}, token=rest.foreign)
    documented(answer, "biconnector.table.add", "SOURCE_NOT_FOUND")


@pytest.mark.parametrize("family", FAMILIES)
def test_update_changes_the_description_only(rest, table_id, family):
    method = f"biconnector.{family}.update"
    before = rest.call("biconnector.table.get", {"id": table_id}).result["item"]
    assert rest.call(method, {"id": table_id, "fields": {"description": "New"}}).result is True
    after = rest.call("biconnector.table.get", {"id": table_id}).result["item"]
    assert DATETIME.fullmatch(after["dateUpdate"]) and after["updatedById"] == 1
    unchanged = {k: v for k, v in after.items() if k not in ("description", "dateUpdate", "updatedById")}
    assert unchanged == {k: v for k, v in before.items() if k in unchanged}
    assert after["description"] == "New"


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"name": "other"}, "VALIDATION_IMMUTABLE_FIELD"),
        ({"sourceId": 1}, "VALIDATION_IMMUTABLE_FIELD"),
        ({"externalCode": "x"}, "VALIDATION_IMMUTABLE_FIELD"),
        ({"externalName": "x"}, "VALIDATION_IMMUTABLE_FIELD"),
        ({"dateUpdate": "2020-01-01 00:00:00"}, "VALIDATION_READ_ONLY_FIELD"),
        ({"description": 5}, "VALIDATION_INVALID_FIELD_TYPE"),
        ({"fields": [column("NEW")]}, "INVALID_METHOD"),
        ({"description": "x", "fields": []}, "INVALID_METHOD"),
    ],
)
def test_update_refuses(rest, table_id, family, fields, code):
    method = f"biconnector.{family}.update"
    answer = rest.call(method, {"id": table_id, "fields": fields})
    documented(answer, method, code)
    if code == "INVALID_METHOD":
        assert answer.description.endswith('the dataset fields."')


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("action", ["get", "update", "delete", "fields.update"])
def test_another_applications_table_is_dataset_not_found(rest, table_id, family, action):
    method = f"biconnector.{family}.{action}"
    params = {"id": table_id, **({"fields": {"description": "x"}} if action == "update" else {})}
    documented(rest.call(method, params, token=rest.foreign), method, "DATASET_NOT_FOUND")
    assert rest.call("biconnector.table.list", token=rest.foreign).result == []
    assert rest.portal.count("table") == 1


@pytest.mark.parametrize("family", FAMILIES)
def test_delete_removes_the_table_and_frees_its_name_and_source(
    rest, table_id, table_fields, source_id, family
):
    documented(
        rest.call("biconnector.source.delete", {"id": source_id}),
        "biconnector.source.delete",
        "BX_ERROR",
        "Cannot delete connection. Delete all associated tables first.",
    )
    assert rest.call(f"biconnector.{family}.delete", {"id": table_id}).result is True
    documented(
        rest.call(f"biconnector.{family}.delete", {"id": table_id}),
        f"biconnector.{family}.delete",
        "DATASET_NOT_FOUND",
    )
    assert rest.call("biconnector.table.add", {"fields": copy.deepcopy(table_fields)}).result["id"] == 2
    assert rest.call("biconnector.table.delete", {"id": 2}).result is True
    assert rest.call("biconnector.source.delete", {"id": source_id}).result is True


def test_dataset_delete_on_a_bi_builder_portal_is_http_500(rest_for, connector_fields):
    rest = rest_for(bi_builder=True)
    connector = rest.call("biconnector.connector.add", {"fields": connector_fields}).result["id"]
    source = rest.call(
        "biconnector.source.add", {"fields": {"title": "S", "connectorId": connector, "settings": {}}}
    )
    fields = {
        "sourceId": source.result["id"],
        "name": "t",
        "externalName": "T",
        "externalCode": "t",
        "fields": [column("A")],
    }
    table = rest.call("biconnector.dataset.add", {"fields": fields}).result["id"]
    answer = rest.call("biconnector.dataset.delete", {"id": table})
    assert (answer.status, answer.body) == (500, "")
    assert rest.portal.count("table") == 1
    documented(
        rest.call("biconnector.dataset.delete", {"id": 99}), "biconnector.dataset.delete", "DATASET_NOT_FOUND"
    )
    assert rest.call("biconnector.table.delete", {"id": table}).result is True


@pytest.mark.parametrize("family", FAMILIES)
def test_fields_describes_the_table_schema_to_webhooks_too(rest, family):
    expected = [d.as_json() for d in default_contract().method("biconnector.table.add").fields]
    assert rest.hook(f"biconnector.{family}.fields").result == {"fields": expected}
    assert [f["title"] for f in expected][:3] == ["id", "sourceId", "name"]


def test_list_filters_orders_and_pages_tables(rest, table_fields):
    for number in range(52):
        fields = {
            **table_fields,
            "name": f"t{number:02d}",
            "description": "even" if number % 2 == 0 else None,
        }
        assert rest.call("biconnector.table.add", {"fields": fields}).result["id"] == number + 1
    params = {
        "filter": {"%=name": "t1%", "!description": None},
        "order": {"name": "DESC"},
        "select": ["name"],
    }
    assert rest.call("biconnector.table.list", params).result == [
        {"name": f"t{n}"} for n in (18, 16, 14, 12, 10)
    ]
    first = rest.call("biconnector.dataset.list", {"order": {"id": "ASC"}, "select": ["id"]}).result
    second = rest.call(
        "biconnector.dataset.list", {"order": {"id": "ASC"}, "select": ["id"], "page": 2}
    ).result
    assert (len(first), [r["id"] for r in second]) == (50, [51, 52])
    bad = rest.call("biconnector.table.list", {"order": {"name": "upwards"}})
    assert (bad.status, bad.error, bad.description) == (400, "ERROR_ARGUMENT", 'Invalid order "UPWARDS"')
