"""With --batch: the id, list and fields probes a query string can carry, as commands of batch calls.

Collected only when the run has --batch; the grids of test_ids, test_lists and test_fields then leave
these classes out (see _batched.py). One test per method and kind of probe, as before, but the commands
of all of them travel together: the first of these tests to run has the packer (_packing.py) draw every
selected test's cases and send them packed, 50 commands to a batch call whatever their method; each test
then raises its own findings. A failure is shrunk on the one-method path, where each Hypothesis example
is one batch call of that method. fields.update payloads share a fresh table, but for those that may
change it, each drawn again for a table of its own.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

import pytest
from hypothesis import strategies as st

from conformance.client import fits_in_batch
from conformance.contract import default_contract
from conformance.engine import BatchCommand
from conformance.findings import ConformanceFailure
from conformance.inputs import FieldsFacts, field_payloads, ids, list_params
from conformance.oracle import expect_fields, expect_id, expect_list

from ._batched import (
    BATCH_ENCODING,
    batched_field_classes,
    batched_id_classes,
    batched_list_classes,
    fresh_classes,
)
from ._fields_setup import facts_for_example, fields_target, skip_unless_fields_probe_can_run
from ._fresh import FreshObjects
from ._list_checks import check_list_answer, without_start
from ._packing import Drawn, Packer, draw_examples, packs
from ._shared import run_examples, skip_classes, skip_when_budget_spent, skip_writes_when_read_only

pytestmark = pytest.mark.b24

CONTRACT = default_contract()
ID_METHODS = [method for method in CONTRACT.id_methods() if batched_id_classes(method)]
LIST_METHODS = CONTRACT.list_methods()
FIELDS_METHODS = sorted(
    (m for m in CONTRACT.methods.values() if m.fields and batched_field_classes(m)), key=lambda m: m.name
)


@pytest.fixture(scope="session")
def b24_packer(request, b24_session, b24_objects, b24_config, b24_fresh) -> Packer:
    """The run's packed batch calls: made on first use, for every batched test the run selected."""
    packer = Packer(b24_session, b24_config)
    here = sys.modules[__name__]
    plans = []
    planning = Planning(b24_fresh)
    for item in request.session.items if packs(request.config) else ():
        planner = PLANNERS.get(getattr(item, "originalname", ""))
        if planner is None or getattr(item, "module", None) is not here:
            continue
        method = item.callspec.params["method"]
        plan = planner(b24_session, b24_objects, b24_config, method, planning)
        plans.append(((item.originalname, method.name), plan))
    packer.pack(plans)
    return packer


@dataclass
class Planning:
    """What the plans of one packing share: the fresh objects, and the titles packed payloads may take."""

    fresh: FreshObjects
    # (entity family, title) of the packed payloads that may make or rename an object. Those go after
    # every payload expected refused (send_packed's order), so only they can meet a title taken by
    # another command of the same calls; of two with one title the second goes alone, after the packed
    # calls (table names are unique on a portal).
    taken: set[tuple[str, str]] = field(default_factory=set)
    _tags: Iterator[int] = field(default_factory=itertools.count)

    def tagged(self, facts: FieldsFacts) -> FieldsFacts:
        """facts whose titles start with a prefix of their own: the run's prefix and a number no other
        class of the packing has, so that payloads drawn alike still take titles of their own."""
        if not facts.title_prefix:
            return facts
        return replace(facts, title_prefix=f"{facts.title_prefix}{next(self._tags)}-")

    def claim(self, method, params: dict) -> bool:
        """Whether a payload that may succeed can travel packed: its title (if any) is not taken yet."""
        family = CONTRACT.entity(method.storage)
        fields = params.get("fields")
        title = fields.get(family.title_field) if isinstance(fields, dict) else None
        if not isinstance(title, str):
            return True
        if (family.name, title) in self.taken:
            return False
        self.taken.add((family.name, title))
        return True


# ids


def _id_setup(b24_session, b24_objects, b24_config, method):
    """The id classes method's batched test sends and the ids they use; skips when it cannot run."""
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
    return classes, facts


