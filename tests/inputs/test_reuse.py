"""Strategies built once per run for the same facts draw exactly what strategies built anew would."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, seed, settings
from hypothesis import strategies as st

from conformance.inputs import (
    FieldsFacts,
    IdFacts,
    _fields_columns,
    _fields_members,
    _fields_strategies,
    _list_members,
    _list_strategies,
    _strategies,
    field_classes_for,
    field_payloads,
    id_classes_for,
    ids,
    list_classes_for,
    list_params,
)
from conformance.inputs._stand_ins import PLACEHOLDER

COLUMNS = ({"name": "ID", "externalCode": "id", "type": "int"}, {"name": "TITLE", "externalCode": "title"})
CACHED = (_fields_columns, _fields_members, _fields_strategies, _list_members, _list_strategies, _strategies)


def _forget_built_strategies() -> None:
    """Every strategy the inputs keep per run, dropped: the next ask builds it anew, as before the reuse."""
    for module in CACHED:
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


def _facts(table: int) -> FieldsFacts:
    # every fresh table is made from the same sample: same names and codes, ids of its own
    columns = tuple({**column, "id": 10 * table + n, "visible": True} for n, column in enumerate(COLUMNS))
    return FieldsFacts(
        existing=table,
        connector=1,
        source=2,
        title_prefix="b24c-abc123-",
        existing_name="b24c_abc123_1",
        existing_columns=columns,
    )


def test_tables_of_the_same_columns_share_the_schema_and_the_column_filter(contract):
    method = contract.method("biconnector.table.fields.update")
    one, other = _facts(5), _facts(6)
    assert _fields_strategies._schema(method, None) is _fields_strategies._schema(method, None)
    schema = _fields_strategies._schema(method, None)
    assert _fields_columns._columns(schema, one) is _fields_columns._columns(schema, other)
    renamed = FieldsFacts(existing=7, existing_columns=({"id": 1, "name": "OTHER", "externalCode": "o"},))
    assert _fields_columns._columns(schema, renamed) is not _fields_columns._columns(schema, one)


def test_the_methods_of_one_entity_share_their_id_strategies(contract):
    facts = IdFacts(existing=5, unknown=999_999_937)
    get = contract.method("biconnector.connector.get")
    delete = contract.method("biconnector.connector.delete")
    assert ids(get, facts=facts, classes=["id.zero"]) is ids(delete, facts=facts, classes=["id.zero"])
    other = IdFacts(existing=6, unknown=999_999_937)
    assert ids(get, facts=other, classes=["id.zero"]) is not ids(get, facts=facts, classes=["id.zero"])


def test_updates_of_different_objects_share_their_valid_payloads(contract):
    method = contract.method("biconnector.source.update")
    schema = _fields_strategies._schema(method, None)
    valid = _fields_members.valid
    assert valid(schema, _facts(5), True) is valid(schema, _facts(6), True)
    elsewhere = FieldsFacts(existing=5, connector=9, source=2, title_prefix="b24c-abc123-")
    assert valid(schema, elsewhere, True) is not valid(schema, _facts(5), True)


def _drawn(strategy_for, fresh_build: bool) -> list:
    drawn = []
    examples = iter(range(100, 10_000))

    @seed(3)
    @settings(max_examples=8, database=None, deadline=None)
    @given(st.data())
    def probe(data):
        if fresh_build:
            _forget_built_strategies()
        drawn.append(data.draw(strategy_for(next(examples))))

    probe()
    return drawn


def _fields(method, encoding):
    classes = [cls.name for cls in field_classes_for(method, encoding, existing=True)]
    return lambda n: field_payloads(method, facts=_facts(n), classes=classes, encoding=encoding)


def _ids(method, encoding):
    classes = [cls.name for cls in id_classes_for(encoding, foreign=True)]
    facts = IdFacts(existing=5, unknown=999_999_937, foreign=7)
    return lambda n: ids(method, facts=facts, classes=classes, encoding=encoding)


def _lists(method, encoding):
    classes = [cls.name for cls in list_classes_for(method, encoding)]
    return lambda n: list_params(method, classes=classes, encoding=encoding)


def test_reused_strategies_draw_what_fresh_ones_do(contract):
    cases = [
        (_fields, "biconnector.table.fields.update"),  # a fresh table per example
        (_fields, "biconnector.source.update"),
        (_fields, "biconnector.table.add"),
        (_lists, "biconnector.source.list"),
        (_ids, "biconnector.connector.delete"),
    ]
    for strategies, name in cases:
        for encoding in ("json", "form"):
            strategy_for = strategies(contract.method(name), encoding)
            reused = _drawn(strategy_for, fresh_build=False)
            assert reused == _drawn(strategy_for, fresh_build=True), (name, encoding)
            assert len({case.input_class for case in reused}) > 1  # the draws differ from one another


def _table_facts(table: int) -> FieldsFacts:
    # as get shows a fresh table's columns: ids of their own, and the table's id as datasetId
    columns = tuple(
        {**column, "id": 10 * table + n, "datasetId": table, "visible": True}
        for n, column in enumerate(COLUMNS)
    )
    return replace(_facts(table), existing_columns=columns)


@pytest.mark.parametrize("encoding", ["json", "form"])
def test_a_fresh_table_draws_through_placeholders_what_its_own_facts_give(contract, encoding):
    method = contract.method("biconnector.table.fields.update")
    classes = [cls.name for cls in field_classes_for(method, encoding, existing=True)]

    def through_placeholders(table: int):
        return field_payloads(method, facts=_table_facts(table), classes=classes, encoding=encoding)

    def from_own_facts(table: int):
        return _fields_strategies._field_payloads(method, _table_facts(table), classes, encoding, None)

    drawn = _drawn(through_placeholders, fresh_build=False)
    assert drawn == _drawn(from_own_facts, fresh_build=False)
    assert str(PLACEHOLDER)[:8] not in repr(drawn)
    # one strategy for all those tables, the placeholders bound per draw
    assert through_placeholders(1).mapped_strategy is through_placeholders(2).mapped_strategy
