"""Payload strategies for each fields input class, built from the method's fields schema."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial
from typing import Any

from hypothesis import strategies as st

from conformance.contract import FieldDescriptor

from ._cases import MISSING
from ._fields_cases import FieldsFacts
from ._schema import FieldsSchema

_UNKNOWN_KEYS = ("foo", "Title", "ID", "url_check", "appId", "APP_ID", "extra_1")
_READ_ONLY_VALUES = {"integer": "1", "datetime": "2024-01-02 03:04:05", "string": "x"}
_WRONG = {
    "string": (
        st.sampled_from([123, 0, 1.5, True, False, ["x"], {"a": "x"}]),
        st.sampled_from([["x"], {"a": "x"}]),
    ),
    "integer": (
        st.sampled_from(["abc", "12abc", "", "0x1A", True, False, [1], {"a": 1}]),
        st.sampled_from(["abc", "12abc", "", "0x1A", ["1"]]),
    ),
    "array": (st.sampled_from(["abc", "", 5, True]), st.sampled_from(["abc", ""])),
    "boolean": (
        st.sampled_from(["true", "Y", 1, 0, "1", "", [True]]),
        st.sampled_from(["1", "0", "Y", "true"]),
    ),
}
_BAD_SETTING_TYPES = ("string", "int", "Int", "TEXT", "NUMBER", "STRING ", " INT", "")

Members = Callable[[FieldsSchema, FieldsFacts, bool], st.SearchStrategy[Any]]


def to_form(value: Any) -> Any:
    """value as a form body carries it: scalars as PHP writes them, containers kept."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return [to_form(item) for item in value]
    if isinstance(value, dict):
        return {key: to_form(item) for key, item in value.items()}
    return value


def writable(schema: FieldsSchema, *, update: bool) -> list[FieldDescriptor]:
    """Fields a payload may carry without a field error: not read-only, and not immutable on update."""
    return [
        d
        for d in schema.descriptors
        if not d.is_read_only and not (update and (d.is_immutable or not schema.accepts(d.title)))
    ]


def _usable(descriptor: FieldDescriptor, form: bool) -> bool:
    # form bodies have no booleans, so a strict is_bool field can only be left out
    return not (form and descriptor.type == "boolean")


def _value(schema: FieldsSchema, facts: FieldsFacts, title: str) -> st.SearchStrategy[Any]:
    family = schema.family
    if family.parent is not None and title == family.parent.field:
        reference = facts.reference(title)
        if reference is None:
            raise ValueError(
                f"{title} needs FieldsFacts.{title.removesuffix('Id')}, the caller's object; got None"
            )
        return st.just(reference)
    if title == family.title_field and facts.title_prefix:
        # The run's prefix marks what it made, so a crashed run's leftovers can be found and only those.
        # A title pattern (table names: a-z, 0-9 and _) has no room for the prefix's -.
        prefix = facts.title_prefix if family.title_pattern is None else facts.title_prefix.replace("-", "_")
        limit = schema.property(title).get("maxLength")
        return schema.values(title).map(lambda value: (prefix + value)[:limit])
    return schema.values(title)


def dicts_of(
    values: Callable[[str], st.SearchStrategy[Any]],
) -> Callable[[list[str]], st.SearchStrategy[dict]]:
    """For flatmap: drawn keys -> a dict of values(key) for each; one strategy object per tuple of keys.

    A fresh fixed_dictionaries per draw would be validated by Hypothesis on every draw.
    """

    @cache
    def of(keys: tuple[str, ...]) -> st.SearchStrategy[dict]:
        return st.fixed_dictionaries({key: values(key) for key in keys})

    return lambda keys: of(tuple(keys))


def _values_once(schema: FieldsSchema, facts: FieldsFacts) -> Callable[[str], st.SearchStrategy[Any]]:
    """_value for schema and facts, each title's strategy built on its first draw and reused after.

    Built lazily, not up front, so that a title no draw picks raises nothing (a reference with no fact).
    """
    return cache(partial(_value, schema, facts))


def valid(
    schema: FieldsSchema, facts: FieldsFacts, form: bool, *, convert: bool = True
) -> st.SearchStrategy[dict]:
    """A payload the module accepts: required fields (add) or a non-empty mutable subset (update).

    convert=False leaves the values unconverted for form, for builders that change them first.
    """
    # Most classes build on valid payloads, each test of a method asks for them again, and an update's
    # facts differ only in the object it updates: one strategy per schema and the facts _value reads.
    return _valid(schema, facts.connector, facts.source, facts.title_prefix, form, convert)


