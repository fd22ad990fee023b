"""The module's checks of fields.update's add, update and delete lists (FACTS section 1, Table / dataset)."""

from __future__ import annotations

from typing import Any

from conformance.contract import Method
from conformance.inputs import MISSING, FieldsFacts
from conformance.outcome import SUCCESS, Outcome

from . import _php
from ._fields_rules import checked_columns, text
from ._view import get, is_array


def fields_update(method: Method, view: dict, facts: FieldsFacts, table: int) -> Outcome:
    """The first error of fields.update once the id passed, or success; table is the id looked up.

    The lists are checked before the table is looked up (FACTS). INFER, where FACTS is silent: the
    format checks follow the processing order update, add, delete; repeats within add come after every
    added column passed; the checks against the table's current columns come after the lookup, codes
    before names, as within one request.
    """
    updates, added, deleted = (_listed(view, key) for key in ("update", "add", "delete"))
    for item in updates:
        entry = item if isinstance(item, dict) else {}
        if entry.get("id") is None or entry.get("visible") is None:  # isset()
            return text(method, "VALIDATION_FIELD_UPDATE_MISSING_REQUIRED_FIELDS")
    columns = checked_columns(method, added, "VALIDATION_FIELD_ADD_MISSING_REQUIRED_FIELDS")
    if isinstance(columns, Outcome):
        return columns
    if not all(_php.is_numeric(value) and _php.to_int(value) > 0 for value in deleted):
        return text(method, "VALIDATION_FIELD_DELETE_INVALID_ID")
    if table != facts.existing:
        return text(method, method.not_found_code or "DATASET_NOT_FOUND")
    for key, code, placeholder in (
        ("externalCode", "VALIDATION_DUPLICATE_EXIST_CODE", "LIST_CODES"),
        ("name", "VALIDATION_DUPLICATE_EXIST_NAME", "LIST_NAMES"),
    ):
        current = {str(column.get(key)) for column in facts.existing_columns}
        taken = [column[key] for column in columns if column[key] in current]
        if taken:
            return text(method, code, **{placeholder: ", ".join(taken)})
    return SUCCESS


def _listed(view: dict, key: str) -> list[Any]:
    # a list that is not an array is skipped, not refused
    value = get(view, key)
    if value is MISSING or not is_array(value):
        return []
    return list(value.values()) if isinstance(value, dict) else list(value)
