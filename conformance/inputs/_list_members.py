"""The parts of a list call (select, filter, order, page), valid and broken, from the entity's titles."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from hypothesis import strategies as st

from conformance.contract import Contract, Method, default_contract

# Operators of the ORM's filter syntax; the module strips any run of <>=!@% before it checks the title.
OPERATORS = ("", "=", "!", "!=", ">", ">=", "<", "<=", "@", "!@", "%", "!%", "=%", "%=")
_TEXT_OPERATORS = ("", "=", "!", "!=", "%", "!%", "=%", "%=", "@", "!@")
_DATE_OPERATORS = ("", "=", "!", ">", ">=", "<", "<=")
DIRECTIONS = ("ASC", "DESC", "asc", "desc", "Asc", "Desc", "dEsC")
# Letters only: what the ORM does with blanks or non-strings (trim, TypeError) is not on record.
BAD_DIRECTIONS = ("UPWARDS", "up", "down", "ascending", "Descending", "random", "ASCC", "DES", "none")
BAD_LOGIC = ("XOR", "NOT", "ANDOR", "AND OR", " AND", "OR ", "&&", "||", "1", "both")
UNKNOWN_NAMES = ("foo", "ID", "Title", "APP_ID", "appId", "date_create", "DATE_CREATE", "csvDelimiter")
UNKNOWN_ORDER_NAMES = (*UNKNOWN_NAMES, "!id", ">id", "-id")
# Not arrays, and not empty either: whether the module reads "", 0 or false as "not given" is not on record.
NOT_ARRAYS = ("id", "*", "abc", 5, 1.5, True)
NOT_ARRAYS_FORM = ("id", "*", "abc", "5")
_DATE = "2024-01-02 03:04:05"
# Every strategy below is built once per run for its arguments (@cache): the list grid asks for the same
# parts in many tests, and Hypothesis validates each new strategy object before its first draw.


@dataclass(frozen=True)
class ListTitles:
    """What a list method's entity offers to select, filter and order on."""

    titles: tuple[str, ...]  # every title the module accepts
    selectable: tuple[str, ...]  # titles a list item carries
    filterable: tuple[tuple[str, str], ...]  # (title, type): scalar columns only
    orderable: tuple[str, ...]


def list_titles(method: Method, contract: Contract | None = None) -> ListTitles:
    """Read the titles of method's entity and which of them the list item schema holds."""
    contract = contract or default_contract()
    descriptors = method.fields
    item = _list_item(method, contract)
    # Array columns (settings, a table's fields) hold JSON or live elsewhere: sorting or filtering on
    # them is valid for the module's check but its effect in SQL is not on record.
    scalar = [d for d in descriptors if d.type in ("integer", "string", "datetime")]
    return ListTitles(
        titles=tuple(d.title for d in descriptors),
        selectable=tuple(d.title for d in descriptors if d.title in item),
        filterable=tuple((d.title, d.type) for d in scalar),
        orderable=tuple(d.title for d in descriptors if d.type != "array"),
    )


def _list_item(method: Method, contract: Contract) -> set[str]:
    resolver = contract.registry.resolver(base_uri=method.document["$id"])
    result = method.document["$defs"]["result"]
    ref = result.get("items", {}).get("$ref")
    if ref is None:
        raise ValueError(f"Expected {method.name}'s result to be an array of $ref items, got {result}")
    return set(resolver.lookup(ref).contents.get("properties", {}))


@cache
def _unknown(names: tuple[str, ...], titles: ListTitles) -> st.SearchStrategy[str]:
    return st.sampled_from([name for name in names if name not in titles.titles])


def _insert(items: list, extra: list, positions: list[int]) -> list:
    items = list(items)
    for item, position in zip(extra, positions, strict=False):
        items.insert(min(position, len(items)), item)
    return items


_POSITIONS = st.lists(st.integers(0, 6), min_size=2, max_size=2)

# select ----------------------------------------------------------------------------------


@cache
def select_valid(titles: ListTitles) -> st.SearchStrategy[list[str]]:
    """["*"], or one to four titles of the list item, sometimes after "*"."""
    names = st.lists(st.sampled_from(titles.selectable), min_size=1, max_size=4, unique=True)
    return st.one_of(st.just(["*"]), names, names.map(lambda chosen: ["*", *chosen]))


@cache
def select_unknown(titles: ListTitles) -> st.SearchStrategy[list[str]]:
    """A select of titles with one or two unknown names among them."""
    base = st.one_of(st.just([]), select_valid(titles))
    extra = st.lists(_unknown(UNKNOWN_NAMES, titles), min_size=1, max_size=2, unique=True)
    return st.builds(_insert, base, extra, _POSITIONS)


@cache
def not_array(form: bool) -> st.SearchStrategy[Any]:
    """A value that is no array."""
    return st.sampled_from(NOT_ARRAYS_FORM if form else NOT_ARRAYS)


# filter ----------------------------------------------------------------------------------


