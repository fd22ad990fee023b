"""The exported document: valid OpenAPI 3.1, one operation per method, refs, errors, links."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from openapi_spec_validator import validate

from conformance import openapi
from conformance.contract import default_schema_dir, load_contract
from conformance.openapi import build_openapi, write_openapi

PLACEMENTS = ("nested", "root")
CREATED_ID = "$response.body#/result/id"


def iter_refs(node: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """Every ($ref value, location) in node, skipping example data."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value, where
            elif key not in ("const", "enum", "examples"):
                yield from iter_refs(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from iter_refs(item, f"{where}/{index}")


def error_body(document: dict, method: str, deref) -> dict:
    """The error/error_description schema a method's 200 response allows, in either placement."""
    ok = document["paths"][f"/{method}"]["post"]["responses"]["200"]["content"]["application/json"]
    envelope = deref(document, ok["schema"]["oneOf"][1]["$ref"])
    if "properties" in envelope:
        return deref(document, envelope["properties"]["result"]["properties"]["error"]["$ref"])
    return deref(document, envelope["allOf"][1]["$ref"])


@pytest.mark.parametrize("placement", PLACEMENTS)
def test_the_document_validates_as_openapi_31(documents, placement):
    document = documents[placement]
    assert document["openapi"].startswith("3.1.")
    validate(document)


def test_every_contract_method_has_exactly_one_post_operation(documents, contract):
    for document in documents.values():
        assert set(document["paths"]) == {f"/{name}" for name in contract.methods}
        for name in contract.methods:
            item = document["paths"][f"/{name}"]
            assert list(item) == ["post"], f"{name}: expected only POST, got {list(item)}"
            assert item["post"]["operationId"] == name


@pytest.mark.parametrize("placement", PLACEMENTS)
def test_every_ref_is_local_and_resolves(documents, placement, deref):
    document = documents[placement]
    refs = list(iter_refs(document))
    assert len(refs) > 100, "expected the bundle to be linked by $refs"
    for ref, where in refs:
        assert ref.startswith("#/"), f"{where}: expected a local $ref, got {ref!r}"
        try:
            deref(document, ref)
        except (KeyError, IndexError, ValueError) as exc:
            pytest.fail(f"{where}: $ref {ref!r} does not resolve ({exc!r})")


def test_components_carry_no_id_or_schema_that_would_rebase_refs(documents):
    for placement, document in documents.items():
        text = json.dumps(document["components"]["schemas"])
        assert '"$id"' not in text and '"$schema"' not in text, placement


def test_the_error_enum_of_each_operation_is_the_methods_documented_codes(documents, contract, deref):
    for placement, document in documents.items():
        for method in contract.methods.values():
            body = error_body(document, method.name, deref)
            expected = list(dict.fromkeys(e.wire_code for e in method.error_codes))
            assert body["properties"]["error"]["enum"] == expected, f"{placement} {method.name}"


def test_numeric_errors_are_exported_as_the_number_0_once(documents, contract, deref):
    numeric = [m for m in contract.methods.values() if any(e.numeric for e in m.error_codes)]
    assert numeric, "expected the contract to document errors whose code is the number 0"
    for method in numeric:
        enum = error_body(documents["nested"], method.name, deref)["properties"]["error"]["enum"]
        assert enum.count(0) == 1 and "0" not in enum, method.name


def test_the_two_placements_give_different_200_schemas(documents, contract, deref):
    for name in contract.methods:
        ok = {
            p: documents[p]["paths"][f"/{name}"]["post"]["responses"]["200"]["content"]["application/json"]
            for p in PLACEMENTS
        }
        assert ok["nested"]["schema"] != ok["root"]["schema"]
        nested, root = (deref(documents[p], ok[p]["schema"]["oneOf"][1]["$ref"]) for p in PLACEMENTS)
        assert nested != root


def test_framework_errors_get_one_response_per_documented_status(documents, contract, deref):
    by_status: dict[str, set[str]] = {}
    for code, error in contract.framework_errors.items():
        for status in error.statuses:
            by_status.setdefault(str(status), set()).add(code)
    assert {"400", "401", "403", "404", "429", "500", "503"} <= set(by_status)
    document = documents["nested"]
    for name in contract.methods:
        responses = document["paths"][f"/{name}"]["post"]["responses"]
        assert set(responses) == {"200"} | set(by_status), name
    for status, codes in by_status.items():
        ref = document["paths"]["/biconnector.connector.get"]["post"]["responses"][status]["$ref"]
        response = deref(document, ref)
        schema = deref(document, response["content"]["application/json"]["schema"]["$ref"])
        entries = [deref(document, branch["$ref"]) for branch in schema["anyOf"]]
        listed = {entry["properties"]["error"]["const"] for entry in entries}
        assert listed == codes, status


def test_json_and_form_bodies_share_the_params_schema_with_an_optional_auth(documents, contract, deref):
    document = documents["nested"]
    for method in contract.methods.values():
        body = document["paths"][f"/{method.name}"]["post"]["requestBody"]
        content = body["content"]
        assert set(content) == {"application/json", "application/x-www-form-urlencoded"}
        schema = content["application/json"]["schema"]
        assert content["application/x-www-form-urlencoded"]["schema"] == schema
        request = deref(document, schema["$ref"])
        params = deref(document, request["allOf"][0]["$ref"])
        assert params["properties"].keys() == method.document["$defs"]["params"]["properties"].keys()
        assert "auth" in request["properties"] and "auth" not in params.get("required", [])
        assert body["required"] == bool(params.get("required"))


def test_nested_form_fields_use_the_deep_object_style(documents):
    body = documents["nested"]["paths"]["/biconnector.connector.add"]["post"]["requestBody"]
    form = body["content"]["application/x-www-form-urlencoded"]
    assert form["encoding"] == {"fields": {"style": "deepObject", "explode": True}}
    get = documents["nested"]["paths"]["/biconnector.connector.get"]["post"]["requestBody"]
    assert "encoding" not in get["content"]["application/x-www-form-urlencoded"]


def test_a_bearer_scheme_is_offered_and_auth_stays_optional(documents):
    document = documents["nested"]
    assert document["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": document["components"]["securitySchemes"]["bearer"]["description"],
    }
    assert {"bearer": []} in document["security"] and {} in document["security"]


def test_add_links_to_the_same_entitys_id_methods_through_the_request_body(documents, contract):
    document = documents["nested"]
    operation_ids = {item["post"]["operationId"] for item in document["paths"].values()}
    for method in contract.methods.values():
        ok = document["paths"][f"/{method.name}"]["post"]["responses"]["200"]
        if method.action != "add":
            assert "links" not in ok, method.name
            continue
        expected = {
            m.action: m
            for m in contract.methods.values()
            if m.entity == method.entity and m.action in ("get", "update", "delete") and m.takes_id
        }
        assert set(ok["links"]) == set(expected) and expected, method.name
        for action, link in ok["links"].items():
            target = expected[action]
            assert link["operationId"] == target.name and target.name in operation_ids
            assert link["requestBody"] == {target.id_param: CREATED_ID}
            assert "parameters" not in link


def test_the_server_url_is_configurable_and_joins_paths_without_a_double_slash(contract):
    document = build_openapi(contract, server_url="https://portal.example/rest/1/secret/")
    assert document["servers"][0]["url"] == "https://portal.example/rest/1/secret"
    assert build_openapi(contract)["servers"][0]["url"] == "http://127.0.0.1:8000/rest"


def test_an_unknown_placement_is_refused_with_the_choices(contract):
    with pytest.raises(ValueError, match=r"among \('nested', 'root'\), got 'inside'"):
        build_openapi(contract, placement="inside")


def test_building_is_deterministic_and_leaves_the_contract_untouched(contract):
    before = json.dumps(contract.documents, sort_keys=True)
    first = json.dumps(build_openapi(contract))
    assert json.dumps(build_openapi(contract)) == first
    assert json.dumps(contract.documents, sort_keys=True) == before


def test_an_explicit_contract_is_exported_instead_of_the_bundled_one(tmp_path):
    root = tmp_path / "schemas"
    shutil.copytree(default_schema_dir(), root)
    for path in (root / "methods").glob("biconnector.*.json"):
        if not path.name.startswith("biconnector.connector."):
            path.unlink()
    document = build_openapi(load_contract(root))
    assert all(".connector." in path for path in document["paths"])
    assert not {"source.item", "table.item"} & set(document["components"]["schemas"])
    validate(document)


def test_write_openapi_returns_the_json_text_and_writes_it_when_given_a_path(tmp_path, contract):
    target = tmp_path / "openapi.json"
    text = write_openapi(target, contract=contract, placement="root")
    assert target.read_text(encoding="utf-8") == text
    assert json.loads(text) == build_openapi(contract, placement="root")
    assert text.startswith('{\n  "openapi"')
    assert write_openapi(None, contract=contract) == write_openapi(contract=contract)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["openapi.json"]


def test_the_public_api_is_what_all_names():
    assert openapi.__all__ == [
        "CHECK_SETTINGS",
        "DEFAULT_SERVER",
        "REQUEST_SCHEMAS",
        "build_openapi",
        "schemathesis_config",
        "write_openapi",
        "write_schemathesis_config",
    ]
