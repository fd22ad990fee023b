"""A Hypothesis strategy of filters in the portal's ORM dialect, over one table's own values."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from ._filters import Row, _read
from ._values import LOCALE_DATE, LOCALE_DATETIME, column_type

_NUMERIC = ("int", "double", "money")


def orm_filters(*, columns: list[dict[str, Any]], rows: list[Row], max_depth: int = 2) -> st.SearchStrategy:
    """Filter dicts as the portal sends them: conditions on the described columns, nested LOGIC groups.

    Conditions use the prefixes =, !=, >, >=, <, <=, % and !%, >< with two bounds and IN lists, with
    values drawn from the table's own cells (dates and datetimes written in the portal's locale form).
    Negations stay off columns that hold nulls. Shrinks towards fewer conditions, flatter groups and the
    first values of each column.
    """
    kinds = {str(c.get("code")): column_type(c.get("type")) for c in columns}
    cells = {code: [_read(kind, r.get(code)) for r in rows] for code, kind in kinds.items()}
    distinct = {code: sorted({v for v in vs if v is not None}) for code, vs in cells.items()}
    usable = [code for code in kinds if distinct[code]]
    if not usable:
        return st.just({})
    conditions = st.one_of(
        [_conditions(code, kinds[code], distinct[code], None in cells[code]) for code in usable]
    )

    def group(inner: st.SearchStrategy) -> st.SearchStrategy:
        return st.builds(
            _group,
            st.sampled_from(("AND", "OR")),
            st.lists(conditions, min_size=1, max_size=3),
            st.lists(inner, max_size=2),
        )

    nested = st.recursive(
        st.builds(_group, st.just("AND"), st.lists(conditions, max_size=3), st.just([])),
        group,
        max_leaves=max_depth * 2,
    )
    return nested.map(lambda g: {k: v for k, v in g.items() if k != "LOGIC" or v != "AND"})


def _group(logic: str, conditions: list[tuple[str, Any]], groups: list[dict[str, Any]]) -> dict[str, Any]:
    built: dict[str, Any] = {"LOGIC": logic}
    for key, value in conditions:
        built.setdefault(key, value)  # a key once per group, as PHP arrays keep it
    for index, inner in enumerate(groups):
        built[str(index)] = inner
    return built


def _conditions(code: str, kind: str, values: list[Any], nullable: bool) -> st.SearchStrategy:
    value = st.sampled_from(values).map(lambda v: _sent(kind, v))
    options = [st.tuples(st.sampled_from(("=", "")), value)]
    if kind in (*_NUMERIC, "date", "datetime"):
        options.append(st.tuples(st.sampled_from((">", ">=", "<", "<=")), value))
        if len(values) > 1:
            bounds = st.lists(st.sampled_from(values), min_size=2, max_size=2, unique=True).map(sorted)
            options.append(st.tuples(st.just("><"), bounds.map(lambda b: [_sent(kind, v) for v in b])))
    if kind in ("string", "int", *_NUMERIC):
        listed = st.lists(st.sampled_from(values), min_size=1, max_size=3, unique=True)
        options.append(st.tuples(st.just("="), listed.map(lambda vs: [_sent(kind, v) for v in vs])))
    if kind in ("string", "timezone"):
        options.append(
            st.tuples(
                st.just("%"),
                st.sampled_from(values)
                .flatmap(_parts)
                .filter(
                    lambda part: all(
                        (part in str(v)) == (part.casefold() in str(v).casefold()) for v in values
                    )
                ),
            )
        )
    if not nullable:
        negatable = [o for o in ("!=", "!%") if o != "!%" or kind in ("string", "timezone")]
        options.append(st.tuples(st.sampled_from(negatable), value.map(str)))
    return st.one_of(options).map(lambda pair: (f"{pair[0]}{code}", pair[1]))


def _parts(text: Any) -> st.SearchStrategy:
    text = str(text)
    if len(text) < 2:
        return st.just(text)
    return st.integers(0, len(text) - 2).flatmap(
        lambda start: st.integers(start + 1, min(len(text), start + 4)).map(lambda end: text[start:end])
    )


def _sent(kind: str, value: Any) -> Any:
    if kind == "datetime":
        return value.strftime(LOCALE_DATETIME)
    if kind == "date":
        return value.strftime(LOCALE_DATE)
    return value
