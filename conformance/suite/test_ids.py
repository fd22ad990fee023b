"""Every id-taking method, probed over every id input class its encoding can carry."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import strategies as st

from conformance.contract import default_contract
from conformance.inputs import id_classes_for, ids

from ._batched import RESOLVING, batched_id_classes
from ._shared import (
    parametrize_classes,
    run_examples,
    skip_when_budget_spent,
    skip_writes_when_read_only,
)

pytestmark = pytest.mark.b24

METHODS = default_contract().id_methods()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    parametrize_classes(
        metafunc,
        "input_class",
        METHODS,
        lambda method, encoding: id_classes_for(encoding),
        batched=batched_id_classes,
    )


def test_id_input_class(b24_session, b24_objects, b24_config, b24_fresh, method, encoding, input_class):
    recorder = b24_session.recorder
    facts = b24_session.id_facts(method, b24_objects)
    if isinstance(facts, str):
        recorder.not_covered(method.name, input_class, facts)
        pytest.skip(facts)
    if input_class == "id.foreign" and facts.foreign is None:
        reason = b24_objects.foreign_missing.get(method.entity, "no second application")
        recorder.not_covered(method.name, input_class, reason)
        pytest.skip(reason)
    skip_when_budget_spent(recorder, method, input_class, recorder.budget_spent)
    skip_writes_when_read_only(b24_config, recorder, method, input_class)
    if method.effect == "delete" and input_class in RESOLVING:
        # Each example gets a fresh object: a value that resolves to it deletes it.
        def probe(data):
            with b24_fresh.one(method.entity) as fresh:
                fresh_facts = replace(facts, existing=fresh)
                case = data.draw(ids(method, facts=fresh_facts, classes=[input_class], encoding=encoding))
                b24_session.probes.send_id(method, case, fresh_facts)

        spent = run_examples(b24_config, st.data(), probe)
    else:
        strategy = ids(method, facts=facts, classes=[input_class], encoding=encoding)
        spent = run_examples(
            b24_config, strategy, lambda case: b24_session.probes.send_id(method, case, facts)
        )
    skip_when_budget_spent(recorder, method, input_class, spent)
