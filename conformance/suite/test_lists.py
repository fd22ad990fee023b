"""Every list method, probed with every list class; then what lists hold: scope, filters, select, pages."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, seed

from conformance.contract import default_contract
from conformance.exchange import Exchange
from conformance.findings import ConformanceFailure, Finding
from conformance.inputs import PAGE_SIZE, ListCase, list_classes_for, list_params
from conformance.ledger import storage_entity
from conformance.session import UNKNOWN_ID, BudgetSpent

from ._shared import parametrize_classes, probe_settings, skip_when_budget_spent

pytestmark = pytest.mark.b24

METHODS = sorted((m for m in default_contract().methods.values() if m.action == "list"), key=lambda m: m.name)
PAGINATED = 51  # one more than a page: the least that shows the page size and a short page after it
MAX_PAGES = 20


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    parametrize_classes(metafunc, "list_class", METHODS, list_classes_for)


def test_list_input_class(b24_session, b24_objects, b24_config, method, encoding, list_class):
    recorder = b24_session.recorder
    skip_when_budget_spent(recorder, method, list_class, recorder.budget_spent)
    spent = []

    @seed(b24_config.seed)
    @probe_settings(b24_config)
    @given(case=list_params(method, classes=[list_class], encoding=encoding))
    def probe(case):
        try:
            exchange = b24_session.probe_list(method, case)
            items = _items(exchange)
            if items is None:
                return
            _check_scope(b24_session, b24_objects, method, exchange, items, case)
            _check_select(b24_session, method, exchange, items, case)
            if "start" in case.params:
                _check_start_ignored(b24_session, method, exchange, items, case)
        except BudgetSpent:
            spent.append(case)

    probe()
    skip_when_budget_spent(recorder, method, list_class, bool(spent))


@pytest.mark.parametrize("method", METHODS, ids=lambda m: m.name)
def test_list_filter_on_id(b24_session, b24_objects, method):
    """A filter on id finds exactly the caller's object, nothing for an unknown id or another's."""
    storage = storage_entity(method.entity)
    own = b24_objects.own.get(storage)
    if b24_session.auth == "webhook" or own is None:
        pytest.skip(b24_objects.missing.get(storage, "no application context: list answers ACCESS_DENIED"))
    foreign = b24_objects.foreign.get(storage)
    wanted = [(own, [own]), (UNKNOWN_ID, [])] + ([(foreign, [])] if foreign is not None else [])
    try:
        for object_id, expected in wanted:
            case = ListCase("list.filter-valid", "json", {"filter": {"id": object_id}})
            exchange = b24_session.probe_list(method, case)
            got = _ids(_items(exchange) or [])
            if got != expected:
                check = "isolation" if object_id == foreign else "lifecycle"
                _fail(
                    b24_session,
                    exchange,
                    case,
                    check,
                    f"a filter on id {object_id} answers other objects",
                    f"ids {expected}",
                    f"ids {got}",
                )
    except BudgetSpent:
        pytest.skip("the request budget was spent")


@pytest.mark.parametrize("method", METHODS, ids=lambda m: m.name)
def test_list_ignores_start(b24_session, b24_objects, method):
    """start is no offset: a call with it lists what the same call without it lists."""
    storage = storage_entity(method.entity)
    if b24_session.auth == "webhook" or storage not in b24_objects.own:
        pytest.skip(b24_objects.missing.get(storage, "no application context: list answers ACCESS_DENIED"))
    try:
        for params in ({"start": PAGE_SIZE}, {"page": 1, "start": 2 * PAGE_SIZE}):
            case = ListCase("list.page", "json", params)
            exchange = b24_session.probe_list(method, case)
            items = _items(exchange)
            if items is not None:
                _check_start_ignored(b24_session, method, exchange, items, case)
    except BudgetSpent:
        pytest.skip("the request budget was spent")


def test_list_pages(b24_session, b24_config):
    """51 more connectors: full pages of 50, each object once, then a short page that ends the list."""
    if b24_session.portal is None and b24_config.profile.name != "deep":
        pytest.skip("making 51 connectors is for the mock or the deep profile")
    if b24_session.auth == "webhook" or b24_config.read_only:
        pytest.skip("pagination needs objects of the caller's own, made by the run")
    method = default_contract().method("biconnector.connector.list")
    made: list[int] = []
    try:
        for _ in range(PAGINATED):
            made.append(b24_session.create("connector", b24_session.connector_fields()))
        pages: list[tuple[Exchange, ListCase, list[int]]] = []
        for page in range(1, MAX_PAGES + 1):
            case = ListCase("list.page", "json", {"page": page})
            exchange = b24_session.probe_list(method, case)
            items = _items(exchange) or []
            pages.append((exchange, case, _ids(items)))
            if len(items) < PAGE_SIZE:
                break
        for exchange, case, ids in pages[:-1] if len(pages) > 1 else pages:
            if len(ids) != PAGE_SIZE:
                _fail(
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
            _fail(
                b24_session,
                exchange,
                case,
                "lifecycle",
                "paging does not list every object exactly once",
                f"all {len(made)} new connectors, each once",
                f"missing {missing}, repeated {repeated}",
            )
    except BudgetSpent:
        pytest.skip("the request budget was spent")
    finally:
        for connector in made:
            b24_session.discard("connector", connector)


# semantic checks ---------------------------------------------------------------------------


def _items(exchange: Exchange) -> list[dict[str, Any]] | None:
    body = exchange.response.json if exchange.response.is_json else None
    result = body.get("result") if isinstance(body, dict) and "error" not in body else None
    if not isinstance(result, list):
        return None
    return [item for item in result if isinstance(item, dict)]


def _ids(items: list[dict[str, Any]]) -> list[int]:
    return [item["id"] for item in items if isinstance(item.get("id"), int)]


def _check_scope(session, objects, method, exchange, items, case) -> None:
    storage = storage_entity(method.entity)
    foreign = objects.foreign.get(storage)
    if foreign is not None and foreign in _ids(items):
        _fail(
            session,
            exchange,
            case,
            "isolation",
            "list shows another application's object",
            "only the caller's objects",
            f"id {foreign}, made by the second application",
        )


def _check_select(session, method, exchange, items, case: ListCase) -> None:
    selected = case.selected
    if selected is None:
        return
    # With an explicit select, source, table and dataset dates arrive as {} (FACTS 0.8): the result
    # schema allows it, so only the keys are checked here.
    extra = sorted({key for item in items for key in item} - set(selected))
    if extra:
        _fail(
            session,
            exchange,
            case,
            "lifecycle",
            "list answers fields the select did not name",
            f"only {sorted(selected)}",
            f"also {extra}",
        )


def _check_start_ignored(session, method, exchange, items, case: ListCase) -> None:
    params = {key: value for key, value in case.params.items() if key != "start"}
    plain = session.probe_list(method, ListCase(case.input_class, case.encoding, params))
    if _ids(_items(plain) or []) != _ids(items):
        _fail(
            session,
            exchange,
            case,
            "lifecycle",
            "start changes the page; the module ignores it",
            f"the ids of {params or 'page 1'} without start: {_ids(_items(plain) or [])}",
            f"with start={case.params['start']}: {_ids(items)}",
        )


def _fail(
    session, exchange: Exchange, case: ListCase, check: str, message: str, expected: str, observed: str
) -> None:
    finding = Finding(
        check=check,
        severity="fail",
        method=exchange.request.method,
        message=message,
        expected=expected,
        observed=observed,
        input_class=case.input_class,
        reproduce=exchange.reproduce,
    )
    session.recorder.record(exchange.request.method, case.input_class, None, [finding])
    raise ConformanceFailure([finding])
