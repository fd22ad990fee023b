"""What a fields probe needs before it draws: a reason to skip, or the object it updates and the facts
its payloads are drawn from. Shared by the fields grid and its batched form."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from typing import Any

from conformance.engine import TITLE_PREFIX, UNKNOWN_ID, BudgetSpent
from conformance.inputs import FieldsFacts

from ._shared import skip_classes, skip_when_budget_spent, skip_writes_when_read_only


def skip_unless_fields_probe_can_run(session, objects, config, method, classes: Sequence[str]) -> None:
    """Skip (noting classes as not covered) when there is nothing to update, no budget, or no writing."""
    storage = method.storage
    if method.effect == "update" and storage not in objects.own:
        skip_classes(
            session.recorder, method, classes, objects.missing.get(storage, f"no {storage} to update")
        )
    skip_when_budget_spent(session.recorder, method, classes, session.recorder.budget_spent)
    skip_writes_when_read_only(config, session.recorder, method, classes)


@contextmanager
def fields_target(session, objects, fresh, method, classes: Sequence[str]) -> Iterator[Any]:
    """FieldsFacts for method's payloads; an update gets an object of its own (from fresh, the run's
    FreshObjects), deleted afterwards or, when made ahead, by the run's cleanup.

    An update probe changes its object (a connector's urlCheck, say): with one of its own, the objects
    other probes rely on stay as they were made. When making it spends the budget, classes are noted
    as not covered and the test is skipped.
    """
    own = objects.own
    with ExitStack() as stack:
        try:
            target = stack.enter_context(fresh.one(method.storage)) if method.effect == "update" else None
        except BudgetSpent:
            skip_when_budget_spent(session.recorder, method, classes, True)
        yield FieldsFacts(
            existing=target,
            unknown=UNKNOWN_ID,
            connector=own.get("connector"),
            source=own.get("source"),
            title_prefix=f"{TITLE_PREFIX}{session.run_id}-",
            existing_name=session.own_titles.get("table"),
        )


def fresh_table(b24_session, fresh, table: int, facts: FieldsFacts) -> FieldsFacts:
    """fields.update changes its table: each example gets a table of its own, and knows its columns."""
    exchange = fresh.read("table", table)
    body = exchange.response.json if exchange.response.is_json else None
    result = body.get("result") if isinstance(body, dict) else None
    item = result.get("item") if isinstance(result, dict) else None
    columns = tuple(item.get("fields") or ()) if isinstance(item, dict) else ()
    if not columns and b24_session.auth == "webhook":
        # without an application context nothing is made or read: the columns the suite would make
        made = b24_session.keeper.sample("table", facts.source)["fields"]
        columns = tuple({"id": number, **column} for number, column in enumerate(made, 1))
    return replace(facts, existing=table, existing_columns=columns)


@contextmanager
def facts_for_example(b24_session, fresh, method, facts: FieldsFacts) -> Iterator[FieldsFacts]:
    """The facts one Hypothesis example draws from: for fields.update, a fresh table's (see fields_target)."""
    if method.action != "fields.update":
        yield facts
        return
    with fresh.one("table") as table:
        yield fresh_table(b24_session, fresh, table, facts)