def _id_commands(b24_session, b24_fresh, method, facts, classes):
    """A strategy of one example's commands: a case of each class, those of fresh_classes(method) each
    aimed at an object of its own (a value that resolves to it deletes it)."""
    fresh = set(fresh_classes(method))

    @st.composite
    def commands(draw):
        drawn = []
        for name in classes:
            own = replace(facts, existing=b24_fresh.take(method.entity)) if name in fresh else facts
            case = draw(ids(method, facts=own, classes=[name], encoding=BATCH_ENCODING))
            expectation = expect_id(method, case, own, auth=b24_session.auth)
            drawn.append(BatchCommand(method, case, expectation, b24_session.probes.id_params(method, case)))
        return drawn

    return commands()


def _id_plan(b24_session, b24_objects, b24_config, method, planning):
    def plan(stack):
        classes, facts = _id_setup(b24_session, b24_objects, b24_config, method)
        strategy = _id_commands(b24_session, planning.fresh, method, facts, classes)
        return Drawn([command for commands in draw_examples(b24_config, strategy) for command in commands])

    return plan


@pytest.mark.parametrize("method", ID_METHODS, ids=lambda method: method.name)
def test_id_classes_in_batches(b24_packer, b24_session, b24_objects, b24_config, b24_fresh, method):
    classes, facts = _id_setup(b24_session, b24_objects, b24_config, method)

    def one_method():
        def probe(commands):
            batch = b24_session.batch
            batch.judge(commands, batch.send_packed(commands))

        strategy = _id_commands(b24_session, b24_fresh, method, facts, classes)
        return run_examples(b24_config, strategy, probe)

    spent = b24_packer.verdict(("test_id_classes_in_batches", method.name), one_method=one_method)
    skip_when_budget_spent(b24_session.recorder, method, classes, spent)


# lists


def _list_strategy(method, classes):
    return st.tuples(*(list_params(method, classes=[name], encoding=BATCH_ENCODING) for name in classes))


def _list_setup(b24_session, method):
    classes = batched_list_classes(method)
    skip_when_budget_spent(b24_session.recorder, method, classes, b24_session.recorder.budget_spent)
    return classes


def _list_plan(b24_session, b24_objects, b24_config, method, planning):
    def plan(stack):
        classes = _list_setup(b24_session, method)
        auth = b24_session.auth
        commands, references = [], {}
        for cases in draw_examples(b24_config, _list_strategy(method, classes)):
            for case in cases:
                commands.append(BatchCommand(method, case, expect_list(method, case, auth=auth), case.params))
                if "start" in case.params:
                    # what start is held to: the same call without it, in the same calls (later commands
                    # of the packed calls may delete objects the list shows)
                    plain = replace(without_start(case), encoding=BATCH_ENCODING)
                    references[len(commands) - 1] = len(commands)
                    commands.append(
                        BatchCommand(method, plain, expect_list(method, plain, auth=auth), plain.params)
                    )

        def check_answers(commands, answers):
            for index, (command, answer) in enumerate(zip(commands, answers, strict=True)):
                if answer is not None and index not in references.values():
                    plain = answers[references[index]] if index in references else None
                    check_list_answer(b24_session, b24_objects, method, answer, command.case, plain=plain)

        return Drawn(commands, check_answers=check_answers)

    return plan


@pytest.mark.parametrize("method", LIST_METHODS, ids=lambda method: method.name)
def test_list_classes_in_batches(b24_packer, b24_session, b24_objects, b24_config, method):
    classes = _list_setup(b24_session, method)

    def one_method():
        def probe(cases):
            answers = b24_session.batch.send_lists(method, cases)
            _check_list_answers(b24_session, b24_objects, method, cases, answers)

        return run_examples(b24_config, _list_strategy(method, classes), probe)

    spent = b24_packer.verdict(("test_list_classes_in_batches", method.name), one_method=one_method)
    skip_when_budget_spent(b24_session.recorder, method, classes, spent)


def _check_list_answers(b24_session, b24_objects, method, cases, answers) -> None:
    """The list checks beyond the oracle (scope, select, start) on each answer that came."""
    for case, answer in zip(cases, answers, strict=True):
        if answer is not None:
            check_list_answer(b24_session, b24_objects, method, answer, case)


