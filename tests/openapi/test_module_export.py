"""The module variant of the export and the shipped schemathesis.toml, as data."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest
import schemathesis.specs.openapi.checks  # noqa: F401  (registers the built-in checks)
from jsonschema import Draft202012Validator
from schemathesis.checks import CHECKS

from conformance.contract import Contract
from conformance.openapi import CHECK_SETTINGS, build_openapi, schemathesis_config
from conformance.openapi._accepted import MODULE_ID, MODULE_ID_NAME, RELAXATIONS
from conformance.openapi._bundle import COMPONENTS
from conformance.oracle import module_id

MODULE_IDS = [5, 5.0, 1.5, "5", " 7 ", "+12", "007", "3.9", "1e3", "5\n"]
REFUSED_IDS = [0, -3, 0.5, "0", "-5", "abc", "5abc", "", True, None, [], {}, 2**64, 1.8446744073709552e19]


@pytest.fixture(scope="module")
def module_document(contract: Contract) -> dict[str, Any]:
    """The export whose request schemas say what the module accepts."""
    return build_openapi(contract, requests="module")


def test_the_default_export_is_the_documented_one(contract: Contract) -> None:
    assert build_openapi(contract) == build_openapi(contract, requests="documented")
    assert "x-b24-request-schemas" not in build_openapi(contract)["info"]


def test_an_unknown_request_variant_is_refused(contract: Contract) -> None:
    with pytest.raises(ValueError, match="Expected request schemas among"):
        build_openapi(contract, requests="lenient")  # type: ignore[arg-type]


@pytest.mark.parametrize("value", MODULE_IDS + REFUSED_IDS)
def test_the_module_id_schema_admits_only_ids_the_module_looks_up(value: Any) -> None:
    # Soundness: whatever positive generation draws from the schema, the module reads as an id.
    if Draft202012Validator(MODULE_ID).is_valid(value):
        assert module_id(value, "json") is not None


@pytest.mark.parametrize("value", MODULE_IDS)
def test_the_module_id_schema_admits_what_the_docs_refuse(value: Any) -> None:
    assert Draft202012Validator(MODULE_ID).is_valid(value)
    assert module_id(value, "json") is not None


def test_every_id_method_reads_its_id_as_the_module_does(
    contract: Contract, module_document: dict[str, Any]
) -> None:
    schemas = module_document["components"]["schemas"]
    for method in contract.methods.values():
        request = schemas[f"{method.name}.request.module"]
        params = schemas[request["allOf"][0]["$ref"].removeprefix(COMPONENTS)]
        if method.takes_id:
            assert params["properties"][method.id_param] == {"$ref": COMPONENTS + MODULE_ID_NAME}
        operation = module_document["paths"][f"/{method.name}"]["post"]
        content = operation["requestBody"]["content"]
        assert {media["schema"]["$ref"] for media in content.values()} == {
            COMPONENTS + f"{method.name}.request.module"
        }


def test_every_relaxation_names_a_keyword_the_documented_export_has(contract: Contract) -> None:
    # A relaxation whose keyword is gone from schemas/ is stale and should be removed.
    schemas = build_openapi(contract)["components"]["schemas"]
    for relaxation in RELAXATIONS:
        node = schemas[relaxation.component]
        for key in relaxation.location:
            node = node[key]
        assert relaxation.keyword in node, relaxation.reason


def test_relaxations_reach_the_module_export_only(contract: Contract, module_document) -> None:
    documented = build_openapi(contract)["components"]["schemas"]
    for relaxation in RELAXATIONS:
        node = module_document["components"]["schemas"][relaxation.component]
        for key in relaxation.location:
            node = node[key]
        assert relaxation.keyword not in node
    assert documented["types.connectorSetting"]["properties"]["name"]["minLength"] == 1


def test_the_config_names_every_builtin_check_once_with_a_reason() -> None:
    builtin = {check.__name__ for check in CHECKS.get_all() if not check.__name__.startswith("b24_")}
    names = [setting.name for setting in CHECK_SETTINGS]
    assert sorted(names) == sorted(builtin)
    assert len(names) == len(set(names))
    assert all(setting.reason.strip() for setting in CHECK_SETTINGS)


def test_the_config_is_toml_that_turns_off_the_status_only_checks() -> None:
    text = schemathesis_config()
    parsed = tomllib.loads(text)
    assert parsed["checks"] == {s.name: {"enabled": s.enabled} for s in CHECK_SETTINGS}
    assert parsed["checks"]["negative_data_rejection"] == {"enabled": False}
    assert parsed["checks"]["response_schema_conformance"] == {"enabled": True}
    for setting in CHECK_SETTINGS:
        assert f"# {setting.reason}\n[checks.{setting.name}]" in text
