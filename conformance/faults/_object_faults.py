"""Faults of the objects themselves: result shapes, application isolation, lifecycle, list paging."""

from __future__ import annotations

import copy
from typing import Any

from ..mock import MockPortal
from ._fault import (
    Fault,
    error_code,
    is_success,
    method_error,
    module_text,
    needs_portal,
    on_answer,
    on_json,
    on_request,
)
from ._params import MISSING
from ._wsgi import Answer, FaultRequest, Forward

PAGE_SIZE = 50
_DATES = ("dateCreate", "dateUpdate")
_LIST_PROBES = "list probes over objects the suite made"
_PAGING = "list pagination probes (more than 50 objects)"
# What a replacing update resets: every optional field the caller left out, to its empty value.
_RESET = {"connector": {"description": "", "sort": 100}, "source": {"description": ""}}


def _get_item(request: FaultRequest, body: Any) -> dict[str, Any] | None:
    """The item of a successful get answer (the connection row for a source)."""
    if request.action != "get" or not isinstance(body, dict):
        return None
    item = body.get("result", {}).get("item") if isinstance(body.get("result"), dict) else None
    if not isinstance(item, dict):
        return None
    return item["connection"] if isinstance(item.get("connection"), dict) else item


def _on_item(edit: Any) -> Any:
    def change(request: FaultRequest, body: Any) -> Any:
        item = _get_item(request, body)
        if item is None:
            return None
        edit(body["result"]["item"], item)
        return body

    return change


def _string_id(whole: dict[str, Any], row: dict[str, Any]) -> None:
    row["id"] = str(row["id"])


def _drop_required(whole: dict[str, Any], row: dict[str, Any]) -> None:
    whole.pop("connectorId" if "connection" in whole else "urlCheck", None)


def _dates_with_zone(whole: dict[str, Any], row: dict[str, Any]) -> None:
    for name in _DATES:
        if isinstance(row.get(name), str):
            row[name] = row[name].replace(" ", "T") + "+03:00"


def _null_setting_values(whole: dict[str, Any], row: dict[str, Any]) -> None:
    for setting in whole.get("settings") or []:
        if isinstance(setting, dict) and "value" in setting:
            setting["value"] = None


def _unwrapped(request: FaultRequest, body: Any) -> Any:
    if _get_item(request, body) is None:
        return None
    body["result"] = body["result"]["item"]
    return body


def _list_string_ids(request: FaultRequest, body: Any) -> Any:
    rows = body.get("result") if request.action == "list" and isinstance(body, dict) else None
    if not isinstance(rows, list) or not rows:
        return None
    for row in rows:
        if isinstance(row, dict) and isinstance(row.get("id"), int):
            row["id"] = str(row["id"])
    return body


# ---- isolation ------------------------------------------------------------------------------


def _others(portal: MockPortal, request: FaultRequest) -> list[str]:
    token = request.token()
    tokens = [application.access_token for application in portal.applications]
    return [other for other in tokens if other != token] if token in tokens else []


def _not_isolated(portal: MockPortal | None) -> Any:
    portal = needs_portal(portal, "no-app-isolation")

    def behaviour(request: FaultRequest, forward: Forward) -> Answer:
        answer = forward(request)
        if request.action == "list" and is_success(answer) and isinstance(answer.json["result"], list):
            rows = list(answer.json["result"])
            for token in _others(portal, request):
                other = forward(request.with_token(token))
                if is_success(other) and isinstance(other.json["result"], list):
                    rows += other.json["result"]
            return answer.with_json({**answer.json, "result": rows[:PAGE_SIZE]})
        # Reads only: a write under another application's token would change what that one owns.
        if request.action != "get" or not (error_code(answer) or "").endswith("_NOT_FOUND"):
            return answer
        for token in _others(portal, request):
            other = forward(request.with_token(token))
            if is_success(other):
                return other
        return answer

    return behaviour


def _foreign_denied(portal: MockPortal | None) -> Any:
    portal = needs_portal(portal, "foreign-access-denied")
    text = module_text("ACCESS_DENIED")

    def behaviour(request: FaultRequest, forward: Forward) -> Answer:
        answer = forward(request)
        entity = request.method.rpartition(".")[0]
        if not entity or not (error_code(answer) or "").endswith("_NOT_FOUND"):
            return answer
        # Whether the object exists for another application is asked with get, which changes nothing.
        lookup = request.renamed(f"{entity}.get")
        for token in _others(portal, request):
            if is_success(forward(lookup.with_token(token))):
                body = copy.deepcopy(answer.json)
                method_error(body).update(error="ACCESS_DENIED", error_description=text)
                return answer.with_json(body)
        return answer

    return behaviour


def _access_denied_root_403(request: FaultRequest, answer: Answer) -> Answer | None:
    if error_code(answer) != "ACCESS_DENIED" or answer.status != 200:
        return None
    error = method_error(answer.json)
    return answer.with_json(
        {"error": "ACCESS_DENIED", "error_description": error["error_description"]}, status=403
    )


# ---- lifecycle and lists --------------------------------------------------------------------


