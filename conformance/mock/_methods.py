"""The REST methods the mock answers, read from the contract, and the steps every call goes through."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from ..contract import Contract, FieldDescriptor
from ._config import Caller
from ._errors import module_error
from ._listing import list_query, run
from ._validate import add_fields, object_id

ACTIONS = ("add", "get", "list", "delete")


class Entity(Protocol):
    """What the connector and source classes offer the generic steps."""

    entity: str
    unformatted: tuple[str, ...]

    def add(self, caller: Caller, fields: dict[str, Any]) -> int: ...
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


def routes(contract: Contract, entities: tuple[str, ...]) -> dict[str, Route]:
    """Every contract method of the entities with a supported action, plus each entity's .fields."""
    table: dict[str, Route] = {}
    for entity in entities:
        descriptors = contract.method(f"biconnector.{entity}.add").fields
        for method in contract.methods.values():
            if method.entity == entity and method.action in ACTIONS:
                table[method.name] = Route(
                    method.name, entity, method.action, method.app_context, method.id_param, descriptors
                )
        # *.fields answers a static schema and needs no application (the permission check only).
        name = f"biconnector.{entity}.fields"
        table[name] = Route(name, entity, "fields", False, None, descriptors)
    return table


def call(route: Route, entity: Entity, caller: Caller, params: dict[str, Any]) -> Any:
    """Run one method in the module's order: app context, then id or fields, then the entity."""
    if route.app_context and caller.application is None:
        raise module_error("ACCESS_DENIED")
    if route.action == "fields":
        return {"fields": [descriptor.as_json() for descriptor in route.fields]}
    if route.action == "add":
        return {"id": entity.add(caller, add_fields(params, route.fields))}
    if route.action == "list":
        query = list_query(params, [descriptor.title for descriptor in route.fields])
        return run(query, entity.rows(caller), unformatted=entity.unformatted)
    if route.id_param is None:
        raise RuntimeError(f"Expected an idParam in the contract for {route.name}, found none")
    found = object_id(params, route.id_param)
    if route.action == "get":
        return {"item": entity.item(caller, found)}
    entity.delete(caller, found)
    return True
