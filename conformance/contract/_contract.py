"""Load schemas/ into a Contract: methods, entity families, envelopes and error catalogs."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from ._entity import Entity, UnknownEntity, known_names, read_entities
from ._errors import ErrorCode, FrameworkError
from ._fast import FastValidator
from ._files import default_schema_dir, iter_schema_files
from ._method import EFFECTS, FieldDescriptor, Method, Parent

BASE_URI = "https://b24-conformance.example/schemas/"
ENVELOPES = (
    "success",
    "method-error-nested",
    "method-error-root",
    "framework-error",
    "error-body",
    "time",
    "batch",
)


class UnknownMethod(KeyError):
    """A method name the contract does not hold."""


@dataclass
class Contract:
    """Everything schemas/ says, with validators bound to one reference registry."""

    root: Path
    documents: dict[str, dict]
    registry: Registry = field(repr=False)
    methods: dict[str, Method]
    module_errors: dict[str, ErrorCode]
    framework_errors: dict[str, FrameworkError]
    entities: tuple[Entity, ...] = ()  # parents first
    _envelopes: dict[str, FastValidator] = field(default_factory=dict, repr=False)

    def method(self, name: str) -> Method:
        """The method called name, or an error that suggests the closest one."""
        try:
            return self.methods[name]
        except KeyError:
            close = difflib.get_close_matches(name, self.methods, n=1)
            hint = f" Perhaps you meant {close[0]!r}?" if close else ""
            raise UnknownMethod(f"The contract has no method {name!r}.{hint}") from None

    def entity(self, name: str) -> Entity:
        """The entity family named name, directly or by an alias (dataset is the table family)."""
        for entity in self.entities:
            if name in entity.names:
                return entity
        raise UnknownEntity(f"Expected an entity among {known_names(self.entities)}, got {name!r}")

    @property
    def cleanup_order(self) -> tuple[str, ...]:
        """The entity names, children first: the order in which a parent's objects can be deleted."""
        return tuple(entity.name for entity in reversed(self.entities))

    def validator(self, ref: str) -> FastValidator:
        """A validator for the schema at ref (relative to the schemas base URI)."""
        return FastValidator({"$ref": BASE_URI + ref}, self.registry)

    def envelope(self, kind: str) -> FastValidator:
        """A validator for one of the envelope shapes (see ENVELOPES)."""
        if kind not in ENVELOPES:
            raise KeyError(f"Expected an envelope kind among {ENVELOPES}, got {kind!r}")
        if kind not in self._envelopes:
            self._envelopes[kind] = self.validator(f"envelope/{kind}.json")
        return self._envelopes[kind]

    def id_methods(self) -> list[Method]:
        """Methods that take an object id, in name order."""
        return [m for m in self.methods.values() if m.takes_id]

    def list_methods(self) -> list[Method]:
        """The list methods, in name order."""
        return sorted((m for m in self.methods.values() if m.action == "list"), key=lambda m: m.name)


def load_contract(root: Path | None = None) -> Contract:
    """Read every schema below root (default: the bundled schemas) into a Contract."""
    root = root or default_schema_dir()
    documents: dict[str, dict] = {}
    for path, document in iter_schema_files(root):
        schema_id = document.get("$id")
        if not schema_id:
            raise ValueError(f"Expected an $id in {path.relative_to(root)}, found none")
        documents[schema_id] = document
    registry = Registry().with_resources(
        (uri, Resource.from_contents(doc, default_specification=DRAFT202012))
        for uri, doc in documents.items()
    )
    module_errors = _catalog(documents, "errors/biconnector.json", ErrorCode.from_schema)
    framework_errors = _catalog(documents, "errors/framework.json", FrameworkError.from_schema)
    entities = read_entities(documents, registry)
    contract = Contract(root, documents, registry, {}, module_errors, framework_errors, entities)
    for uri, document in sorted(documents.items()):
        if uri.startswith(BASE_URI + "methods/"):
            method = _method(contract, uri, document)
            contract.methods[method.name] = method
    return contract


@cache
def default_contract() -> Contract:
    """The bundled contract, loaded once per process."""
    return load_contract()


def _catalog(documents: dict[str, dict], ref: str, build) -> dict[str, Any]:
    document = documents[BASE_URI + ref]
    return {code: build(schema) for code, schema in document["$defs"].items()}


def _method(contract: Contract, uri: str, document: dict) -> Method:
    meta = document["x-b24-method"]
    resolver = contract.registry.resolver(base_uri=uri)
    codes = []
    for branch in document["$defs"]["error"]["anyOf"]:
        resolved = resolver.lookup(branch["$ref"]).contents
        # A method may define a code inline where its text differs from the catalog (dataset.add).
        codes.append(ErrorCode.from_schema(resolved))
    effect = meta.get("effect", "read")
    if effect not in EFFECTS:
        raise ValueError(f"Expected an x-b24-method effect among {EFFECTS} in {uri}, got {effect!r}")
    parent = meta.get("parent")
    return Method(
        name=document["title"],
        entity=meta["entity"],
        action=meta["action"],
        app_context=meta["appContext"],
        id_param=meta.get("idParam"),
        error_codes=tuple(codes),
        params_validator=FastValidator({"$ref": uri + "#/$defs/params"}, contract.registry),
        result_validator=FastValidator({"$ref": uri + "#/$defs/result"}, contract.registry),
        fields=_field_descriptors(contract, uri, document),
        document=document,
        effect=effect,
        not_found=meta.get("notFound"),
        parent=Parent(parent["entity"], parent["field"], parent["notFound"]) if parent else None,
        storage=_storage(contract, uri, meta["entity"]),
        deprecated=meta.get("deprecated", False),
    )


def _storage(contract: Contract, uri: str, entity: str) -> str:
    if not contract.entities:
        return entity  # a partial contract without fields schemas (a test's) stores each entity apart
    try:
        return contract.entity(entity).name
    except UnknownEntity:
        known = known_names(contract.entities)
        raise ValueError(
            f"Expected the x-b24-method entity of {uri} among the x-b24-entity names {known}, got {entity!r}"
        ) from None


def _field_descriptors(contract: Contract, uri: str, document: dict) -> tuple[FieldDescriptor, ...]:
    # The entity's fields schema (x-b24-method.fields) serves every method, *.fields and update included.
    fields_ref = document["x-b24-method"].get("fields")
    if fields_ref is None:
        fields_ref = document["$defs"]["params"].get("properties", {}).get("fields", {}).get("$ref")
    if fields_ref is None:
        return ()
    resolver = contract.registry.resolver(base_uri=uri)
    schema = resolver.lookup(fields_ref).contents
    return tuple(
        FieldDescriptor(
            title=title,
            type=prop["x-b24-field"]["type"],
            is_required=prop["x-b24-field"]["isRequired"],
            is_read_only=prop["x-b24-field"]["isReadOnly"],
            is_immutable=prop["x-b24-field"]["isImmutable"],
            is_multiple=prop["x-b24-field"]["isMultiple"],
        )
        for title, prop in schema["properties"].items()
    )
