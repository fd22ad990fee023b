"""Bundle the contract's schemas into OpenAPI components with local $refs."""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import urldefrag, urljoin

from conformance.contract import BASE_URI, Contract

COMPONENTS = "#/components/schemas/"

# Keywords whose values are data, not subschemas: copied as they are, never searched for $ref.
_DATA_KEYWORDS = frozenset({"const", "enum", "examples", "default", "example"})
# $id would re-base every "#/components/..." ref below it, so the bundle drops it; $schema is the
# document's jsonSchemaDialect's job; $defs are hoisted into components of their own.
_DROPPED_KEYWORDS = frozenset({"$id", "$schema", "$defs"})
# How a schema file's folder turns into a component name: items/connector.json -> connector.item.
_FOLDER_NAMES = {
    "items": "{stem}.item",
    "fields": "{stem}.fields",
    "methods": "{stem}",
    "envelope": "envelope.{stem}",
    "errors": "{stem}.error",
}


def component_name(uri: str) -> str:
    """The components/schemas name for an absolute schema URI, e.g. types.id or connector.item."""
    if not uri.startswith(BASE_URI):
        raise ValueError(f"Expected a $ref inside {BASE_URI}, got {uri!r}")
    path, fragment = urldefrag(uri[len(BASE_URI) :])
    if not path.endswith(".json"):
        raise ValueError(f"Expected a $ref to a .json schema file, got {uri!r}")
    folder, _, stem = path[: -len(".json")].rpartition("/")
    template = _FOLDER_NAMES.get(folder)
    name = template.format(stem=stem) if template else path[: -len(".json")].replace("/", ".")
    if not fragment:
        return name
    parts = fragment.split("/")
    if len(parts) != 3 or parts[:2] != ["", "$defs"]:
        raise ValueError(f"Expected a $ref to a whole schema or to one of its $defs, got {uri!r}")
    return f"{name}.{parts[2]}"


class SchemaBundle:
    """components/schemas built on demand: each referenced schema once, every $ref made local."""

    def __init__(self, contract: Contract) -> None:
        self._contract = contract
        self._resolver = contract.registry.resolver()
        self.schemas: dict[str, Any] = {}

    def ref(self, uri: str) -> dict[str, str]:
        """A local $ref to the schema at uri (relative to the schemas base), bundling it first."""
        absolute = urljoin(BASE_URI, uri)
        name = component_name(absolute)
        if name not in self.schemas:
            # The placeholder stops a schema that refers back to itself from recursing forever.
            self.schemas[name] = {}
            contents = self._resolver.lookup(absolute).contents
            self.schemas[name] = self.rewrite(contents, urldefrag(absolute).url)
        return {"$ref": COMPONENTS + name}

    def add(self, name: str, schema: dict[str, Any]) -> dict[str, str]:
        """Register a schema composed here (already local) under name and return a $ref to it."""
        if name in self.schemas and self.schemas[name] != schema:
            raise ValueError(f"Expected one schema per component name, got two different {name!r}")
        self.schemas[name] = schema
        return {"$ref": COMPONENTS + name}

    def rewrite(self, node: Any, base: str) -> Any:
        """A copy of node with its $refs bundled and made local, resolved against base."""
        if isinstance(node, list):
            return [self.rewrite(item, base) for item in node]
        if not isinstance(node, dict):
            return node
        if isinstance(node.get("$id"), str):
            base = urljoin(base, node["$id"])
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in _DROPPED_KEYWORDS:
                continue
            if key == "$ref" and isinstance(value, str):
                out[key] = self.ref(urljoin(base, value))["$ref"]
            elif key in _DATA_KEYWORDS or key.startswith("x-"):
                out[key] = copy.deepcopy(value)
            elif key in ("properties", "patternProperties", "dependentSchemas"):
                # Keys here are property names, so a property called "$ref" stays a name.
                out[key] = {name: self.rewrite(sub, base) for name, sub in value.items()}
            else:
                out[key] = self.rewrite(value, base)
        return out

    def sorted_schemas(self) -> dict[str, Any]:
        """The bundled schemas in name order, so the exported text is stable."""
        return dict(sorted(self.schemas.items()))
