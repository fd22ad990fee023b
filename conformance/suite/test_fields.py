"""add and update methods, probed with every named class of `fields` payload their schema allows."""

from __future__ import annotations

import pytest
from hypothesis import strategies as st

from conformance.contract import default_contract
from conformance.inputs import field_classes_for, field_payloads

from ._batched import batched_field_classes
from ._fields_setup import facts_for_example, fields_target, skip_unless_fields_probe_can_run
from ._shared import parametrize_classes, run_examples, skip_when_budget_spent

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
        batched=batched_field_classes,
    )


def test_fields_payload_class(
    b24_session, b24_objects, b24_config, b24_fresh, method, encoding, fields_class
):
    skip_unless_fields_probe_can_run(b24_session, b24_objects, b24_config, method, [fields_class])
    with fields_target(b24_session, b24_objects, b24_fresh, method, [fields_class]) as facts:
        _probe_class(b24_session, b24_fresh, b24_config, method, encoding, fields_class, facts)


def _probe_class(b24_session, b24_fresh, b24_config, method, encoding, fields_class, facts):
    def probe(data):
        with facts_for_example(b24_session, b24_fresh, method, facts) as example_facts:
            case = data.draw(
                field_payloads(method, facts=example_facts, classes=[fields_class], encoding=encoding)
            )
            b24_session.probes.send_fields(method, case, example_facts)

    spent = run_examples(b24_config, st.data(), probe)
    skip_when_budget_spent(b24_session.recorder, method, fields_class, spent)