@cache
def _valid(
    schema: FieldsSchema,
    connector: int | None,
    source: int | None,
    title_prefix: str,
    form: bool,
    convert: bool,
) -> st.SearchStrategy[dict]:
    facts = FieldsFacts(connector=connector, source=source, title_prefix=title_prefix)
    update = schema.method.action == "update"
    candidates = [d for d in writable(schema, update=update) if _usable(d, form)]
    # An update's own schema requires what the module wants every time (source.update: title).
    must = set(schema.required)
    fixed = [d.title for d in candidates if d.title in must]
    optional = [d.title for d in candidates if d.title not in must]
    chosen = (
        st.lists(st.sampled_from(optional), unique=True, min_size=0 if fixed else 1)
        if optional
        else st.just([])
    )

    order = [d.title for d in schema.descriptors]
    value = _values_once(schema, facts)

    @cache
    def build_once(titles: tuple[str, ...]) -> st.SearchStrategy[dict]:
        values = st.fixed_dictionaries({title: value(title) for title in titles})
        return values.map(lambda payload: {title: payload[title] for title in titles})  # schema order

    def build(extra: list[str]) -> st.SearchStrategy[dict]:
        # one strategy object per set of titles: a fresh one per draw would be validated per draw
        return build_once(tuple(title for title in order if title in fixed or title in extra))

    payloads = chosen.flatmap(build)
    return payloads.map(to_form) if form and convert else payloads


def _missing(schema: FieldsSchema, facts: FieldsFacts, form: bool) -> st.SearchStrategy[Any]:
    if form:
        return st.sampled_from([MISSING, "abc", ""])
    return st.sampled_from([MISSING, [], {}, "abc", "", 0, 5, True, None, "[]"])


def _insert(payload: dict, keys: list[str], positions: list[int]) -> dict:
    items = list(payload.items())
    for key, position in zip(keys, positions, strict=True):
        items.insert(min(position, len(items)), (key, "x"))
    return dict(items)


def _unknown_parameter(schema: FieldsSchema, facts: FieldsFacts, form: bool) -> st.SearchStrategy[dict]:
    titles = {d.title for d in schema.descriptors}
    keys = st.lists(
        st.sampled_from([k for k in _UNKNOWN_KEYS if k not in titles]), min_size=1, max_size=3, unique=True
    )
    # Other faults ride along: the unknown keys outrank them all.
    base = st.one_of(
        valid(schema, facts, form), _missing_required(schema, facts, form), _read_only(schema, facts, form)
    )
    return st.builds(
        lambda payload, names, positions: _insert(payload, names, positions[: len(names)]),
        base,
        keys,
        st.lists(st.integers(0, 12), min_size=3, max_size=3),  # positions beyond the payload append
    )


def _missing_required(schema: FieldsSchema, facts: FieldsFacts, form: bool) -> st.SearchStrategy[dict]:
    if schema.method.action != "add" or not schema.required:
        return valid(schema, facts, form)
    # never all of them: the rest of a payload may be optional fields the draw left out
    dropped = st.lists(
        st.sampled_from(schema.required), min_size=1, max_size=max(1, len(schema.required) - 1), unique=True
    )
    return st.builds(
        lambda payload, drop: {k: v for k, v in payload.items() if k not in drop},
        valid(schema, facts, form),
        dropped,
    ).filter(bool)


def _read_only(schema: FieldsSchema, facts: FieldsFacts, form: bool) -> st.SearchStrategy[dict]:
    read_only = [d for d in schema.descriptors if d.is_read_only]
    if not read_only:
        return valid(schema, facts, form)
    added = st.lists(st.sampled_from(read_only), min_size=1, unique=True)
    return st.builds(
        lambda payload, extra: {**payload, **{d.title: _READ_ONLY_VALUES.get(d.type, "x") for d in extra}},
        valid(schema, facts, form),
        added,
    )


def _immutable(schema: FieldsSchema, facts: FieldsFacts, form: bool) -> st.SearchStrategy[dict]:
    immutable = [d.title for d in schema.descriptors if d.is_immutable and not d.is_read_only]
    added = st.lists(st.sampled_from(immutable), min_size=1, unique=True).flatmap(
        dicts_of(_values_once(schema, facts))
    )
    payloads = st.builds(
        lambda payload, extra: {**payload, **extra}, valid(schema, facts, form, convert=False), added
    )
    return payloads.map(to_form) if form else payloads


def _retyped(
    schema: FieldsSchema, facts: FieldsFacts, form: bool, wrong: dict[str, Any]
) -> st.SearchStrategy[dict]:
    """A valid payload with the chosen fields replaced by the given strategies' values."""
    titles = st.lists(st.sampled_from(sorted(wrong)), min_size=1, unique=True)
    replaced = titles.flatmap(dicts_of(wrong.__getitem__))

    def merge(payload: dict, extra: dict) -> dict:
        merged = {**payload, **extra}
        order = [d.title for d in schema.descriptors]
        return {k: merged[k] for k in sorted(merged, key=order.index)}

    return st.builds(merge, valid(schema, facts, form), replaced)


def _wrong_type(schema: FieldsSchema, facts: FieldsFacts, form: bool) -> st.SearchStrategy[dict]:
    update = schema.method.action == "update"
    wrong = {
        d.title: _WRONG[d.type][1 if form else 0] for d in writable(schema, update=update) if d.type in _WRONG
    }
    return _retyped(schema, facts, form, wrong)


