"""What the schemas say about a method's input names and result item, read through the contract."""

from __future__ import annotations

from typing import Any

from conformance.contract import Contract, Method

# A resolved node and the resolver its own $refs are relative to.
_Node = tuple[dict[str, Any], Any]


def param_names(contract: Contract, method: Method) -> set[str]:
    """Dotted names of the inputs the params schema describes (fields.settings.code), read-only left out."""
    node = _resolve(contract, method, ("$defs", "params"))
    return set(_walk(node, prefix=""))


def result_item_names(contract: Contract, method: Method) -> tuple[str, ...] | None:
    """Property names of the result item (a list's element, get's item, else the result); None if open."""
    schema, resolver = _resolve(contract, method, ("$defs", "result"))
    if "items" in schema:
        schema, resolver = _follow(schema["items"], resolver)
    elif set(schema.get("properties", {})) == {"item"}:
        schema, resolver = _follow(schema["properties"]["item"], resolver)
    else:
        schema, resolver = _sole_array_element(schema, resolver)
    properties = schema.get("properties")
    return tuple(properties) if properties else None


def _sole_array_element(schema: dict[str, Any], resolver) -> _Node:
    """The element of a result's only property when that is an array, else the result itself."""
    # *.fields answer {fields: [descriptor, ...]} and their pages tabulate one descriptor.
    properties = schema.get("properties", {})
    if len(properties) != 1:
        return schema, resolver
    (only,) = properties.values()
    child, child_resolver = _follow(only, resolver)
    if child.get("type") != "array" or not isinstance(child.get("items"), dict):
        return schema, resolver
    return _follow(child["items"], child_resolver)


def _resolve(contract: Contract, method: Method, path: tuple[str, ...]) -> _Node:
    resolver = contract.registry.resolver(base_uri=method.document["$id"])
    node: Any = method.document
    for key in path:
        node = node[key]
    return _follow(node, resolver)


def _follow(node: dict[str, Any], resolver) -> _Node:
    seen = set()
    while isinstance(node, dict) and "$ref" in node and node["$ref"] not in seen:
        seen.add(node["$ref"])
        resolved = resolver.lookup(node["$ref"])
        node, resolver = resolved.contents, resolved.resolver
    # A boolean schema (true/false) describes no names.
    return (node if isinstance(node, dict) else {}), resolver


def _walk(node: _Node, prefix: str, depth: int = 0) -> list[str]:
    schema, resolver = node
    names: list[str] = []
    for name, prop in schema.get("properties", {}).items():
        # Read-only properties are refused on input (VALIDATION_READ_ONLY_FIELD): no page lists them.
        if prop.get("readOnly") or prop.get("not") == {}:
            continue
        names.append(prefix + name)
        child = _follow(prop, resolver)
        if "items" in child[0]:
            child = _follow(child[0]["items"], child[1])
        if depth < 4:
            names.extend(_walk(child, f"{prefix}{name}.", depth + 1))
    return names
