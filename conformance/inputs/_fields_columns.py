"""Payload strategies for table names and columns: table add and update, and fields.update's lists."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from hypothesis import strategies as st

from ._fields_cases import FieldsFacts
from ._fields_members import Members, dicts_of, dropping, index_below, to_form, valid
from ._schema import FieldsSchema

_BAD_TABLE_NAMES = ("Sales", "1st", "a-b", "_x", "a b", "sales!", "SALES", "tablé")
_BAD_COLUMN_NAMES = ("id", "1A", "_A", "Id", "A-B", "A B", "", "ÄB")
_BAD_COLUMN_TYPES = ("INT", "String", "integer", "text", "bool", "", "Date", " int")
_KEYS = ("name", "externalCode", "type")
# JSON values that are no positive integer to PHP; (int)1.5 is 1, so fractions above 1 are left out.
_BAD_IDS = (0, -3, "abc", "0", "-1", "", False, "5abc", 0.5)
_BAD_FORM_IDS = ("0", "-3", "abc", "", "-1", "5abc", "0.5")
_NOT_ARRAYS = ("abc", "", 5, True)

# draws what it needs and returns the columns broken one way
Columns = Callable[[st.DrawFn, list[dict]], list[dict]]
# draws what it needs and returns a table add payload changed one way (the facts at hand)
Change = Callable[[st.DrawFn, dict, FieldsFacts], dict]


def _columns(schema: FieldsSchema, facts: FieldsFacts) -> st.SearchStrategy[list[dict]]:
    """Well-formed columns, none with a name or externalCode that the table in facts already has."""
    names = frozenset(str(c.get("name")) for c in facts.existing_columns)
    codes = frozenset(str(c.get("externalCode")) for c in facts.existing_columns)
    return _columns_without(schema, names, codes)


@cache
def _columns_without(
    schema: FieldsSchema, names: frozenset[str], codes: frozenset[str]
) -> st.SearchStrategy[list[dict]]:
    # fields.update draws for a fresh table per example, whose columns are named as every other's: one
    # filtered strategy for them all, since Hypothesis validates (and reads the source of) each new filter
    return schema.values("fields").filter(
        lambda cols: not any(c["name"] in names or c["externalCode"] in codes for c in cols)
    )


def _replace_one(broken: Callable[[st.DrawFn, dict], dict]) -> Columns:
    def columns(draw: st.DrawFn, cols: list[dict]) -> list[dict]:
        index = draw(index_below(len(cols)))
        return [*cols[:index], broken(draw, cols[index]), *cols[index + 1 :]]

    return columns


def _set(key: str, values: st.SearchStrategy[Any]) -> Callable[[st.DrawFn, dict], dict]:
    return lambda draw, column: {**column, key: draw(values)}


def _copy(key: str) -> Columns:
    """Append a copy of one column that keeps key and changes the other compared key."""
    other = "externalCode" if key == "name" else "name"

    def columns(draw: st.DrawFn, cols: list[dict]) -> list[dict]:
        index = draw(index_below(len(cols)))
        taken = {c[other] for c in cols}
        fresh = next(f"DUP{n}" for n in range(len(cols) + 1) if f"DUP{n}" not in taken)
        return [*cols, {**cols[index], other: fresh}]

    return columns


_LONG_COLUMN_NAMES = st.integers(33, 40).map(lambda n: "C" * n)
COLUMN_FAULTS: dict[str, Columns] = {
    "fields.column-missing-key": _replace_one(dropping(_KEYS)),
    "fields.add-missing-key": _replace_one(dropping(_KEYS)),
    "fields.column-name-invalid": _replace_one(_set("name", st.sampled_from(_BAD_COLUMN_NAMES))),
    "fields.column-name-too-long": _replace_one(_set("name", _LONG_COLUMN_NAMES)),
    "fields.column-type-invalid": _replace_one(_set("type", st.sampled_from(_BAD_COLUMN_TYPES))),
    "fields.duplicate-column-names": _copy("name"),
    "fields.duplicate-column-codes": _copy("externalCode"),
}


def _table(change: Change) -> Members:
    def members(schema: FieldsSchema, facts: FieldsFacts, form: bool) -> st.SearchStrategy[dict]:
        payloads = valid(schema, facts, form, convert=False)

        # one composite rather than a flatmap, whose strategy made per draw Hypothesis would validate
        @st.composite
        def changed(draw: st.DrawFn) -> dict:
            return change(draw, draw(payloads), facts)

        out = changed()
        return out.map(to_form) if form else out

    return members


def _broken_columns(name: str) -> Members:
    fault = COLUMN_FAULTS[name]
    return _table(lambda draw, p, _: {**p, "fields": fault(draw, p["fields"])})


def _existing_name(draw: st.DrawFn, payload: dict, facts: FieldsFacts) -> dict:
    if facts.existing_name is None:
        raise ValueError("fields.table-name-exists needs FieldsFacts.existing_name, a taken name; got None")
    return {**payload, "name": facts.existing_name}


def _in_update(schema: FieldsSchema, facts: FieldsFacts, form: bool) -> st.SearchStrategy[dict]:
    extra = st.fixed_dictionaries({}, optional={"description": schema.values("description")})
    out = st.builds(lambda cols, more: {**more, "fields": cols}, schema.values("fields"), extra)
    return out.map(to_form) if form else out


_BAD_TABLE_NAME_VALUES = st.sampled_from(_BAD_TABLE_NAMES)
_LONG_TABLE_NAMES = st.integers(231, 260)
_EMPTY_COLUMNS = st.sampled_from([[], {}])
ADD_MEMBERS: dict[str, Members] = {
    "fields.table-name-invalid": _table(lambda draw, p, _: {**p, "name": draw(_BAD_TABLE_NAME_VALUES)}),
    "fields.table-name-too-long": _table(lambda draw, p, _: {**p, "name": "t" * draw(_LONG_TABLE_NAMES)}),
    "fields.columns-empty": _table(lambda draw, p, _: {**p, "fields": draw(_EMPTY_COLUMNS)}),
    "fields.table-name-exists": _table(_existing_name),
    "fields.columns-in-update": _in_update,
    **{name: _broken_columns(name) for name in COLUMN_FAULTS if name != "fields.add-missing-key"},
}


def _visible(form: bool) -> st.SearchStrategy[Any]:
    return st.booleans().map(lambda b: ("1" if b else "0") if form else b)


def valid_lists(schema: FieldsSchema, facts: FieldsFacts, form: bool) -> st.SearchStrategy[dict]:
    """add, update and delete lists the module accepts, for the table in facts; any of them may be absent."""
    ids = [c["id"] for c in facts.existing_columns if isinstance(c.get("id"), int)] or [facts.unknown]
    update = st.lists(
        st.builds(lambda i, v: {"id": i, "visible": v}, st.sampled_from(ids), _visible(form)),
        min_size=1,
        max_size=2,
    )
    delete = st.lists(st.sampled_from(ids), min_size=1, max_size=2, unique=True)
    lists = st.fixed_dictionaries(
        {}, optional={"add": _columns(schema, facts), "update": update, "delete": delete}
    )
    return lists.map(to_form) if form else lists


Broken = Callable[[st.DrawFn, Any, FieldsFacts], Any]  # draws what it needs, returns a list broken


def _lists_with(key: str, broken: Broken) -> Members:
    def members(schema: FieldsSchema, facts: FieldsFacts, form: bool) -> st.SearchStrategy[dict]:
        base = valid_lists(schema, facts, False)
        source = _columns(schema, facts) if key == "add" else base.map(lambda lists: lists.get(key))

        @st.composite
        def lists_with(draw: st.DrawFn) -> dict:
            lists = draw(base)
            return {**lists, key: broken(draw, draw(source), facts)}

        out = lists_with()
        # a form body cannot carry null: http_build_query leaves it out, so leave it out here too
        return out.map(lambda lists: _without_none(to_form(lists))) if form else out

    return members


def _without_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value if v is not None]
    return value


def _faulty_add(name: str) -> Broken:
    return lambda draw, cols, _: COLUMN_FAULTS[name](draw, cols)


_UPDATES_MISSING_KEYS = st.lists(
    st.sampled_from([{"id": 1}, {"visible": True}, {"id": 1, "visible": None}, {"ID": 1, "visible": True}]),
    min_size=1,
    max_size=2,
)
_BAD_DELETES = st.lists(st.sampled_from(_BAD_IDS), min_size=1, max_size=3)


def _update_missing(draw: st.DrawFn, _: Any, facts: FieldsFacts) -> list[dict]:
    return draw(_UPDATES_MISSING_KEYS)


def _bad_delete(draw: st.DrawFn, _: Any, facts: FieldsFacts) -> list[Any]:
    return draw(_BAD_DELETES)


def _existing(key: str) -> Broken:
    def taken(draw: st.DrawFn, cols: list[dict], facts: FieldsFacts) -> list[dict]:
        if not facts.existing_columns:
            raise ValueError(f"fields.add-existing-{key} needs FieldsFacts.existing_columns; got none")
        value = draw(_one_of_values(tuple(str(c[key]) for c in facts.existing_columns)))
        return [{**cols[0], key: value}, *cols[1:]]

    return taken


@cache
def _one_of_values(values: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.sampled_from(values)


def _not_arrays(schema: FieldsSchema, facts: FieldsFacts, form: bool) -> st.SearchStrategy[dict]:
    values = st.sampled_from(["abc", ""] if form else _NOT_ARRAYS)
    keys = st.lists(st.sampled_from(["add", "update", "delete"]), min_size=1, unique=True)
    return keys.flatmap(dicts_of(lambda key: values))


def _unknown_table(members: Members) -> Members:
    def unknown(schema: FieldsSchema, facts: FieldsFacts, form: bool) -> st.SearchStrategy[dict]:
        table = str(facts.unknown) if form else facts.unknown
        return members(schema, facts, form).map(lambda lists: {**lists, "id": table})

    return unknown


def _form_delete(members: Members) -> Members:
    # a form body has no booleans or floats to send: use the string forms instead
    def both(schema: FieldsSchema, facts: FieldsFacts, form: bool) -> st.SearchStrategy[dict]:
        if not form:
            return members(schema, facts, form)
        bad = st.lists(st.sampled_from(_BAD_FORM_IDS), min_size=1, max_size=3)
        return st.builds(lambda lists, d: {**lists, "delete": d}, valid_lists(schema, facts, True), bad)

    return both


_ADD_MISSING = _lists_with("add", _faulty_add("fields.add-missing-key"))
LIST_MEMBERS: dict[str, Members] = {
    "fields.lists-valid": valid_lists,
    "fields.lists-not-array": _not_arrays,
    "fields.add-missing-key": _ADD_MISSING,
    "fields.update-missing-key": _lists_with("update", _update_missing),
    "fields.delete-invalid-id": _form_delete(_lists_with("delete", _bad_delete)),
    "fields.add-existing-code": _lists_with("add", _existing("externalCode")),
    "fields.add-existing-name": _lists_with("add", _existing("name")),
    "fields.lists-unknown-table": _unknown_table(valid_lists),
    "fields.lists-unknown-table-bad-add": _unknown_table(_ADD_MISSING),
    **{
        name: _lists_with("add", _faulty_add(name))
        for name in COLUMN_FAULTS
        if name not in ("fields.column-missing-key", "fields.add-missing-key")
    },
}