def _delete_keeps(portal: MockPortal | None) -> Any:
    def behaviour(request: FaultRequest, forward: Forward) -> Answer:
        if request.action != "delete":
            return forward(request)
        # Answer as the delete would, from a get of the same id, and keep the object.
        looked_up = forward(request.renamed(request.method.rpartition(".")[0] + ".get"))
        if not is_success(looked_up):
            return looked_up
        return looked_up.with_json({**looked_up.json, "result": True})

    return behaviour


def _short_pages(request: FaultRequest, body: Any) -> Any:
    rows = body.get("result") if request.action == "list" and isinstance(body, dict) else None
    if not isinstance(rows, list) or len(rows) < PAGE_SIZE:
        return None
    body["result"] = rows[: PAGE_SIZE - 1]
    return body


def _filter_crosses_applications(portal: MockPortal | None) -> Any:
    portal = needs_portal(portal, "list-filter-crosses-applications")

    def behaviour(request: FaultRequest, forward: Forward) -> Answer:
        answer = forward(request)
        if request.action != "list" or not request.has("filter") or not is_success(answer):
            return answer
        if answer.json.get("result") != []:
            return answer
        # A filter that finds nothing of the caller's is run over every application's objects instead.
        for token in _others(portal, request):
            other = forward(request.with_token(token))
            rows = other.json.get("result") if is_success(other) else None
            if rows:
                return answer.with_json({**answer.json, "result": rows})
        return answer

    return behaviour


def _ignore_filter(request: FaultRequest) -> None:
    if request.action == "list":
        request.remove("filter")


def _honour_start(request: FaultRequest) -> None:
    start = request.get("start") if request.action == "list" else MISSING
    if start is MISSING or request.has("page"):
        return
    try:
        offset = int(str(start).strip())
    except ValueError:
        return
    if offset > 0:
        request.set("page", offset // PAGE_SIZE + 1)


def _replace_on_update(request: FaultRequest) -> None:
    entity = request.method.split(".")[1] if request.method.count(".") >= 2 else ""
    fields = request.get("fields")
    if request.action != "update" or entity not in _RESET or not isinstance(fields, dict):
        return
    request.set("fields", {**_RESET[entity], **fields})


OBJECT_FAULTS = (
    Fault(
        "string-id-in-get",
        'get answers the object id as a JSON string ("5") instead of an integer',
        "result-schema",
        None,
        on_json(_on_item(_string_id)),
    ),
    Fault(
        "missing-required-field",
        "get answers lack a required field (connector urlCheck, source connectorId)",
        "result-schema",
        None,
        on_json(_on_item(_drop_required)),
    ),
    Fault(
        "dates-with-time-zone",
        "object dates as ISO 8601 with an offset instead of Y-m-d H:i:s",
        "result-schema",
        None,
        on_json(_on_item(_dates_with_zone)),
    ),
    Fault(
        "null-setting-values",
        "source settings come back with value null",
        "result-schema",
        None,
        on_json(_on_item(_null_setting_values)),
    ),
    Fault(
        "get-item-unwrapped",
        "get answers the object itself as result, without the item wrapper",
        "result-schema",
        None,
        on_json(_unwrapped),
    ),
    Fault(
        "list-string-ids",
        'list items carry their id as a JSON string ("5")',
        "result-schema",
        _LIST_PROBES,
        on_json(_list_string_ids),
    ),
    Fault(
        "no-app-isolation",
        "another application's objects are found by get and shown by list",
        "error-code",
        None,
        _not_isolated,
    ),
    Fault(
        "foreign-access-denied",
        "another application's object answers ACCESS_DENIED instead of *_NOT_FOUND",
        "error-code",
        None,
        _foreign_denied,
    ),
    Fault(
        "access-denied-root-403",
        "ACCESS_DENIED (no application context) at the root with HTTP 403 instead of nested with 200",
        "error-placement",
        "a webhook run, and a placement check that reads a biconnector ACCESS_DENIED as the module's",
        on_answer(_access_denied_root_403),
    ),
    Fault(
        "delete-does-not-delete",
        "delete answers true but the object stays",
        "lifecycle",
        "lifecycle probes (delete, then get)",
        _delete_keeps,
    ),
    Fault(
        "list-pages-of-49",
        "list pages hold 49 objects instead of 50",
        "lifecycle",
        _PAGING,
        on_json(_short_pages),
    ),
    Fault(
        "list-honours-start",
        "list honours start as an offset, which the module silently ignores",
        "lifecycle",
        _PAGING,
        on_request(_honour_start),
    ),
    Fault(
        "list-filter-crosses-applications",
        "a list filter that matches nothing of the caller's answers another application's objects",
        "isolation",
        "list filter probes with a second application's objects",
        _filter_crosses_applications,
    ),
    Fault(
        "list-ignores-filter",
        "list ignores its filter and answers every object",
        "lifecycle",
        "list filter probes",
        on_request(_ignore_filter),
    ),
    Fault(
        "update-replaces",
        "update resets the fields it was not given instead of merging",
        "lifecycle",
        "update in the mock and the contract, and update lifecycle probes",
        on_request(_replace_on_update),
    ),
)
