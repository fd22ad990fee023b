"""The contract package's public API is what its __all__ names, and lookups fail helpfully."""

from __future__ import annotations

import pytest

import conformance.contract as contract_module
from conformance.contract import UnknownMethod, default_contract, load_contract


def test_public_api_is_what_all_names():
    public = {name for name in dir(contract_module) if not name.startswith(("_", "@"))}
    assert public - {"annotations"} == set(contract_module.__all__)


def test_unknown_method_suggests_the_closest_name():
    with pytest.raises(UnknownMethod, match=r"Perhaps you meant 'biconnector\.connector\.get'"):
        default_contract().method("biconnector.conector.get")


def test_a_schema_without_an_id_is_rejected(tmp_path):
    (tmp_path / "methods").mkdir()
    (tmp_path / "methods" / "x.json").write_text('{"type": "object"}')
    with pytest.raises(ValueError, match=r"Expected an \$id in methods/x.json"):
        load_contract(tmp_path)


def test_broken_json_names_the_file(tmp_path):
    (tmp_path / "methods").mkdir()
    (tmp_path / "methods" / "x.json").write_text("{")
    with pytest.raises(ValueError, match=r"x\.json"):
        load_contract(tmp_path)


def test_fields_descriptors_follow_the_schema_order():
    titles = [f.title for f in default_contract().method("biconnector.connector.add").fields]
    assert titles[:3] == ["id", "title", "logo"]
    assert titles[-1] == "dateCreate"
    first = default_contract().method("biconnector.connector.add").fields[0].as_json()
    assert first == {
        "title": "id",
        "type": "integer",
        "isRequired": True,
        "isReadOnly": True,
        "isImmutable": False,
        "isMultiple": False,
    }
