"""The entity families are data: x-b24-entity blocks whose samples and probes the add and update take."""

from __future__ import annotations

import json
import shutil
from urllib.parse import urljoin

import pytest

from conformance.contract import (
    BASE_URI,
    Entity,
    EntityParent,
    UnknownEntity,
    default_contract,
    default_schema_dir,
    fill_placeholders,
    load_contract,
)

CONTRACT = default_contract()
ENTITIES = CONTRACT.entities
RUN = "0a1b2c"


def _methods(entity: Entity, action: str) -> list:
    return [m for m in CONTRACT.methods.values() if m.storage == entity.name and m.action == action]


def test_the_families_are_connector_source_and_table_parents_first():
    assert [entity.name for entity in ENTITIES] == ["connector", "source", "table"]
    assert CONTRACT.entity("table").aliases == ("dataset",)
    assert CONTRACT.entity("source").parent == EntityParent("connector", "connectorId")
    assert CONTRACT.entity("connector").parent is None
    assert [entity.title_field for entity in ENTITIES] == ["title", "title", "name"]
    assert CONTRACT.entity("table").title_pattern == "^[a-z][a-z0-9_]*$"
    assert CONTRACT.entity("connector").title_pattern is None


@pytest.mark.parametrize("entity", ENTITIES, ids=[e.name for e in ENTITIES])
def test_each_sample_filled_in_is_what_every_add_of_its_family_takes(entity):
    filled = fill_placeholders(entity.sample, run=RUN, n=1, parent=1)
    adds = _methods(entity, "add")
    assert adds, f"no add method acts on {entity.name}"
    for method in adds:
        assert method.params_errors({"fields": filled}) == [], method.name
    assert RUN in filled[entity.title_field], "the title marks the run that made the object"
    if entity.parent is not None:
        assert filled[entity.parent.field] == 1


@pytest.mark.parametrize("entity", ENTITIES, ids=[e.name for e in ENTITIES])
def test_each_update_probe_filled_in_is_what_every_update_of_its_family_takes(entity):
    filled = fill_placeholders(entity.update_probe, run=RUN, n=1, parent=1)
    updates = _methods(entity, "update")
    assert updates, f"no update method acts on {entity.name}"
    for method in updates:
        assert method.params_errors({"id": 1, "fields": filled}) == [], method.name


def test_every_method_stores_into_a_known_family_and_the_aliases_cover_every_method_entity():
    names = {name for entity in ENTITIES for name in entity.names}
    assert {method.entity for method in CONTRACT.methods.values()} == names
    for method in CONTRACT.methods.values():
        assert CONTRACT.entity(method.entity).name == method.storage
        assert method.storage in {entity.name for entity in ENTITIES}, method.name


def test_every_method_names_the_fields_schema_of_its_family():
    for method in CONTRACT.methods.values():
        uri = urljoin(method.document["$id"], method.document["x-b24-method"]["fields"])
        assert CONTRACT.documents[uri]["x-b24-entity"]["name"] == method.storage, method.name


def test_the_parents_exist_come_first_and_agree_with_the_methods():
    seen: set[str] = set()
    for entity in ENTITIES:
        if entity.parent is not None:
            assert entity.parent.entity in seen, f"{entity.name} comes before its parent"
        seen.add(entity.name)
    for method in CONTRACT.methods.values():
        parent = CONTRACT.entity(method.storage).parent
        shown = None if method.parent is None else EntityParent(method.parent.entity, method.parent.field)
        assert shown == parent, method.name


def test_cleanup_order_is_children_first():
    assert CONTRACT.cleanup_order == tuple(entity.name for entity in reversed(ENTITIES))
    assert CONTRACT.cleanup_order == ("table", "source", "connector")


def test_an_alias_finds_its_family_and_an_unknown_name_lists_the_known_ones():
    assert CONTRACT.entity("dataset") is CONTRACT.entity("table")
    with pytest.raises(UnknownEntity, match=r"among connector, source, table, dataset, got 'widget'"):
        CONTRACT.entity("widget")


def test_filling_copies_the_template_and_refuses_what_it_cannot_fill():
    sample = CONTRACT.entity("table").sample
    filled = fill_placeholders(sample, run=RUN, n=7, parent=3)
    assert filled["name"] == f"b24c_{RUN}_7" and filled["sourceId"] == 3
    filled["fields"].append({})
    assert len(sample["fields"]) == 2
    with pytest.raises(ValueError, match=r'Expected a parent id to fill "\{parent\}" with, got None'):
        fill_placeholders(sample, run=RUN)
    with pytest.raises(ValueError, match=r"got 'x-\{parent\}-y'"):
        fill_placeholders({"a": "x-{parent}-y"}, run=RUN, parent=1)


def _copy_with(tmp_path, name: str, change) -> None:
    root = tmp_path / "schemas"
    shutil.copytree(default_schema_dir(), root)
    path = root / "fields" / f"{name}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document["x-b24-entity"])
    path.write_text(json.dumps(document), encoding="utf-8")
    return root


def test_a_cycle_of_parents_is_refused(tmp_path):
    root = _copy_with(
        tmp_path, "connector", lambda block: block.update(parent={"entity": "table", "field": "x"})
    )
    with pytest.raises(
        ValueError, match="parents to form a tree, got a cycle among connector, source, table"
    ):
        load_contract(root)


def test_a_parent_that_is_no_entity_is_refused(tmp_path):
    root = _copy_with(
        tmp_path, "source", lambda block: block.update(parent={"entity": "portal", "field": "x"})
    )
    with pytest.raises(
        ValueError, match=r"Expected the parent of source to be an entity among .*, got 'portal'"
    ):
        load_contract(root)


def test_a_method_of_no_family_is_refused(tmp_path):
    root = _copy_with(tmp_path, "table", lambda block: block.update(aliases=[]))
    with pytest.raises(ValueError, match=r"biconnector\.dataset\.add.json among the x-b24-entity names"):
        load_contract(root)


def test_a_contract_without_entity_blocks_stores_each_method_entity_apart(tmp_path):
    root = tmp_path / "schemas"
    shutil.copytree(default_schema_dir(), root)
    for path in (root / "fields").glob("*.json"):
        document = json.loads(path.read_text(encoding="utf-8"))
        del document["x-b24-entity"]
        path.write_text(json.dumps(document), encoding="utf-8")
    contract = load_contract(root)
    assert contract.entities == () and contract.cleanup_order == ()
    assert contract.method("biconnector.dataset.get").storage == "dataset"
    assert BASE_URI + "fields/table.json" in contract.documents