# fields


def _fields_plan(b24_session, b24_objects, b24_config, method, planning):
    def plan(stack):
        classes = batched_field_classes(method)
        skip_unless_fields_probe_can_run(b24_session, b24_objects, b24_config, method, classes)
        facts = stack.enter_context(fields_target(b24_session, b24_objects, planning.fresh, method, classes))
        # fields.update: the payloads expected refused share one fresh table
        shared = stack.enter_context(facts_for_example(b24_session, planning.fresh, method, facts))
        # one strategy per class, each under a title prefix of its own
        strategy = st.tuples(*(_payloads(method, planning.tagged(shared), [name]) for name in classes))
        cases = [case for example in draw_examples(b24_config, strategy) for [case] in example]
        commands, rest = [], []
        for case in cases:
            target = shared
            expectation = expect_fields(method, case, target, auth=b24_session.auth)
            if method.action == "fields.update" and expectation.may_succeed:
                # a payload that may change its table is drawn again for a table of its own
                target = stack.enter_context(facts_for_example(b24_session, planning.fresh, method, facts))
                again = _payloads(method, planning.tagged(target), [case.input_class])
                [[case], *_] = draw_examples(b24_config, again)
                expectation = expect_fields(method, case, target, auth=b24_session.auth)
            # an add that may make an object is in the ledger before its batch goes out, and deleted
            # right after the packed calls; an update changes only the object made for this method
            if fits_in_batch(case.params) and (
                not expectation.may_succeed or planning.claim(method, case.params)
            ):
                commands.append(BatchCommand(method, case, expectation, case.params))
            else:
                rest.append((case, target))

        def alone():
            # payloads with a title a packed payload took: one call each
            findings = []
            for case, target in rest:
                try:
                    b24_session.probes.send_fields(method, case, target)
                except ConformanceFailure as failure:
                    findings += failure.findings
            ConformanceFailure.raise_for(findings)

        return Drawn(commands, alone=alone if rest else None)

    return plan


@pytest.mark.parametrize("method", FIELDS_METHODS, ids=lambda method: method.name)
def test_fields_classes_in_batches(b24_packer, b24_session, b24_objects, b24_config, b24_fresh, method):
    classes = batched_field_classes(method)
    skip_unless_fields_probe_can_run(b24_session, b24_objects, b24_config, method, classes)

    def one_method_path():
        with fields_target(b24_session, b24_objects, b24_fresh, method, classes) as facts:

            def probe(data):
                # fields.update: one fresh table for the batch, which changes nothing on it; a payload that
                # may change it is drawn again for a table of its own
                with facts_for_example(b24_session, b24_fresh, method, facts) as example_facts:
                    cases = data.draw(_payloads(method, example_facts, classes))
                    alone = (
                        (lambda case: _on_a_fresh_table(b24_session, b24_fresh, method, data, facts, case))
                        if method.action == "fields.update"
                        else None
                    )
                    b24_session.batch.send_fields(method, cases, example_facts, send_alone=alone)

            return run_examples(b24_config, st.data(), probe)

    spent = b24_packer.verdict(("test_fields_classes_in_batches", method.name), one_method=one_method_path)
    skip_when_budget_spent(b24_session.recorder, method, classes, spent)


def _payloads(method, facts, classes):
    """One fields payload of each class, query-encoded."""
    return st.tuples(
        *(field_payloads(method, facts=facts, classes=[name], encoding=BATCH_ENCODING) for name in classes)
    )


def _on_a_fresh_table(b24_session, b24_fresh, method, data, facts, case) -> None:
    """Probe case's class on a table of its own: a payload that may change a table changes only that one."""
    with facts_for_example(b24_session, b24_fresh, method, facts) as own_facts:
        [again] = data.draw(_payloads(method, own_facts, [case.input_class]))
        b24_session.probes.send_fields(method, again, own_facts)


# test name -> the plan of one method's packed commands
PLANNERS = {
    "test_id_classes_in_batches": _id_plan,
    "test_list_classes_in_batches": _list_plan,
    "test_fields_classes_in_batches": _fields_plan,
}
