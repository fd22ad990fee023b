"""Read a method's fields schema, and draw values that satisfy the small part of JSON Schema it uses."""

from __future__ import annotations

import string
from functools import cache
from typing import Any

from hypothesis import strategies as st
from referencing._core import Resolver

from conformance.contract import Contract, Entity, FieldDescriptor, Method, default_contract

from ._patterns import matching

# Keys of array items that the module compares across items (duplicates are their own error).
_UNIQUE_KEYS = ("name", "code", "externalCode")


class FieldsSchema:
    """A method's fields schema with its references resolved: properties in the module's order."""

    def __init__(self, method: Method, contract: Contract | None = None) -> None:
        contract = contract or default_contract()
        params = method.document.get("$defs", {}).get("params", {})
        ref = params.get("properties", {}).get("fields", {}).get("$ref")
        if ref is None:
            raise ValueError(f"Expected {method.name} to take a fields object; its params have none")
        resolver = contract.registry.resolver(base_uri=method.document["$id"])
        resolved = resolver.lookup(ref)
        # The payload schema may be a part of the entity's fields document (update: #/$defs/update);
        # the document itself describes every field (x-b24-field) in the module's order.
        entity = resolver.lookup(ref.split("#")[0])
        self.method = method
        self.family: Entity = contract.entity(method.storage)  # parent field, title field and pattern
        self.schema: dict = resolved.contents
        self.entity: dict = entity.contents
        self._resolver: Resolver = entity.resolver
        self.descriptors: tuple[FieldDescriptor, ...] = method.fields
        self.required: tuple[str, ...] = tuple(self.schema.get("required", ()))
        # Hypothesis validates a strategy object once; one per title keeps that to once per run.
        self._strategies: dict[str, st.SearchStrategy[Any]] = {}

    def accepts(self, title: str) -> bool:
        """Whether the payload schema lets title through at all (update refuses some: fields of a table)."""
        prop = self.schema.get("properties", {}).get(title)
        return prop is not None and "not" not in prop

    def property(self, title: str) -> dict:
        """The schema of one property, its $ref followed (siblings of the $ref kept)."""
        return self._resolve(self.entity["properties"][title], self._resolver)[0]

    def values(self, title: str) -> st.SearchStrategy[Any]:
        """Values the property's schema accepts (the same strategy object for the same title)."""
        strategy = self._strategies.get(title)
        if strategy is None:
            schema, resolver = self._resolve(self.entity["properties"][title], self._resolver)
            strategy = self._strategies[title] = self._values(schema, resolver)
        return strategy

    def _resolve(self, schema: dict, resolver: Resolver) -> tuple[dict, Resolver]:
        while "$ref" in schema:
            resolved = resolver.lookup(schema["$ref"])
            siblings = {k: v for k, v in schema.items() if k != "$ref"}
            schema, resolver = {**resolved.contents, **siblings}, resolved.resolver
        return schema, resolver

    def _values(self, schema: dict, resolver: Resolver) -> st.SearchStrategy[Any]:
        schema, resolver = self._resolve(schema, resolver)
        if "const" in schema:
            return st.just(schema["const"])
        if "enum" in schema:
            return st.sampled_from(schema["enum"])
        kind = schema.get("type")
        if isinstance(kind, list):
            return st.one_of([self._values({**schema, "type": one}, resolver) for one in kind])
        if kind == "string":
            return _strings(schema)
        if kind == "integer":
            low = schema.get("minimum", -1000)
            return st.integers(min_value=low, max_value=max(low, 0) + 1000)
        if kind == "boolean":
            return st.booleans()
        if kind == "array":
            return self._arrays(schema, resolver)
        if kind == "object":
            return self._objects(schema, resolver)
        raise ValueError(f"Expected a schema with a type, const or enum in {self.method.name}, got {schema}")

    def _arrays(self, schema: dict, resolver: Resolver) -> st.SearchStrategy[list]:
        items, item_resolver = self._resolve(schema.get("items", {}), resolver)
        keys = [key for key in _UNIQUE_KEYS if key in items.get("properties", {})]
        unique_by = tuple((lambda item, key=key: item.get(key)) for key in keys) or None
        return st.lists(
            self._values(items, item_resolver),
            min_size=max(1, schema.get("minItems", 1)),  # empty arrays vanish in form bodies
            max_size=min(3, schema.get("maxItems", 3)),
            unique_by=unique_by,
        )

    def _objects(self, schema: dict, resolver: Resolver) -> st.SearchStrategy[dict]:
        properties = schema.get("properties", {})
        if properties:
            required = set(schema.get("required", ()))
            fixed = {key: self._values(sub, resolver) for key, sub in properties.items() if key in required}
            optional = {k: self._values(sub, resolver) for k, sub in properties.items() if k not in required}
            return st.fixed_dictionaries(fixed, optional=optional)
        extra = schema.get("additionalProperties", {})
        extra = {} if extra is True else extra
        return st.dictionaries(
            st.text(string.ascii_lowercase, min_size=1, max_size=8),
            self._values(extra, resolver),
            min_size=1,
            max_size=3,
        )


def _strings(schema: dict) -> st.SearchStrategy[str]:
    maximum = schema.get("maxLength")
    if "pattern" in schema:
        # short enough to meet any maxLength, and to leave room for the run's title prefix
        return matching(schema["pattern"], min(maximum or 24, 24))
    return _text(12 if maximum is None else min(12, maximum))


def entity_fields(method: Method) -> tuple[FieldDescriptor, ...]:
    """The fields that method's entity describes, in the module's order (Method.fields)."""
    return method.fields


@cache
def _text(most: int) -> st.SearchStrategy[str]:
    # Plain, printable text: no empty strings and no leading or trailing blanks, whose handling the
    # facts leave open (trimming, required checks with empty()).
    return st.text(string.ascii_letters + string.digits, min_size=1, max_size=most)
