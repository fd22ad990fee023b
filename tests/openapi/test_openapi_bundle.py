"""Bundling schema files into components: names and $ref rewriting."""

from __future__ import annotations

import pytest

from conformance.contract import BASE_URI
from conformance.openapi._bundle import SchemaBundle, component_name


@pytest.mark.parametrize(
    ("ref", "name"),
    [
        ("types.json#/$defs/id", "types.id"),
        ("items/connector.json", "connector.item"),
        ("fields/source.json", "source.fields"),
        ("methods/biconnector.connector.get.json#/$defs/params", "biconnector.connector.get.params"),
        ("envelope/time.json#/$defs/iso8601WithOffset", "envelope.time.iso8601WithOffset"),
        ("errors/biconnector.json#/$defs/ACCESS_DENIED", "biconnector.error.ACCESS_DENIED"),
        ("errors/framework.json#/$defs/ACCESS_DENIED", "framework.error.ACCESS_DENIED"),
        ("extra/deep/thing.json", "extra.deep.thing"),
    ],
)
def test_component_names_are_short_and_readable(ref, name):
    assert component_name(BASE_URI + ref) == name


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("https://elsewhere.example/x.json", "Expected a \\$ref inside"),
        (BASE_URI + "types.json#/$defs/connectorSetting/properties/code", "whole schema or to one of its"),
        (BASE_URI + "types.yaml", "to a .json schema file"),
    ],
)
def test_refs_the_bundle_cannot_name_are_refused(uri, message):
    with pytest.raises(ValueError, match=message):
        component_name(uri)


def test_a_ref_bundles_what_it_reaches_once_with_local_refs(contract):
    bundle = SchemaBundle(contract)
    assert bundle.ref("types.json#/$defs/connectorSetting") == {
        "$ref": "#/components/schemas/types.connectorSetting"
    }
    setting = bundle.schemas["types.connectorSetting"]
    assert setting["properties"]["type"] == {"$ref": "#/components/schemas/types.settingType"}
    assert bundle.schemas["types.settingType"] == {"enum": ["STRING", "INT"]}
    bundle.ref(BASE_URI + "types.json#/$defs/connectorSetting")
    assert sorted(bundle.schemas) == ["types.connectorSetting", "types.settingType"]


def test_rewriting_keeps_data_and_property_names_verbatim(contract):
    bundle = SchemaBundle(contract)
    schema = {
        "$id": "https://b24-conformance.example/schemas/methods/x.json",
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": {"unused": {"type": "null"}},
        "properties": {"$ref": {"$ref": "../types.json#/$defs/id"}},
        "const": {"$ref": "not a reference"},
        "x-note": {"$ref": "also data"},
    }
    assert bundle.rewrite(schema, BASE_URI) == {
        "properties": {"$ref": {"$ref": "#/components/schemas/types.id"}},
        "const": {"$ref": "not a reference"},
        "x-note": {"$ref": "also data"},
    }


def test_two_different_schemas_under_one_name_are_refused(contract):
    bundle = SchemaBundle(contract)
    bundle.add("same", {"type": "string"})
    assert bundle.add("same", {"type": "string"}) == {"$ref": "#/components/schemas/same"}
    with pytest.raises(ValueError, match="two different 'same'"):
        bundle.add("same", {"type": "integer"})
