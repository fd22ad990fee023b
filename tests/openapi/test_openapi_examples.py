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
RESULTS = {
    "add": {"id": 7},
    "delete": True,
    "list": [{"id": 7, "title": "Warehouse"}],
    "get.connector": {"item": CONNECTOR},
    "get.source": {"item": SOURCE},
}


def result_for(method) -> object:
    return RESULTS.get(method.action, RESULTS.get(f"{method.action}.{method.entity}"))


def method_error(placement: str, code: str, description: str) -> dict:
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
            assert messages(validator, method_error(placement, error.code, error.description)) == [], (
                f"{method.name} {error.code}"
            )
            assert not validator.is_valid(method_error(other, error.code, error.description)), (
                f"{method.name} {error.code} in {other} placement"
            )


def test_an_undocumented_code_or_a_wrong_description_is_rejected(documents, contract, response_validator):
    validator = response_validator(documents["nested"], "biconnector.connector.get", 200)
    assert validator.is_valid(method_error("nested", "CONNECTOR_NOT_FOUND", "Connector was not found."))
    assert not validator.is_valid(method_error("nested", "SOURCE_NOT_FOUND", "Source was not found."))
    assert not validator.is_valid(method_error("nested", "CONNECTOR_NOT_FOUND", "Not found"))


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