def _loose_values(number: int | None, form: bool) -> st.SearchStrategy[Any]:
    if number is None:
        strings = st.builds(
            lambda n, fmt: fmt.format(n),
            st.integers(0, 999),
            st.sampled_from([" {}", "{} ", "+{}", "{}.0", "{}.5", "{}e0"]),
        )
        return strings if form else st.one_of(strings, st.sampled_from([1.5, 2.25, -0.5]))
    strings = st.sampled_from(
        [f" {number}", f"{number} ", f"+{number}", f"{number}.0", f"{number}.5", f"{number}e0"]
    )
    return strings if form else st.one_of(strings, st.just(number + 0.5))


def loose_titles(schema: FieldsSchema) -> list[str]:
    """Integer fields an update or add may carry, where PHP's is_numeric is looser than the docs."""
    update = schema.method.action == "update"
    return [d.title for d in writable(schema, update=update) if d.type == "integer"]


def _loose_type(schema: FieldsSchema, facts: FieldsFacts, form: bool) -> st.SearchStrategy[dict]:
    wrong = {t: _loose_values(facts.reference(t), form) for t in loose_titles(schema)}
    return _retyped(schema, facts, form, wrong)


def _unknown_reference(title: str) -> Members:
    def members(schema: FieldsSchema, facts: FieldsFacts, form: bool) -> st.SearchStrategy[dict]:
        unknown = str(facts.unknown) if form else facts.unknown
        return valid(schema, facts, form).map(lambda payload: {**payload, title: unknown})

    return members


def _without_title(schema: FieldsSchema, facts: FieldsFacts, form: bool) -> st.SearchStrategy[dict]:
    others = [
        d.title for d in writable(schema, update=True) if d.title not in schema.required and _usable(d, form)
    ]
    chosen = st.lists(st.sampled_from(others), min_size=1, unique=True).flatmap(dicts_of(schema.values))
    return chosen.map(to_form) if form else chosen


@cache
def index_below(size: int) -> st.SearchStrategy[int]:
    """An index into a sequence of size items (the same strategy object for the same size)."""
    return st.integers(0, size - 1)


ItemBreaker = Callable[[st.DrawFn, dict], dict]  # draws what it needs, returns the item broken


def _settings(break_item: ItemBreaker) -> Members:
    def members(schema: FieldsSchema, facts: FieldsFacts, form: bool) -> st.SearchStrategy[dict]:
        payloads = valid(schema, facts, form, convert=False)  # add: settings is required, so always there
        if schema.method.action == "update":
            payloads = st.builds(lambda p, s: {**p, "settings": s}, payloads, schema.values("settings"))

        # drawn in one composite rather than through flatmap, whose strategy made per draw would be
        # validated by Hypothesis on every draw
        @st.composite
        def broken(draw: st.DrawFn) -> dict:
            payload = draw(payloads)
            items = payload["settings"]
            index = draw(index_below(len(items)))
            changed = [*items[:index], break_item(draw, items[index]), *items[index + 1 :]]
            return {**payload, "settings": changed}

        out = broken()
        return out.map(to_form) if form else out

    return members


_LONG_LENGTHS = st.integers(512, 600)
_BAD_TYPES = st.sampled_from(_BAD_SETTING_TYPES)


def dropping(keys: tuple[str, ...]) -> ItemBreaker:
    """An item without one or two of keys: never all three, since an empty item vanishes from a form body."""
    dropped = st.lists(st.sampled_from(keys), min_size=1, max_size=2, unique=True)

    def drop(draw: st.DrawFn, item: dict) -> dict:
        gone = draw(dropped)
        return {k: v for k, v in item.items() if k not in gone}

    return drop


def _long(key: str) -> ItemBreaker:
    return lambda draw, item: {**item, key: "n" * draw(_LONG_LENGTHS)}


def _bad_type(draw: st.DrawFn, item: dict) -> dict:
    return {**item, "type": draw(_BAD_TYPES)}


MEMBERS: dict[str, Members] = {
    "fields.valid": valid,
    "fields.missing": _missing,
    "fields.unknown-parameter": _unknown_parameter,
    "fields.missing-required": _missing_required,
    "fields.read-only": _read_only,
    "fields.immutable": _immutable,
    "fields.wrong-type": _wrong_type,
    "fields.loose-type": _loose_type,
    "fields.unknown-connector": _unknown_reference("connectorId"),
    "fields.unknown-source": _unknown_reference("sourceId"),
    "fields.update-without-title": _without_title,
    "fields.settings-missing-key": _settings(dropping(("code", "name", "type"))),
    "fields.settings-name-too-long": _settings(_long("name")),
    "fields.settings-code-too-long": _settings(_long("code")),
    "fields.settings-invalid-type": _settings(_bad_type),
}
