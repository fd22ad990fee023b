"""What list answers must hold besides their envelope: the caller's objects only, the fields selected,
and the same page whether or not start is sent. Shared by the list grid and its batched form."""

from __future__ import annotations

from conformance.engine import listed_ids, listed_items
from conformance.exchange import Exchange
from conformance.inputs import ListCase


def check_list_answer(
    session, objects, method, exchange: Exchange, case: ListCase, plain: Exchange | None = None
) -> None:
    """Every semantic check that applies to one list answer; raises ConformanceFailure on the first.
    plain is the answer to the same call without start, when one came with it."""
    listed = listed_items(exchange)
    if listed is None:
        return
    check_scope(session, objects, method, exchange, listed, case)
    check_select(session, exchange, listed, case)
    if "start" in case.params:
        check_start_ignored(session, method, exchange, listed, case, plain)


def check_scope(session, objects, method, exchange, items, case) -> None:
    storage = method.storage
    foreign = objects.foreign.get(storage)
    if foreign is not None and foreign in listed_ids(items):
        fail_list_check(
            session,
            exchange,
            case,
            "isolation",
            "list shows another application's object",
            "only the caller's objects",
            f"id {foreign}, made by the second application",
        )


def check_select(session, exchange, items, case: ListCase) -> None:
    selected = case.selected
    if selected is None:
        return
    # With an explicit select, source, table and dataset dates arrive as {} (FACTS 0.8): the result
    # schema allows it, so only the keys are checked here.
    extra = sorted({key for item in items for key in item} - set(selected))
    if extra:
        fail_list_check(
            session,
            exchange,
            case,
            "lifecycle",
            "list answers fields the select did not name",
            f"only {sorted(selected)}",
            f"also {extra}",
        )


def without_start(case: ListCase) -> ListCase:
    """The same list call without its start."""
    params = {key: value for key, value in case.params.items() if key != "start"}
    return ListCase(case.input_class, case.encoding, params)


def check_start_ignored(
    session, method, exchange, items, case: ListCase, plain: Exchange | None = None
) -> None:
    """Fail unless the list with start (exchange, items) lists what the call without it (plain, sent now
    when not given) lists."""
    params = without_start(case).params
    if plain is None:
        plain = session.probes.send_list(method, without_start(case))
    if listed_ids(listed_items(plain) or []) != listed_ids(items):
        fail_list_check(
            session,
            exchange,
            case,
            "lifecycle",
            "start changes the page; the module ignores it",
            f"the ids of {params or 'page 1'} without start: {listed_ids(listed_items(plain) or [])}",
            f"with start={case.params['start']}: {listed_ids(items)}",
        )


def fail_list_check(
    session, exchange: Exchange, case: ListCase, check: str, message: str, expected: str, observed: str
) -> None:
    """Record a fail finding about a list answer and raise it."""
    session.sender.fail(exchange, check, message, expected, observed, case.input_class)
