"""Every list method, probed with every list class; then what lists hold: scope, filters, select, pages."""

from __future__ import annotations

from dataclasses import replace

import pytest

from conformance.contract import default_contract
from conformance.engine import UNKNOWN_ID, listed_ids, listed_items
from conformance.exchange import Exchange
from conformance.inputs import PAGE_SIZE, ListCase, list_classes_for, list_params

from ._batched import batched_list_classes
from ._list_checks import (
    check_list_answer,
    check_start_ignored,
    fail_list_check,
    without_start,
)
from ._shared import parametrize_classes, run_examples, skip_when_budget_spent

pytestmark = pytest.mark.b24

METHODS = default_contract().list_methods()
START_PARAMS = ({"start": PAGE_SIZE}, {"page": 1, "start": 2 * PAGE_SIZE})
PAGINATED = 51  # one more than a page: the least that shows the page size and a short page after it
MAX_PAGES = 20


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    parametrize_classes(metafunc, "list_class", METHODS, list_classes_for, batched=batched_list_classes)


def test_list_input_class(b24_session, b24_objects, b24_config, method, encoding, list_class):
    recorder = b24_session.recorder
    skip_when_budget_spent(recorder, method, list_class, recorder.budget_spent)

    def probe(case):
        exchange = b24_session.probes.send_list(method, case)
        check_list_answer(b24_session, b24_objects, method, exchange, case)

    strategy = list_params(method, classes=[list_class], encoding=encoding)
    skip_when_budget_spent(recorder, method, list_class, run_examples(b24_config, strategy, probe))


@pytest.mark.parametrize("method", METHODS, ids=lambda m: m.name)
def test_list_filter_on_id(b24_session, b24_objects, method):
    """A filter on id finds exactly the caller's object, nothing for an unknown id or another's."""
    storage = method.storage
    own = b24_objects.own.get(storage)
    if b24_session.auth == "webhook" or own is None:
        pytest.skip(b24_objects.missing.get(storage, "no application context: list answers ACCESS_DENIED"))
    foreign = b24_objects.foreign.get(storage)
    wanted = [(own, [own]), (UNKNOWN_ID, [])] + ([(foreign, [])] if foreign is not None else [])
    cases = [ListCase("list.filter-valid", "json", {"filter": {"id": object_id}}) for object_id, _ in wanted]
    for (object_id, expected), (case, exchange) in zip(
        wanted, _send(b24_session, method, cases), strict=True
    ):
        if exchange is None:
            continue  # a command its batch left unanswered: the batch check's finding
        got = listed_ids(listed_items(exchange) or [])
        if got != expected:
            check = "isolation" if object_id == foreign else "lifecycle"
            fail_list_check(
                b24_session,
                exchange,
                case,
                check,
                f"a filter on id {object_id} answers other objects",
                f"ids {expected}",
                f"ids {got}",
            )


@pytest.mark.parametrize("method", METHODS, ids=lambda m: m.name)
def test_list_ignores_start(b24_session, b24_objects, method):
    """start is no offset: a call with it lists what the same call without it lists."""
    storage = method.storage
    if b24_session.auth == "webhook" or storage not in b24_objects.own:
        pytest.skip(b24_objects.missing.get(storage, "no application context: list answers ACCESS_DENIED"))
    cases = [ListCase("list.page", "json", params) for params in START_PARAMS]
    references = [without_start(case) for case in cases]
    if _in_batch_calls(b24_session, method):
        # each probe and its reference as the commands of one batch call
        sent = _send(b24_session, method, [*cases, *references])
        probes, plains = sent[: len(cases)], [exchange for _, exchange in sent[len(cases) :]]
    else:
        probes, plains = _send(b24_session, method, cases), [None] * len(cases)
        if b24_session.keeper.batch_calls:
            # the references (not the probes) as the commands of one batch call
            commands = [replace(reference, encoding="query") for reference in references]
            plains = b24_session.batch.send_lists(method, commands)
    for (case, exchange), plain in zip(probes, plains, strict=True):
        items = listed_items(exchange) if exchange is not None else None
        if items is not None:  # a reference left unanswered (None) is sent again on its own
            check_start_ignored(b24_session, method, exchange, items, case, plain)


# Under --batch the list checks above keep direct calls on one method, whose answers show what a batch
# command's cannot (an HTTP status and an envelope of their own); the other methods' calls go as the
# commands of one batch call each, since what a list holds reads the same from either.
DIRECT_UNDER_BATCH = "biconnector.connector.list"


def _in_batch_calls(b24_session, method) -> bool:
    return b24_session.keeper.batch_calls and method.name != DIRECT_UNDER_BATCH


def _send(b24_session, method, cases: list[ListCase]) -> list[tuple[ListCase, Exchange | None]]:
    """Each case as sent, with its answer: one call each, or the commands of one batch call (None for a
    command the batch left unanswered: the batch check reports that)."""
    if not _in_batch_calls(b24_session, method):
        return [(case, b24_session.probes.send_list(method, case)) for case in cases]
    commands = [replace(case, encoding="query") for case in cases]
    return list(zip(commands, b24_session.batch.send_lists(method, commands), strict=True))


def test_list_pages(b24_session, b24_config):
    """51 more connectors: full pages of 50, each object once, then a short page that ends the list."""
    local = b24_session.portal is not None or b24_config.is_loopback  # a mock: objects cost nothing
    if not local and not b24_config.profile.paginates_portals:
        pytest.skip("making 51 connectors is for a mock (in-process or on this machine) or the deep profile")
    if b24_session.auth == "webhook" or b24_config.read_only:
        pytest.skip("pagination needs objects of the caller's own, made by the run")
    method = default_contract().method("biconnector.connector.list")
    made: list[int] = []
    try:
        # with --batch the adds (and the deletes after) are the commands of two batch calls, not 51 each
        made += b24_session.keeper.create_many("connector", PAGINATED, {})
        pages: list[tuple[Exchange, ListCase, list[int]]] = []
        for page in range(1, MAX_PAGES + 1):
            case = ListCase("list.page", "json", {"page": page})
            exchange = b24_session.probes.send_list(method, case)
            items = listed_items(exchange) or []
            pages.append((exchange, case, listed_ids(items)))
            if len(items) < PAGE_SIZE:
                break
        for exchange, case, ids in pages[:-1] if len(pages) > 1 else pages:
            if len(ids) != PAGE_SIZE:
                fail_list_check(
                    b24_session,
                    exchange,
                    case,
                    "lifecycle",
                    "a page before the last is not full",
                    f"{PAGE_SIZE} items: at least {PAGINATED} connectors exist",
                    f"{len(ids)} items",
                )
        seen = [object_id for _, _, ids in pages for object_id in ids]
        missing = sorted(set(made) - set(seen))
        repeated = sorted({object_id for object_id in seen if seen.count(object_id) > 1})
        if missing or repeated:
            exchange, case, _ = pages[-1]
            fail_list_check(
                b24_session,
                exchange,
                case,
                "lifecycle",
                "paging does not list every object exactly once",
                f"all {len(made)} new connectors, each once",
                f"missing {missing}, repeated {repeated}",
            )
    finally:
        b24_session.keeper.discard_many(("connector", connector) for connector in made)
