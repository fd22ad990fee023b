"""add and update methods, probed with every named class of `fields` payload their schema allows."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, seed
from hypothesis import strategies as st

from conformance.contract import default_contract
from conformance.inputs import FieldsFacts, field_classes_for, field_payloads
from conformance.ledger import storage_entity
from conformance.session import TITLE_PREFIX, UNKNOWN_ID, BudgetSpent

from ._shared import (
    parametrize_classes,
    probe_settings,
    skip_when_budget_spent,
    skip_writes_when_read_only,
)

pytestmark = pytest.mark.b24

METHODS = [
    m
    for m in default_contract().methods.values()
    if m.action in ("add", "update", "fields.update") and m.fields
]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    parametrize_classes(
        metafunc,
        "fields_class",
        METHODS,
        lambda method, encoding: field_classes_for(method, encoding, existing=True),
    )


def test_fields_payload_class(b24_session, b24_objects, b24_config, method, encoding, fields_class):
    recorder = b24_session.recorder
    storage = storage_entity(method.entity)
    own = b24_objects.own
    if method.effect == "update" and storage not in own:
        reason = b24_objects.missing.get(storage, f"no {storage} to update")
        recorder.not_covered(method.name, fields_class, reason)
        pytest.skip(reason)
    skip_when_budget_spent(recorder, method, fields_class, recorder.budget_spent)
    skip_writes_when_read_only(b24_config, recorder, method, fields_class)
    # An update probe changes its object (a connector's urlCheck, say): give it one of its own, so the
    # objects other probes rely on stay as they were made.
    target = b24_session.create_disposable(storage, b24_objects) if method.effect == "update" else None
    facts = FieldsFacts(
        existing=target,
        unknown=UNKNOWN_ID,
        connector=own.get("connector"),
        source=own.get("source"),
        title_prefix=f"{TITLE_PREFIX}{b24_session.run_id}-",
        existing_name=b24_session.own_table_name,
    )
    try:
        _probe_class(b24_session, b24_config, method, encoding, fields_class, facts)
    finally:
        if target is not None:
            b24_session.discard(storage, target)


def _probe_class(b24_session, b24_config, method, encoding, fields_class, facts):
    recorder = b24_session.recorder
    spent = []

    @seed(b24_config.seed)
    @probe_settings(b24_config)
    @given(data=st.data())
    def probe(data):
        table = None
        try:
            example_facts = facts
            if method.action == "fields.update":
                table, example_facts = _fresh_table(b24_session, facts)
            case = data.draw(
                field_payloads(method, facts=example_facts, classes=[fields_class], encoding=encoding)
            )
            b24_session.probe_fields(method, case, example_facts)
        except BudgetSpent:
            spent.append(None)
        finally:
            if table is not None:
                b24_session.discard("table", table)

    probe()
    skip_when_budget_spent(recorder, method, fields_class, bool(spent))


def _fresh_table(b24_session, facts: FieldsFacts) -> tuple[int, FieldsFacts]:
    """fields.update changes its table: each example gets a table of its own, and knows its columns."""
    table = b24_session.create("table", b24_session.table_fields(facts.source))
    exchange = b24_session.call("biconnector.table.get", {"id": table})
    body = exchange.response.json if exchange.response.is_json else None
    result = body.get("result") if isinstance(body, dict) else None
    item = result.get("item") if isinstance(result, dict) else None
    columns = tuple(item.get("fields") or ()) if isinstance(item, dict) else ()
    return table, replace(facts, existing=table, existing_columns=columns)
