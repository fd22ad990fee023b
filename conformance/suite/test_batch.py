"""With --batch: the id, list and fields probes a query string can carry, as commands of batch calls.

Collected only when the run has --batch; the grids of test_ids, test_lists and test_fields then leave
these classes out (see _batched.py). One test per method: each Hypothesis example draws one case per
class and sends them in one batch call, so a failure shrinks the whole batch, one request per step.
"""

from __future__ import annotations

import pytest
from hypothesis import strategies as st

from conformance.contract import default_contract
from conformance.inputs import field_payloads, ids, list_params

from ._batched import BATCH_ENCODING, batched_field_classes, batched_id_classes, batched_list_classes
from ._fields_setup import facts_for_example, fields_target, skip_unless_fields_probe_can_run
from ._list_checks import check_list_answer
from ._shared import run_examples, skip_classes, skip_when_budget_spent, skip_writes_when_read_only

pytestmark = pytest.mark.b24

CONTRACT = default_contract()
ID_METHODS = [method for method in CONTRACT.id_methods() if batched_id_classes(method)]
LIST_METHODS = CONTRACT.list_methods()
FIELDS_METHODS = sorted(
    (m for m in CONTRACT.methods.values() if m.fields and batched_field_classes(m)), key=lambda m: m.name
)


@pytest.mark.parametrize("method", ID_METHODS, ids=lambda method: method.name)
def test_id_classes_in_batches(b24_session, b24_objects, b24_config, method):
    recorder = b24_session.recorder
    classes = list(batched_id_classes(method))
    facts = b24_session.id_facts(method, b24_objects)
    if isinstance(facts, str):
        skip_classes(recorder, method, classes, facts)
    skip_when_budget_spent(recorder, method, classes, recorder.budget_spent)
    skip_writes_when_read_only(b24_config, recorder, method, classes)
    if facts.foreign is None:
        classes.remove("id.foreign")
        reason = b24_objects.foreign_missing.get(method.entity, "no second application")
        recorder.not_covered(method.name, "id.foreign", reason)
    strategy = st.tuples(
        *(ids(method, facts=facts, classes=[name], encoding=BATCH_ENCODING) for name in classes)
    )
    spent = run_examples(b24_config, strategy, lambda cases: b24_session.batch.send_ids(method, cases, facts))
    skip_when_budget_spent(recorder, method, classes, spent)


@pytest.mark.parametrize("method", LIST_METHODS, ids=lambda method: method.name)
def test_list_classes_in_batches(b24_session, b24_objects, b24_config, method):
    recorder = b24_session.recorder
    classes = batched_list_classes(method)
    skip_when_budget_spent(recorder, method, classes, recorder.budget_spent)

    def probe(cases):
        answers = b24_session.batch.send_lists(method, cases)
        for case, answer in zip(cases, answers, strict=True):
            if answer is not None:
                check_list_answer(b24_session, b24_objects, method, answer, case)

    strategy = st.tuples(*(list_params(method, classes=[name], encoding=BATCH_ENCODING) for name in classes))
    skip_when_budget_spent(recorder, method, classes, run_examples(b24_config, strategy, probe))


@pytest.mark.parametrize("method", FIELDS_METHODS, ids=lambda method: method.name)
def test_fields_classes_in_batches(b24_session, b24_objects, b24_config, method):
    classes = batched_field_classes(method)
    skip_unless_fields_probe_can_run(b24_session, b24_objects, b24_config, method, classes)
    with fields_target(b24_session, b24_objects, method, classes) as facts:

        def probe(data):
            # fields.update: one fresh table for the batch, which changes nothing on it; a payload that
            # may change it is drawn again for a table of its own
            with facts_for_example(b24_session, b24_objects, method, facts) as example_facts:
                cases = data.draw(_payloads(method, example_facts, classes))
                alone = (
                    (lambda case: _on_a_fresh_table(b24_session, b24_objects, method, data, facts, case))
                    if method.action == "fields.update"
                    else None
                )
                b24_session.batch.send_fields(method, cases, example_facts, send_alone=alone)

        spent = run_examples(b24_config, st.data(), probe)
    skip_when_budget_spent(b24_session.recorder, method, classes, spent)


def _payloads(method, facts, classes):
    """One fields payload of each class, query-encoded."""
    return st.tuples(
        *(field_payloads(method, facts=facts, classes=[name], encoding=BATCH_ENCODING) for name in classes)
    )


def _on_a_fresh_table(b24_session, b24_objects, method, data, facts, case) -> None:
    """Probe case's class on a table of its own: a payload that may change a table changes only that one."""
    with facts_for_example(b24_session, b24_objects, method, facts) as own_facts:
        [again] = data.draw(_payloads(method, own_facts, [case.input_class]))
        b24_session.probes.send_fields(method, again, own_facts)
