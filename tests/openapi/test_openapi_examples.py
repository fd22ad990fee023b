"""Example bodies against the exported schemas, validated with jsonschema."""

from __future__ import annotations

import pytest

TIME = {
    "start": 1789549489,
    "finish": 1789549489.25,
    "duration": 0.25,
    "processing": 0,
    "date_start": "2026-09-16T10:24:49+03:00",
    "date_finish": "2026-09-16T10:24:49+03:00",
}
SETTING = {"code": "token", "name": "Token", "type": "STRING"}
CONNECTOR = {
    "id": 7,
    "title": "Warehouse",
    "logo": "https://connector.example/logo.svg",
    "description": None,
    "sort": 100,
    "urlCheck": "https://connector.example/check",
    "urlData": "https://connector.example/data",
    "urlTableList": "https://connector.example/tables",
    "urlTableDescription": "https://connector.example/describe",
    "settings": [SETTING],
    "dateCreate": "2026-09-16 10:24:49",
}
SOURCE = {
    "connection": {
        "id": 3,
        "type": "rest",
        "code": "rest_7",
        "title": "Warehouse, main",
        "description": "",
        "active": True,
        "dateCreate": "2026-09-16 10:24:49",
        "dateUpdate": "2026-09-16 10:24:49",
        "createdById": 1,
        "updatedById": 1,
    },
    "connectorId": 7,
    "settings": [{"id": 11, **SETTING, "value": "sdk_test_token"}],
}
TABLE = {
    "id": 5,
    "type": "rest",
    "name": "warehouse_stock",
    "description": None,
    "externalCode": "stock",
    "externalName": "Stock",
    "dateCreate": "2026-09-16 10:24:49",
    "dateUpdate": None,
    "createdById": 1,
    "updatedById": 0,
    "externalId": 0,
    "csvDelimiter": "",
    "csvEncoding": "",
    "csvHasHeaders": False,
    "fields": [
        {
            "id": 9,
            "datasetId": 5,
            "type": "int",
            "name": "QUANTITY",
            "externalCode": "quantity",
            "visible": True,
            "description": "",
        }
    ],
}
# Examples per item schema (items/STEM.json), so dataset.get reuses the table example as its schema does.
ITEMS = {"connector": CONNECTOR, "source": SOURCE, "table": TABLE}
RESULTS = {"add": {"id": 7}, "update": True, "delete": True, "fields.update": True}


def result_for(method) -> object:
    """An example result for method, read off the contract where the example is not fixed by action."""
    if method.action in RESULTS:
        return RESULTS[method.action]
    if method.action == "fields":
        return {"fields": [descriptor.as_json() for descriptor in method.fields]}
    item = ITEMS.get(_item_stem(method))
    if item is None:
        return None
    if method.action == "list":
        # A list item carries the get item's scalars; a table row also names its source there.
        listed = {k: v for k, v in item.items() if not isinstance(v, (dict, list))}
        return [{**listed, "sourceId": 3} if item is TABLE else listed]
    return {"item": item}


def _item_stem(method) -> str | None:
    """The items/STEM.json a get or list result refers to."""
    result = method.document["$defs"]["result"]
    ref = result.get("items", result.get("properties", {}).get("item", {})).get("$ref", "")
    return ref.partition("#")[0].rpartition("/")[2].removesuffix(".json") or None


def method_error(placement: str, code: str | int, description: str) -> dict:
    body = {"error": code, "error_description": description}
    return {"result": {"error": body}, "time": TIME} if placement == "nested" else body


def messages(validator, instance) -> list[str]:
    return [error.message for error in validator.iter_errors(instance)]


@pytest.mark.parametrize("placement", ["nested", "root"])
def test_a_success_envelope_validates_for_every_method(documents, contract, response_validator, placement):
    for method in contract.methods.values():
        result = result_for(method)
        assert result is not None, f"no example result for {method.name}; add one to RESULTS"
        validator = response_validator(documents[placement], method.name, 200)
        assert messages(validator, {"result": result, "time": TIME}) == [], method.name


def test_a_success_with_a_result_of_the_wrong_shape_does_not(documents, response_validator):
    validator = response_validator(documents["nested"], "biconnector.connector.get", 200)
    assert not validator.is_valid({"result": {"item": SOURCE}, "time": TIME})
    assert not validator.is_valid({"result": {"item": CONNECTOR}})


@pytest.mark.parametrize("placement", ["nested", "root"])
def test_every_documented_error_validates_in_its_placement_only(
    documents, contract, response_validator, placement
):
    other = "root" if placement == "nested" else "nested"
    for method in contract.methods.values():
        validator = response_validator(documents[placement], method.name, 200)
        for error in method.error_codes:
            # A templated description (#TITLE#) still matches its pattern, so it serves as an example.
            assert messages(validator, method_error(placement, error.wire_code, error.description)) == [], (
                f"{method.name} {error.code}"
            )
            assert not validator.is_valid(method_error(other, error.wire_code, error.description)), (
                f"{method.name} {error.code} in {other} placement"
            )


def test_an_undocumented_code_or_a_wrong_description_is_rejected(documents, contract, response_validator):
    validator = response_validator(documents["nested"], "biconnector.connector.get", 200)
    assert validator.is_valid(method_error("nested", "CONNECTOR_NOT_FOUND", "Connector was not found."))
    assert not validator.is_valid(method_error("nested", "SOURCE_NOT_FOUND", "Source was not found."))
    assert not validator.is_valid(method_error("nested", "CONNECTOR_NOT_FOUND", "Not found"))


def test_a_numeric_error_code_must_travel_as_a_number(contract, documents, response_validator):
    method = next(m for m in contract.methods.values() if any(e.numeric for e in m.error_codes))
    error = next(e for e in method.error_codes if e.numeric)
    validator = response_validator(documents["nested"], method.name, 200)
    assert validator.is_valid(method_error("nested", 0, error.description))
    assert not validator.is_valid(method_error("nested", "0", error.description))
    assert not validator.is_valid(method_error("nested", 0, "Some other text"))


def test_framework_errors_validate_at_their_status_without_time(documents, response_validator):
    document = documents["nested"]
    limit = {"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"}
    at_503 = response_validator(document, "biconnector.source.list", 503)
    assert messages(at_503, limit) == []
    assert not at_503.is_valid({**limit, "time": TIME})
    assert not at_503.is_valid({"error": "NO_AUTH_FOUND", "error_description": "Wrong authorization data"})
    at_401 = response_validator(document, "biconnector.source.list", 401)
    assert at_401.is_valid({"error": "NO_AUTH_FOUND", "error_description": "Wrong authorization data"})


@pytest.mark.parametrize("media_type", ["application/json", "application/x-www-form-urlencoded"])
def test_request_bodies_take_the_params_and_an_optional_auth(documents, request_validator, media_type):
    get = request_validator(documents["nested"], "biconnector.connector.get", media_type)
    assert get.is_valid({"id": 5})
    assert get.is_valid({"id": 5, "auth": "token"})
    assert not get.is_valid({"id": 0})
    assert not get.is_valid({"auth": "token"})
    add = request_validator(documents["nested"], "biconnector.connector.add", media_type)
    fields = {k: v for k, v in CONNECTOR.items() if k not in ("id", "dateCreate", "description")}
    assert messages(add, {"fields": fields, "auth": "token"}) == []
    assert not add.is_valid({"fields": {**fields, "id": 1}})
