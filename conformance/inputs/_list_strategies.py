"""The list_params() strategy: select, filter, order and page parameters of the named list classes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache

from hypothesis import strategies as st

from conformance.contract import Contract, Method

from . import _list_members as parts
from ._classes import check_encoding
from ._fields_members import to_form
from ._list_cases import LIST_CLASSES, ListCase, ListClass, list_class
from ._list_members import ListTitles, list_titles

Parts = dict[str, st.SearchStrategy]  # param name -> its values
_Builder = Callable[[ListTitles, bool], tuple[Parts, Parts]]  # (fixed params, optional params)


@cache
def _filter_later(t: ListTitles) -> st.SearchStrategy:
    """Filters whose only faults are in their contents, which a type error or select error outranks."""
    return st.one_of(parts.filter_valid(t), parts.filter_unknown_key(t), parts.filter_bad_logic(t))


@cache
def _order_later(t: ListTitles) -> st.SearchStrategy:
    return st.one_of(parts.order_valid(t), parts.order_unknown_key(t), parts.order_bad_direction(t))


# Each class breaks what its name says; the optional parts are valid or hold faults the module meets later.
_BUILDERS: dict[str, _Builder] = {
    "list.plain": lambda t, form: ({}, {}),
    "list.select-valid": lambda t, form: ({"select": parts.select_valid(t)}, {"order": parts.order_valid(t)}),
    "list.select-unknown": lambda t, form: (
        {"select": parts.select_unknown(t)},
        {"filter": _filter_later(t), "order": _order_later(t)},
    ),
    "list.select-not-array": lambda t, form: (
        {"select": parts.not_array(form)},
        {"filter": _filter_later(t), "order": _order_later(t)},
    ),
    "list.filter-valid": lambda t, form: (
        {"filter": parts.filter_valid(t)},
        {"select": parts.select_valid(t), "order": parts.order_valid(t)},
    ),
    "list.filter-unknown-key": lambda t, form: (
        {"filter": parts.filter_unknown_key(t)},
        {"select": parts.select_valid(t), "order": _order_later(t)},
    ),
    "list.filter-not-array": lambda t, form: (
        {"filter": parts.not_array(form)},
        {"select": st.one_of(parts.select_valid(t), parts.select_unknown(t)), "order": _order_later(t)},
    ),
    "list.filter-bad-logic": lambda t, form: (
        {"filter": parts.filter_bad_logic(t)},
        {"select": parts.select_valid(t), "order": _order_later(t)},
    ),
    "list.order-valid": lambda t, form: (
        {"order": parts.order_valid(t)},
        {"select": parts.select_valid(t), "filter": parts.filter_valid(t)},
    ),
    "list.order-bad-direction": lambda t, form: (
        {"order": parts.order_bad_direction(t)},
        {"select": parts.select_valid(t), "filter": parts.filter_valid(t)},
    ),
    "list.order-unknown-key": lambda t, form: (
        {"order": parts.order_unknown_key(t)},
        {"select": parts.select_valid(t), "filter": parts.filter_valid(t)},
    ),
    "list.order-not-array": lambda t, form: (
        {"order": parts.not_array(form)},
        {"select": st.one_of(parts.select_valid(t), parts.select_unknown(t)), "filter": _filter_later(t)},
    ),
}


def list_params(
    method: Method,
    *,
    classes: Sequence[str] | None = None,
    encoding: str = "json",
    contract: Contract | None = None,
) -> st.SearchStrategy[ListCase]:
    """Generate ListCase inputs for a list method, drawn from the named list classes.

    Titles come from the entity's fields schema (select: only those the list item schema holds; filter
    and order: scalar columns). An invalid class breaks its own part and may carry faults the module
    checks later (a select error with unknown filter keys, say), never earlier ones. Form and query
    params hold strings, lists and dicts only. Shrinks towards the first class asked for, then to its
    bare fault: the first title, "=" and ASC, optional parts left out.
    """
    check_encoding(encoding)
    titles = _titles(method, contract)
    chosen = _chosen(method, classes)
    return st.one_of([_member(titles, cls, encoding) for cls in chosen])


@cache  # one per run for the same titles, class and encoding (validated once)
def _member(titles: ListTitles, cls: ListClass, encoding: str) -> st.SearchStrategy[ListCase]:
    form = encoding != "json"
    if cls.name == "list.page":
        params = parts.page_params()
    else:
        fixed, optional = _BUILDERS[cls.name](titles, form)
        params = st.fixed_dictionaries(fixed, optional=optional)
    if form:
        params = params.map(to_form)
    return params.map(lambda p, name=cls.name: ListCase(name, encoding, p))


def list_classes_for(method: Method, encoding: str = "json") -> tuple[ListClass, ...]:
    """The classes that apply to a list method in encoding (every class, both encodings carry them all)."""
    check_encoding(encoding)
    _check_list(method)
    return LIST_CLASSES


@cache
def _cached_titles(method: Method) -> ListTitles:
    return list_titles(method)


def _titles(method: Method, contract: Contract | None) -> ListTitles:
    _check_list(method)
    return list_titles(method, contract) if contract is not None else _cached_titles(method)


def _check_list(method: Method) -> None:
    if method.action != "list":
        raise ValueError(f"Expected a list method, got {method.name}")


def _chosen(method: Method, classes: Sequence[str] | None) -> tuple[ListClass, ...]:
    if classes is None:
        return LIST_CLASSES
    if isinstance(classes, str):
        raise TypeError(f"Expected a sequence of class names for classes, got the string {classes!r}")
    chosen = tuple(list_class(name) for name in classes)
    if not chosen:
        names = ", ".join(cls.name for cls in LIST_CLASSES)
        raise ValueError(f"Expected at least one list class name for {method.name}, among {names}")
    return chosen
