"""Entity families: the kinds of stored objects, read from the x-b24-entity block of a fields schema."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from referencing import Registry


class UnknownEntity(KeyError):
    """An entity name the contract does not hold, as a family or as an alias."""


@dataclass(frozen=True)
class EntityParent:
    """The object an entity's objects hang from: which entity, named by which field of the add."""

    entity: str
    field: str


@dataclass(frozen=True)
class Entity:
    """A family of stored objects, whatever method names act on it (dataset.* acts on tables)."""

    name: str
    aliases: tuple[str, ...]
    parent: EntityParent | None
    title_field: str
    # Templates: see fill_placeholders. Not hashed, and copied on load so no caller edits the document.
    sample: dict = field(hash=False, repr=False)
    update_probe: dict = field(hash=False, repr=False)
    # The pattern every value of the title field must match, when the fields schema sets one.
    title_pattern: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """Every method entity name acting on this family: its own name first, then the aliases."""
        return (self.name, *self.aliases)


def fill_placeholders(template: Any, *, run: str, n: int = 0, parent: int | None = None) -> Any:
    """A copy of a sample or update probe with its placeholders filled.

    Every string is a str.format template over run and n; a string that is exactly "{parent}" becomes
    the parent object's id, an int. Keys are never templates.
    """
    if isinstance(template, dict):
        return {key: fill_placeholders(value, run=run, n=n, parent=parent) for key, value in template.items()}
    if isinstance(template, list):
        return [fill_placeholders(item, run=run, n=n, parent=parent) for item in template]
    if not isinstance(template, str):
        return template
    if template == "{parent}":
        if parent is None:
            raise ValueError('Expected a parent id to fill "{parent}" with, got None')
        return parent
    try:
        return template.format(run=run, n=n)
    except (KeyError, IndexError, ValueError) as exc:
        raise ValueError(
            f'Expected a template over {{run}} and {{n}} (or exactly "{{parent}}"), got {template!r}: {exc}'
        ) from None


def read_entities(documents: dict[str, dict], registry: Registry) -> tuple[Entity, ...]:
    """Every x-b24-entity block of the documents, parents before children."""
    found = [
        _entity(uri, document["x-b24-entity"], document, registry)
        for uri, document in sorted(documents.items())
        if "x-b24-entity" in document
    ]
    names = [name for entity in found for name in entity.names]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(f"Expected each entity name once across x-b24-entity blocks, got {repeated} twice")
    return _parents_first(found)


def known_names(entities: Iterable[Entity]) -> str:
    """The names an entity lookup accepts, for messages: "connector, source, table, dataset"."""
    return ", ".join(name for entity in entities for name in entity.names)


def _entity(uri: str, block: dict, document: dict, registry: Registry) -> Entity:
    parent = block.get("parent")
    title_field = block["titleField"]
    if title_field not in document.get("properties", {}):
        raise ValueError(f"Expected x-b24-entity titleField to name a property of {uri}, got {title_field!r}")
    return Entity(
        name=block["name"],
        aliases=tuple(block.get("aliases", ())),
        parent=EntityParent(parent["entity"], parent["field"]) if parent else None,
        title_field=title_field,
        sample=copy.deepcopy(block["sample"]),
        update_probe=copy.deepcopy(block["updateProbe"]),
        title_pattern=_pattern(uri, document["properties"][title_field], registry),
    )


def _pattern(uri: str, schema: dict, registry: Registry) -> str | None:
    resolver = registry.resolver(base_uri=uri)
    while "pattern" not in schema and "$ref" in schema:
        resolved = resolver.lookup(schema["$ref"])
        schema, resolver = resolved.contents, resolved.resolver
    return schema.get("pattern")


def _parents_first(entities: list[Entity]) -> tuple[Entity, ...]:
    """The entities ordered so that each comes after its parent (stable otherwise)."""
    known = {entity.name for entity in entities}
    for entity in entities:
        if entity.parent is not None and entity.parent.entity not in known:
            raise ValueError(
                f"Expected the parent of {entity.name} to be an entity among {sorted(known)}, "
                f"got {entity.parent.entity!r}"
            )
    ordered: list[Entity] = []
    placed: set[str] = set()
    waiting = list(entities)
    while waiting:
        ready = [e for e in waiting if e.parent is None or e.parent.entity in placed]
        if not ready:
            cycle = ", ".join(e.name for e in waiting)
            raise ValueError(f"Expected the x-b24-entity parents to form a tree, got a cycle among {cycle}")
        ordered.extend(ready)
        placed.update(e.name for e in ready)
        waiting = [e for e in waiting if e.name not in placed]
    return tuple(ordered)
