"""The REST methods the mock answers, read from the contract, and the steps every call goes through."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any, Protocol

from ..contract import Contract, FieldDescriptor, default_contract
from ._config import Caller
from ._errors import module_error
from ._listing import list_query, run
from ._validate import add_fields, object_id, update_fields


class Entity(Protocol):
    """What the connector, source and table classes offer the generic steps."""

    entity: str
    unformatted: tuple[str, ...]

    def add(self, caller: Caller, fields: dict[str, Any]) -> int: ...
    def update(self, caller: Caller, object_id: int, fields: dict[str, Any]) -> None: ...
    def item(self, caller: Caller, object_id: int) -> dict[str, Any]: ...
    def rows(self, caller: Caller) -> list[dict[str, Any]]: ...
    def delete(self, caller: Caller, object_id: int) -> None: ...


@dataclass(frozen=True)
class Route:
    """One answered method: what it acts on, whether it needs an application, its id parameter."""

    name: str
    entity: str
    action: str
    app_context: bool
    id_param: str | None
    fields: tuple[FieldDescriptor, ...]  # the entity's field schema, in validation order
    titles: frozenset[str]  # the titles of fields: what select, filter, order and fields may name


def routes(contract: Contract) -> dict[str, Route]:
    """Every method of the contract, with its entity's field schema (what its add method takes)."""
    table: dict[str, Route] = {}
    for method in contract.methods.values():
        descriptors = contract.method(f"biconnector.{method.entity}.add").fields
        titles = frozenset(descriptor.title for descriptor in descriptors)
        table[method.name] = Route(
            method.name,
            method.entity,
            method.action,
            method.app_context,
            method.id_param,
            descriptors,
            titles,
        )
    return table


@cache
def default_routes() -> Mapping[str, Route]:
    """routes() of the bundled contract, built once per process (read-only: every portal shares it)."""
    return MappingProxyType(routes(default_contract()))


def call(route: Route, entity: Entity, caller: Caller, params: dict[str, Any]) -> Any:
    """Run one method in the module's order: app context, then id, then fields, then the entity.

    *.fields answers a static schema and needs no application (the permission check only).
    """
    if route.app_context and caller.application is None:
        raise module_error("ACCESS_DENIED")
    if route.action == "fields":
        return {"fields": [descriptor.as_json() for descriptor in route.fields]}
    if route.action == "add":
        return {"id": entity.add(caller, add_fields(params, route.fields, route.titles))}
    if route.action == "list":
        query = list_query(params, route.titles)
        return run(query, entity.rows(caller), unformatted=entity.unformatted)
    if route.id_param is None:
        raise RuntimeError(f"Expected an idParam in the contract for {route.name}, found none")
    found = object_id(params, route.id_param)
    if route.action == "get":
        return {"item": entity.item(caller, found)}
    if route.action == "update":
        entity.update(caller, found, update_fields(params, route.fields, route.titles))
    elif route.action == "fields.update":
        entity.fields_update(caller, found, params)  # type: ignore[attr-defined]
    else:
        entity.delete(caller, found)
    return True
