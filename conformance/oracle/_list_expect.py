"""A list call -> the expected outcome and its exact text: the module's checks of select, filter, order."""

from __future__ import annotations

from typing import Any

from conformance.contract import Method
from conformance.inputs import MISSING, ListCase
from conformance.outcome import SUCCESS, Expectation, Outcome

from . import _php
from ._expect import Auth
from ._fields_rules import text
from ._view import is_array, php_view

_PREFIX = "<>=!@%"
_DIRECTIONS = ("ASC", "DESC")
_LOGIC = ("AND", "OR")


def expect_list(method: Method, case: ListCase, *, auth: Auth = "oauth") -> Expectation:
    """What a list method answers for case: the first error of the module's order, or success.

    The order (FACTS, List): app context; select, filter, order must be arrays, in that order; then the
    select names, the filter keys (logic, groups), the order keys; then, when the query is built, each
    order direction, which the ORM refuses with ERROR_ARGUMENT at the root. The docs and the module agree
    here, so both semantics expect the same outcome.
    """
    if method.action != "list":
        raise ValueError(f"Expected a list method, got {method.name}")
    if auth not in ("oauth", "webhook"):
        raise ValueError(f"Expected auth 'oauth' or 'webhook', got {auth!r}")
    outcome = _outcome(method, case, auth)
    return Expectation(documented=outcome, module=outcome)


def _outcome(method: Method, case: ListCase, auth: Auth) -> Outcome:
    if auth == "webhook" and method.app_context:
        return text(method, "ACCESS_DENIED")
    view = php_view(case.params, case.encoding)
    # INFER: an absent or null part is the default (PHP's ??); the generated cases send no "", 0 or false,
    # whose reading (?? or empty()) is not on record.
    parts = {
        name: _given(view, name, default)
        for name, default in (("select", ["*"]), ("filter", {}), ("order", {}))
    }
    for name, value in parts.items():
        if not is_array(value):
            return text(method, f"VALIDATION_{name.upper()}_TYPE")
    titles = frozenset(d.title for d in method.fields)
    for name in _values(parts["select"]):
        if not (isinstance(name, str) and (name == "*" or name in titles)):
            return text(method, "VALIDATION_FIELD_NOT_ALLOWED_IN_SELECT", FIELD=_to_str(name))
    error = _filter_error(method, parts["filter"], titles)
    if error is not None:
        return error
    for key, _ in _items(parts["order"]):
        if key not in titles:  # order keys are titles as they are: no prefixes
            return text(method, "VALIDATION_FIELD_NOT_ALLOWED_IN_ORDER", FIELD=key)
    for _, direction in _items(parts["order"]):
        upper = _upper(_to_str(direction))
        if upper not in _DIRECTIONS:
            return Outcome("ERROR_ARGUMENT", f'Invalid order "{upper}"')
    return SUCCESS


def _filter_error(method: Method, filter_: Any, titles: frozenset[str]) -> Outcome | None:
    """The first bad key of a filter, walked in the order the request lists it, groups included."""
    for key, value in _items(filter_):
        if key == "logic":
            if not (isinstance(value, str) and _upper(value) in _LOGIC):
                return text(method, "VALIDATION_INVALID_FILTER_LOGIC")
            continue
        if _php.is_numeric(key) and is_array(value):
            error = _filter_error(method, value, titles)
            if error is not None:
                return error
            continue
        if _php.is_numeric(key) and _php.is_numeric(value):
            continue
        # INFER: the text names the title with its operator prefix stripped, as the check compares it
        name = key.lstrip(_PREFIX)
        if name not in titles:
            return text(method, "VALIDATION_FIELD_NOT_ALLOWED_IN_FILTER", FIELD=name)
    return None


def _given(view: dict, name: str, default: Any) -> Any:
    value = view.get(name, MISSING)
    return default if value is MISSING or value is None else value


def _items(value: Any) -> list[tuple[str, Any]]:
    pairs = value.items() if isinstance(value, dict) else enumerate(value)
    return [(str(key), item) for key, item in pairs]


def _values(value: Any) -> list[Any]:
    return list(value.values()) if isinstance(value, dict) else list(value)


def _upper(value: str) -> str:
    # PHP 8's strtoupper changes ASCII letters only
    return "".join(chr(ord(c) - 32) if "a" <= c <= "z" else c for c in value)


def _to_str(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else ""
    return value if isinstance(value, str) else str(value)
