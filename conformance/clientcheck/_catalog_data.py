"""Scenarios about data: lists without a total, big ids, non-ASCII text, requests that keep the contract."""

from __future__ import annotations

from typing import Any

from ..contract import default_contract
from ..mock import TOKEN_METHOD, RecordedRequest, start_ids_at
from ._samples import ADD, GET, LIST, PAGE, connector
from ._scenario import Setting, Stage, dumps, scenario

LISTED = 120
BIG_ID = 2**31 + 5
TEXT = "Отчёт «продажи» — 日本語 ☃ 📊 ü"


def _listed(setting: Setting, *, objects: int = LISTED) -> set[int]:
    """Make `objects` connectors (pages of 50 to follow); their ids."""
    if isinstance(objects, bool) or not isinstance(objects, int) or not 0 <= objects <= 10_000:
        raise ValueError(f"Expected objects as a whole number from 0 to 10000, got {objects!r}")
    return {setting.seed(ADD, {"fields": connector(f"listed {n}")})["id"] for n in range(objects)}


@scenario(
    "list-all",
    f"list_all over {LISTED} objects returns all {LISTED}: pages followed without a total, "
    "stopping at the end.",
    setup=_listed,
)
def list_all(stage: Stage) -> None:
    made = stage.prepared
    listed = len(made)
    outcome = stage.run("list_all", LIST, {"select": ["id", "title"]})
    sent = stage.calls(LIST)
    if not outcome.ok or not isinstance(outcome.value, list):
        stage.fail(f"expected a list of {listed} items", client=outcome, traffic=sent)
        return
    ids = [item.get("id") for item in outcome.value if isinstance(item, dict)]
    if len(ids) != listed or set(ids) != made:
        stage.fail(
            f"expected the {listed} connectors once each, got {len(ids)} items "
            f"({len(set(ids) & made)} of them)",
            client=f"returned {len(outcome.value)} items",
            traffic=sent,
        )
    pages = [_page(r.params) for r in sent]
    if len(sent) > listed // PAGE + 2 or len(set(pages)) != len(pages):
        stage.fail(
            f"expected each page asked once and no more than {listed // PAGE + 2} requests", traffic=sent
        )


def _page(params: dict[str, Any]) -> Any:
    return str(params.get("page", "1"))


def _big_ids(setting: Setting, *, first_id: int = BIG_ID) -> int:
    """Make the next connector's id first_id (beyond 2^31 by default)."""
    if isinstance(first_id, bool) or not isinstance(first_id, int) or first_id < 1:
        raise ValueError(f"Expected first_id as a positive whole number, got {first_id!r}")
    start_ids_at(setting.portal, "connector", first_id)
    return first_id


@scenario(
    "big-ids",
    "Ids beyond 2^31 round-trip: the id an add returns is the portal's, and get sends it back unchanged.",
    setup=_big_ids,
)
def big_ids(stage: Stage) -> None:
    added = stage.run("call", ADD, {"fields": connector("big id")})
    if not added.ok or _id_of(added.value) != BIG_ID:
        stage.fail(f"expected {{'id': {BIG_ID}}}", client=added, traffic=stage.calls(ADD))
        return
    got = stage.run("call", GET, {"id": _id_of(added.value)})
    item = got.value.get("item") if got.ok and isinstance(got.value, dict) else None
    if not isinstance(item, dict) or item.get("id") != BIG_ID:
        stage.fail(f"expected the item with id {BIG_ID}", client=got, traffic=stage.calls(GET))
    sent = [str(r.params.get("id")) for r in stage.calls(GET)]
    if sent != [str(BIG_ID)]:
        stage.fail(f"expected one get with id {BIG_ID}", traffic=stage.calls(GET))


def _id_of(value: Any) -> Any:
    return value.get("id") if isinstance(value, dict) else value


@scenario(
    "unicode-text",
    "Non-ASCII text (Cyrillic, CJK, emoji) round-trips: sent as given and read back equal.",
)
def unicode_text(stage: Stage) -> None:
    added = stage.run("call", ADD, {"fields": {**connector(TEXT), "description": TEXT[::-1]}})
    sent = stage.calls(ADD)
    fields = sent[0].params.get("fields") if sent else None
    if not isinstance(fields, dict) or fields.get("title") != TEXT:
        shown = fields.get("title") if isinstance(fields, dict) else fields
        stage.fail(f"expected the title sent as {TEXT!r}", client=added, traffic=f"the portal read {shown!r}")
    if not added.ok:
        stage.fail("expected the add to succeed", client=added, traffic=sent)
        return
    got = stage.run("call", GET, {"id": _id_of(added.value)})
    item = got.value.get("item") if got.ok and isinstance(got.value, dict) else {}
    if not isinstance(item, dict) or (item.get("title"), item.get("description")) != (TEXT, TEXT[::-1]):
        stage.fail(
            f"expected title {TEXT!r} and the description read back equal",
            client=got,
            traffic=stage.calls(GET),
        )


@scenario(
    "request-contract",
    "Every request keeps the contract: the method exists, every parameter is known, "
    "and types follow the schema.",
)
def request_contract(stage: Stage) -> None:
    added = stage.run("call", ADD, {"fields": connector("contract")})
    found = _id_of(added.value) if added.ok else 1
    stage.run("call", GET, {"id": found})
    stage.run("call", "biconnector.connector.update", {"id": found, "fields": {"title": "contract 2"}})
    stage.run("call", LIST, {"select": ["id", "title"], "filter": {">id": 0}, "order": {"id": "DESC"}})
    stage.run("list_all", LIST, {"select": ["id"]})
    stage.run("call", "biconnector.connector.delete", {"id": found})
    for request, what in contract_breaks(stage.traffic):
        stage.fail(what, client=dumps(request.params)[:200], traffic=[request])


def contract_breaks(requests: list[RecordedRequest]) -> list[tuple[RecordedRequest, str]]:
    """Each recorded request that breaks the contract, with how: unknown method, unknown params, types.

    Types are checked for JSON bodies only: a query string or a form carries every value as text.
    """
    contract = default_contract()
    found = []
    for request in requests:
        if request.method in (TOKEN_METHOD, "batch"):
            continue
        method = contract.methods.get(request.method)
        if method is None:
            found.append((request, f"{request.method}: expected a method of the contract"))
            continue
        unknown = sorted(set(request.params) - set(method.param_names))
        if unknown:
            found.append(
                (request, f"{request.method}: expected only known parameters, got {', '.join(unknown)}")
            )
        errors = method.params_errors(request.params) if request.json_body else []
        if errors:
            found.append((request, f"{request.method}: expected params per the schema, got {errors[0]}"))
    return found
