"""The REST methods the mock answers, read from the contract, and the steps every call goes through."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Any, Protocol

from ..contract import Contract, FieldDescriptor, default_contract
from ._config import Caller
from ._errors import module_error
from ._listing import list_query, run
from ._validate import add_fields, object_id, update_fields, within_lengths


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
    max_lengths: Mapping[str, int] = field(default_factory=dict)  # string fields' limits the storage enforces


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
            MappingProxyType(_max_lengths(contract, method.entity)),
        )
    return table


def _max_lengths(contract: Contract, entity: str) -> dict[str, int]:
    """The maxLength of each of the entity's add fields that has one and no pattern.

    A field with a pattern (a table's or a column's name) has the module's own documented length
    error, raised by its entity; the others are only bounded by their database columns.
    """
    document = contract.method(f"biconnector.{entity}.add").document
    reference = document["x-b24-method"].get("fields")
    if reference is None:
        return {}
    resolved = contract.registry.resolver(base_uri=document["$id"]).lookup(reference)
    limits = {}
    for title, prop in resolved.contents.get("properties", {}).items():
        schema = resolved.resolver.lookup(prop["$ref"]).contents if "$ref" in prop else prop
        if "maxLength" in schema and "pattern" not in schema:
            limits[title] = int(schema["maxLength"])
    return limits


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
        fields = add_fields(params, route.fields, route.titles)
        return {"id": entity.add(caller, within_lengths(fields, route.max_lengths))}
    if route.action == "list":
        query = list_query(params, route.titles)
        return run(query, entity.rows(caller), unformatted=entity.unformatted)
    if route.id_param is None:
        raise RuntimeError(f"Expected an idParam in the contract for {route.name}, found none")
    found = object_id(params, route.id_param)
    if route.action == "get":
        return {"item": entity.item(caller, found)}
    if route.action == "update":
        fields = update_fields(params, route.fields, route.titles)
        entity.update(caller, found, within_lengths(fields, route.max_lengths))
    elif route.action == "fields.update":
        entity.fields_update(caller, found, params)  # type: ignore[attr-defined]
    else:
        entity.delete(caller, found)
    return True
