"""The field_payloads() strategy: fields payloads of the named classes for add, update and fields.update."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, partial

from hypothesis import strategies as st

from conformance.contract import Contract, Method, default_contract

from ._cases import MISSING
from ._classes import check_encoding
from ._fields_cases import FIELD_CLASSES, FieldClass, FieldsCase, FieldsFacts, field_class
from ._fields_columns import ADD_MEMBERS, LIST_MEMBERS
from ._fields_members import MEMBERS, Members, loose_titles, writable
from ._schema import FieldsSchema
from ._stand_ins import bind, stand_ins


def field_payloads(
    method: Method,
    *,
    facts: FieldsFacts,
    classes: Sequence[str] | None = None,
    encoding: str = "json",
    contract: Contract | None = None,
) -> st.SearchStrategy[FieldsCase]:
    """Generate FieldsCase inputs for an add, update or fields.update method, from the named classes.

    Payloads are built from the method's fields schema in its property order: valid values from the
    schema, references (connectorId, sourceId) from facts, updates aimed at facts.existing. fields.update
    params hold add, update and delete lists (columns from the table schema, ids from
    facts.existing_columns) instead of fields. Form and query payloads hold strings, lists and dicts
    only. Each invalid class breaks what its name says and nothing the module checks earlier, except
    fields.unknown-parameter, whose unknown keys outrank other faults. Shrinks towards the first class
    asked for and the smallest payload of it.
    """
    if method.action == "fields.update":
        # a fresh table per example: one strategy for them all, its placeholder ids bound per draw
        placeheld, ids = stand_ins(facts)
        strategy = _remembered(method, placeheld, classes, encoding, contract)
        return strategy.map(partial(bind, ids)) if ids else strategy
    return _remembered(method, facts, classes, encoding, contract)


def _remembered(
    method: Method,
    facts: FieldsFacts,
    classes: Sequence[str] | None,
    encoding: str,
    contract: Contract | None,
) -> st.SearchStrategy[FieldsCase]:
    # A test that draws once per example asks for the same strategy each time: the same object saves
    # Hypothesis validating a fresh one per example. Keyed by the facts object itself (it holds dicts).
    key = (method, id(facts), None if classes is None else tuple(classes), encoding, id(contract))
    known = _recent.get(key)
    if known is not None and known[0] is facts and known[1] is contract:
        return known[2]
    strategy = _field_payloads(method, facts, classes, encoding, contract)
    if len(_recent) >= _RECENT:
        _recent.pop(next(iter(_recent)))
    _recent[key] = (facts, contract, strategy)
    return strategy


_RECENT = 8
_recent: dict[tuple, tuple[FieldsFacts, Contract | None, st.SearchStrategy[FieldsCase]]] = {}


def _field_payloads(
    method: Method,
    facts: FieldsFacts,
    classes: Sequence[str] | None,
    encoding: str,
    contract: Contract | None,
) -> st.SearchStrategy[FieldsCase]:
    check_encoding(encoding)
    schema = _schema(method, contract)
    chosen = _chosen(method, classes, encoding, schema)
    if method.action != "add" and facts.existing is None:
        raise ValueError(f"{method.name} needs FieldsFacts.existing, the object to update; got None")
    for cls in chosen:
        if cls.needs is not None and not getattr(facts, cls.needs):
            raise ValueError(f"{cls.name} needs FieldsFacts.{cls.needs}, what the target holds; got none")
    form = encoding != "json"
    head = (
        {}
        if method.action == "add"
        else {method.id_param or "id": str(facts.existing) if form else facts.existing}
    )

    def case(name: str, fields: object) -> FieldsCase:
        if method.action == "fields.update":
            return FieldsCase(name, encoding, {**head, **fields})  # type: ignore[dict-item]
        params = dict(head) if fields is MISSING else {**head, "fields": fields}
        return FieldsCase(name, encoding, params)

    return st.one_of(
        [
            _members(method, cls.name)(schema, facts, form).map(lambda fields, n=cls.name: case(n, fields))
            for cls in chosen
        ]
    )


def _members(method: Method, name: str) -> Members:
    if method.action == "fields.update":
        return LIST_MEMBERS[name]
    return MEMBERS.get(name) or ADD_MEMBERS[name]


def field_classes_for(
    method: Method, encoding: str = "json", *, contract: Contract | None = None, existing: bool = False
) -> tuple[FieldClass, ...]:
    """The classes that apply to method (an add, update or fields.update) and that encoding can carry.

    existing=True adds the classes that need what the target already holds (FieldClass.needs:
    FieldsFacts.existing_name or existing_columns), for callers that fill those facts in.
    """
    check_encoding(encoding)
    schema = _schema(method, contract)
    return _available(method, encoding, schema, existing)


def _available(method: Method, encoding: str, schema: FieldsSchema, existing: bool) -> tuple[FieldClass, ...]:
    return tuple(
        cls
        for cls in FIELD_CLASSES
        if encoding in cls.encodings and (existing or cls.needs is None) and _applies(cls, method, schema)
    )


def _applies(cls: FieldClass, method: Method, schema: FieldsSchema) -> bool:
    if method.action not in cls.actions or (cls.entities is not None and method.storage not in cls.entities):
        return False
    code = cls.code_for(method)
    if code not in (None, "0") and not method.documents(code):
        return False
    if method.action == "fields.update":
        return True
    descriptors = schema.descriptors
    needs = {
        "fields.missing-required": bool(schema.required),
        "fields.read-only": any(d.is_read_only for d in descriptors),
        "fields.immutable": any(d.is_immutable and not d.is_read_only for d in descriptors),
        "fields.loose-type": bool(loose_titles(schema)),
        "fields.wrong-type": any(
            d.type != "datetime" for d in writable(schema, update=method.action == "update")
        ),
        "fields.settings-missing-key": "settings" in schema.schema["properties"],
    }
    return needs.get(cls.name, True)


@cache
def _cached_schema(method: Method) -> FieldsSchema:
    return FieldsSchema(method)


def _schema(method: Method, contract: Contract | None) -> FieldsSchema:
    if method.action not in ("add", "update", "fields.update"):
        raise ValueError(f"Expected an add, update or fields.update method, got {method.name}")
    if method.action == "fields.update":
        # fields.update takes no fields object; its columns are the ones the entity's add takes
        method = (contract or default_contract()).method(f"biconnector.{method.entity}.add")
    # the default contract's schemas once per run: their value strategies, validated once, are kept
    return FieldsSchema(method, contract) if contract is not None else _cached_schema(method)


def _chosen(
    method: Method, classes: Sequence[str] | None, encoding: str, schema: FieldsSchema
) -> tuple[FieldClass, ...]:
    if classes is None:
        return _available(method, encoding, schema, False)
    available = _available(method, encoding, schema, True)
    if isinstance(classes, str):
        raise TypeError(f"Expected a sequence of class names for classes, got the string {classes!r}")
    chosen = tuple(field_class(name) for name in classes)
    if not chosen:
        raise ValueError(f"Expected at least one class name, among {', '.join(c.name for c in available)}")
    for cls in chosen:
        if cls not in available:
            names = ", ".join(c.name for c in available)
            raise ValueError(
                f"{cls.name} does not apply to {method.name} sent {encoding}-encoded; these do: {names}"
            )
    return chosen
