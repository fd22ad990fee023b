"""The schemas are data: each one is a valid 2020-12 schema with an $id, and every $ref resolves."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator
from referencing.exceptions import Unresolvable

from conformance.contract import BASE_URI, default_contract, default_schema_dir

CONTRACT = default_contract()
DOCUMENTS = sorted(CONTRACT.documents.items())


@pytest.mark.parametrize(
    ("uri", "document"), DOCUMENTS, ids=[uri.removeprefix(BASE_URI) for uri, _ in DOCUMENTS]
)
def test_every_schema_is_valid_against_the_2020_12_metaschema(uri, document):
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(document)


@pytest.mark.parametrize(
    ("uri", "document"), DOCUMENTS, ids=[uri.removeprefix(BASE_URI) for uri, _ in DOCUMENTS]
)
def test_every_reference_resolves(uri, document):
    resolver = CONTRACT.registry.resolver(base_uri=uri)
    refs = list(_refs(document))
    for ref in refs:
        try:
            resolver.lookup(ref)
        except Unresolvable as exc:  # pragma: no cover - the assertion below reports it
            pytest.fail(f"{uri}: $ref {ref!r} does not resolve: {exc}")


def test_ids_match_file_locations():
    root = default_schema_dir()
    for path in root.rglob("*.json"):
        document = json.loads(path.read_text(encoding="utf-8"))
        assert document["$id"] == BASE_URI + path.relative_to(root).as_posix()


def test_the_two_seed_methods_are_in_the_contract():
    for name in ("biconnector.connector.get", "biconnector.source.get"):
        method = CONTRACT.method(name)
        assert method.id_param == "id"
        assert method.params_errors({"id": 1}) == []
        assert method.params_errors({}) != []
        assert method.params_errors({"id": 0}) != []
        assert method.params_errors({"id": "1"}) != []


def test_source_get_documents_the_newest_codes():
    codes = [error.code for error in CONTRACT.method("biconnector.source.get").error_codes]
    assert codes == [
        "ACCESS_DENIED",
        "VALIDATION_ID_NOT_PROVIDED",
        "VALIDATION_INVALID_ID_FORMAT",
        "SOURCE_NOT_FOUND",
        "CONNECTOR_NOT_FOUND",
    ]


def test_method_error_descriptions_are_exact():
    get = CONTRACT.method("biconnector.connector.get")
    assert get.error("VALIDATION_ID_NOT_PROVIDED").describes("ID is missing.")
    assert not get.error("VALIDATION_ID_NOT_PROVIDED").describes("ID is missing")
    assert get.error("CONNECTOR_NOT_FOUND").describes("Connector was not found.")


def test_templated_descriptions_match_their_placeholders_only():
    required = CONTRACT.module_errors["VALIDATION_REQUIRED_FIELD_MISSING"]
    assert required.describes('Field "title" is required.')
    assert not required.describes('Field "title" is required')
    assert not required.describes("Field is required.")


def test_framework_catalog_has_every_code_of_the_system_errors_table_with_its_status():
    documented = {
        "INTERNAL_SERVER_ERROR": 500,
        "ERROR_UNEXPECTED_ANSWER": 500,
        "QUERY_LIMIT_EXCEEDED": 503,
        "ERROR_BATCH_METHOD_NOT_ALLOWED": 405,
        "ERROR_BATCH_LENGTH_EXCEEDED": 400,
        "NO_AUTH_FOUND": 401,
        "INVALID_REQUEST": 400,
        "OVERLOAD_LIMIT": 503,
        "ACCESS_DENIED": 403,
        "INVALID_CREDENTIALS": 403,
        "ERROR_MANIFEST_IS_NOT_AVAILABLE": 404,
        "insufficient_scope": 403,
        "expired_token": 401,
        "user_access_error": 403,
        "PORTAL_DELETED": 500,
    }
    catalog = CONTRACT.framework_errors
    assert {code: catalog[code].status for code in documented} == documented


@pytest.mark.parametrize(
    ("kind", "body", "valid"),
    [
        ("success", {"result": {"item": {}}, "time": {}}, False),
        ("method-error-nested", {"result": {"error": {"error": "X", "error_description": "y"}}}, False),
        ("method-error-root", {"error": "X", "error_description": "y"}, True),
        ("method-error-root", {"error": "X", "error_description": "y", "result": {}}, False),
        (
            "framework-error",
            {"error": "NO_AUTH_FOUND", "error_description": "Wrong authorization data"},
            True,
        ),
        ("framework-error", {"error": "NO_AUTH_FOUND", "error_description": "x", "time": {}}, False),
        ("error-body", {"error": 0, "error_description": "All the fields are required."}, True),
        ("error-body", {"error": 1, "error_description": "x"}, False),
    ],
)
def test_envelope_schemas_accept_and_reject(kind, body, valid):
    assert CONTRACT.envelope(kind).is_valid(body) is valid


TIME = {
    "start": 1725365418.056843,
    "finish": 1725365419.671506,
    "duration": 1.6146628856658936,
    "processing": 1.3475170135498047,
    "date_start": "2024-09-03T14:10:18+02:00",
    "date_finish": "2024-09-03T14:10:19+02:00",
}


def test_time_schema_accepts_the_documented_example_and_an_integer_start():
    validator = CONTRACT.envelope("time")
    assert validator.is_valid(TIME)
    assert validator.is_valid({**TIME, "start": 1725365418, "processing": 0})
    assert not validator.is_valid({**TIME, "date_start": "2024-09-03T14:10:18"})
    assert not validator.is_valid({k: v for k, v in TIME.items() if k != "finish"})


def test_the_seed_examples_validate_as_results():
    connector = {
        "id": 5,
        "title": "SUPER REST CONNECTOR",
        "dateCreate": "2025-03-24 07:25:59",
        "logo": "https://example.com/logo.png",
        "description": "Connector with token",
        "sort": 100,
        "urlCheck": "http://app.domain/check",
        "settings": [{"name": "Login", "code": "login", "type": "STRING"}],
        "urlData": "http://app.domain/data",
        "urlTableList": "http://app.domain/table_list",
        "urlTableDescription": "http://app.domain/table_description",
    }
    assert CONTRACT.method("biconnector.connector.get").result_errors({"item": connector}) == []
    assert CONTRACT.method("biconnector.connector.get").result_errors({"item": {**connector, "id": "5"}})
    source = {
        "connection": {
            "id": 6,
            "type": "rest",
            "code": "rest_1",
            "title": "Rest source SQL",
            "description": "Connection for working with mySql",
            "active": True,
            "dateCreate": "2025-03-20 14:50:06",
            "dateUpdate": "2025-03-20 14:50:06",
            "createdById": 1,
            "updatedById": 1,
        },
        "connectorId": 1,
        "settings": [{"code": "token", "name": "Token", "type": "STRING", "value": "x", "id": 8}],
    }
    assert CONTRACT.method("biconnector.source.get").result_errors({"item": source}) == []
    broken = {**source, "connection": {**source["connection"], "dateCreate": "2025-03-20T14:50:06+00:00"}}
    assert CONTRACT.method("biconnector.source.get").result_errors({"item": broken})


def _refs(node):
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


BATCH_TIME = {
    "start": 1724916859.46156,
    "finish": 1724916859.464775,
    "duration": 0.0032150745391845703,
    "processing": 0.003075838088989258,
    "date_start": "2024-08-29T10:34:19+03:00",
    "date_finish": "2024-08-29T10:34:19+03:00",
}


def _batch(**maps):
    result = {"result": [], "result_error": [], "result_total": [], "result_next": [], "result_time": []}
    return {"result": {**result, **maps}, "time": BATCH_TIME}


@pytest.mark.parametrize(
    "body",
    [
        _batch(result={"one": {"item": {"id": 1}}}, result_time={"one": BATCH_TIME}),
        _batch(
            result_error={
                "gone": {"error": "ERROR_METHOD_NOT_FOUND", "error_description": "Method not found!"}
            }
        ),
        _batch(result=[{"item": {"id": 1}}], result_total={"all": 3}, result_next={"all": 50}),
        _batch(),  # every map empty: PHP writes each as []
    ],
)
def test_the_batch_envelope_accepts_what_the_method_answers(body):
    assert list(CONTRACT.envelope("batch").iter_errors(body)) == []


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"result": {}, "time": BATCH_TIME}, "result"),
        (_batch(result_error={"gone": {"error": "ERROR_METHOD_NOT_FOUND"}}), "result/result_error/gone"),
        (_batch(result_total={"all": "3"}), "result/result_total/all"),
        (_batch(result_time={"one": {"start": 1}}), "result/result_time/one"),
        (_batch(result="nothing"), "result/result"),
        ({"result": _batch()["result"]}, ""),  # no time for the whole call
    ],
)
def test_the_batch_envelope_refuses_broken_answers(body, where):
    errors = list(CONTRACT.envelope("batch").iter_errors(body))
    assert errors
    assert "/".join(str(part) for part in errors[0].absolute_path) == where