@cache  # drawn anew for each condition: one strategy object per column is validated once, not per draw
def _condition(title: str, kind: str) -> st.SearchStrategy[tuple[str, Any]]:
    if kind == "integer":
        operators, scalar = OPERATORS, st.integers(1, 10**6)
        numbers = st.lists(st.integers(1, 10**6), min_size=1, max_size=3)
    elif kind == "string":
        operators, scalar = _TEXT_OPERATORS, st.text("abcxyz_-", min_size=1, max_size=8)
        # Numeric items only: if the module recursed into an array value, numeric ones pass its check.
        numbers = st.lists(st.integers(1, 999).map(str), min_size=1, max_size=3)
    else:
        operators, scalar, numbers = _DATE_OPERATORS, st.just(_DATE), st.nothing()

    chosen = st.sampled_from(operators)

    # a composite, not a flatmap: the strategy a flatmap makes per draw would be validated per draw
    @st.composite
    def condition(draw: st.DrawFn) -> tuple[str, Any]:
        operator = draw(chosen)
        return operator + title, draw(numbers if operator in ("@", "!@") else scalar)

    return condition()


@cache
def _conditions(titles: ListTitles) -> st.SearchStrategy[list[tuple[str, Any]]]:
    one = st.sampled_from(titles.filterable).flatmap(lambda pair: _condition(*pair))
    return st.lists(one, min_size=1, max_size=3, unique_by=lambda pair: pair[0])


_LOGIC = st.sampled_from(("AND", "OR", "and", "or", "Or", "aNd"))


@cache
def _group(titles: ListTitles) -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(
        lambda pairs, logic: dict(pairs) if logic is None else {**dict(pairs), "logic": logic},
        _conditions(titles),
        st.none() | _LOGIC,
    )


@cache
def filter_valid(titles: ListTitles) -> st.SearchStrategy[dict[str, Any] | list[dict[str, Any]]]:
    """Conditions on real titles with any operator, groups under numeric keys, logic in any case."""
    groups = st.lists(_group(titles), max_size=2)

    def build(pairs, nested, logic):
        built = dict(pairs)
        built.update({str(index): group for index, group in enumerate(nested)})
        if logic is not None:
            built["logic"] = logic
        return built

    flat = st.builds(build, _conditions(titles), groups, st.none() | _LOGIC)
    return st.one_of(flat, st.lists(_group(titles), min_size=1, max_size=2))


@cache
def filter_unknown_key(titles: ListTitles) -> st.SearchStrategy[dict[str, Any]]:
    """A valid filter with one or two top-level keys whose title, once stripped of its prefix, is unknown."""
    key = st.builds(lambda op, name: op + name, st.sampled_from(OPERATORS), _unknown(UNKNOWN_NAMES, titles))
    extra = st.lists(st.tuples(key, st.sampled_from(("x", 1))), min_size=1, max_size=2)

    def build(base, pairs, positions):
        items = list(_as_dict(base).items())
        return dict(_insert(items, pairs, positions))

    return st.builds(build, filter_valid(titles), extra, _POSITIONS)


@cache
def filter_bad_logic(titles: ListTitles) -> st.SearchStrategy[dict[str, Any]]:
    """A valid filter with a logic that is neither AND nor OR, at the top or in its first group."""

    def build(base, bad, nested):
        base = _as_dict(base)
        if nested and "0" in base:
            return {**base, "0": {**base["0"], "logic": bad}}
        return {**base, "logic": bad}

    return st.builds(build, filter_valid(titles), st.sampled_from(BAD_LOGIC), st.booleans())


def _as_dict(base: dict | list) -> dict[str, Any]:
    return {str(index): group for index, group in enumerate(base)} if isinstance(base, list) else base


# order -----------------------------------------------------------------------------------


@cache
def _order_entries(titles: ListTitles) -> st.SearchStrategy[list[tuple[str, str]]]:
    return st.lists(
        st.tuples(st.sampled_from(titles.orderable), st.sampled_from(DIRECTIONS)),
        min_size=1,
        max_size=3,
        unique_by=lambda pair: pair[0],
    )


@cache
def order_valid(titles: ListTitles) -> st.SearchStrategy[dict[str, str]]:
    """One to three real titles, each ASC or DESC in any case."""
    return _order_entries(titles).map(dict)


@cache
def order_bad_direction(titles: ListTitles) -> st.SearchStrategy[dict[str, str]]:
    """A valid order with one direction that is neither ASC nor DESC."""

    def build(entries, index, bad):
        entries = list(entries)
        title, _ = entries[index % len(entries)]
        entries[index % len(entries)] = (title, bad)
        return dict(entries)

    return st.builds(build, _order_entries(titles), st.integers(0, 2), st.sampled_from(BAD_DIRECTIONS))


@cache
def order_unknown_key(titles: ListTitles) -> st.SearchStrategy[dict[str, str]]:
    """An order with one or two unknown keys among real titles; any direction may be bad as well."""
    direction = st.sampled_from(DIRECTIONS + BAD_DIRECTIONS)
    extra = st.lists(
        st.tuples(_unknown(UNKNOWN_ORDER_NAMES, titles), direction),
        min_size=1,
        max_size=2,
        unique_by=lambda pair: pair[0],
    )
    base = st.one_of(
        st.just([]), _order_entries(titles), order_bad_direction(titles).map(lambda o: [*o.items()])
    )
    return st.builds(
        lambda entries, pairs, positions: dict(_insert(entries, pairs, positions)), base, extra, _POSITIONS
    )


# page ------------------------------------------------------------------------------------


@cache
def page_params() -> st.SearchStrategy[dict[str, int]]:
    """A page number, a start offset, or both."""
    page, start = st.integers(1, 4), st.integers(1, 500)
    return st.one_of(
        st.builds(lambda p: {"page": p}, page),
        st.builds(lambda p, s: {"page": p, "start": s}, page, start),
        st.builds(lambda s: {"start": s}, start),
    )
