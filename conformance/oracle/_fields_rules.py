"""The module's validation of a fields payload (FACTS section 1): generic rules, then the entity's own."""

from __future__ import annotations

import re
from typing import Any

from conformance.contract import FieldDescriptor, Method
from conformance.inputs import MISSING, FieldsFacts
from conformance.outcome import SUCCESS, Outcome

from . import _php
from ._view import is_array, type_ok

SETTING_TYPES = ("STRING", "INT")
COLUMN_TYPES = ("int", "string", "double", "date", "datetime", "money", "timezone")
_TABLE_NAME = r"[a-z][a-z0-9_]*"
_COLUMN_NAME = r"[A-Z][A-Z0-9_]*"


def text(method: Method, code: str, **values: str) -> Outcome:
    """Outcome(code) with its exact text: the catalog's constant, or its template filled with values."""
    if code == "0":
        return Outcome("0", values["text"])
    entry = method.error(code) if method.documents(code) else None
    if entry is None:
        raise KeyError(f"{method.name} documents no {code}; the oracle cannot expect it")
    if entry.pattern is None:
        return Outcome(code, entry.description)
    filled = entry.template
    for name, value in values.items():
        filled = filled.replace(f"#{name}#", value)
    return Outcome(code, filled)


def generic(
    method: Method, descriptors: tuple[FieldDescriptor, ...], fields: Any, semantics: str
) -> Outcome | None:
    """The first error of Base's field validation, or None when the payload passes it."""
    if fields is MISSING or not is_array(fields) or not fields:
        return text(method, "VALIDATION_FIELDS_NOT_PROVIDED")
    keys = [str(k) for k in (fields if isinstance(fields, dict) else range(len(fields)))]
    titles = {d.title for d in descriptors}
    unknown = [key for key in keys if key not in titles]  # INFER: in the order the request lists them
    if unknown:
        return text(method, "VALIDATION_UNKNOWN_PARAMETERS", LIST_OF_PARAMS=", ".join(unknown))
    given = fields if isinstance(fields, dict) else {}
    update = method.action == "update"
    for d in descriptors:  # field by field in schema order; the first error of the first field wins
        if d.title not in given:
            if not update and d.is_required and not d.is_read_only:
                return text(method, "VALIDATION_REQUIRED_FIELD_MISSING", TITLE=d.title)
            continue
        if d.is_read_only:
            return text(method, "VALIDATION_READ_ONLY_FIELD", TITLE=d.title)
        if update and d.is_immutable:
            return text(method, "VALIDATION_IMMUTABLE_FIELD", TITLE=d.title)
        if not type_ok(d.type, given[d.title], semantics):
            return text(method, "VALIDATION_INVALID_FIELD_TYPE", TITLE=d.title, TYPE=d.type)
    return None


def entity(method: Method, fields: dict, facts: FieldsFacts) -> Outcome:
    """The entity family's own rules once the generic ones pass: settings, columns, references."""
    rules = {"connector": _connector, "source": _source, "table": _table}
    return rules.get(method.storage, lambda *_: SUCCESS)(method, fields, facts)


def _connector(method: Method, fields: dict, facts: FieldsFacts) -> Outcome:
    settings = fields.get("settings", [])
    for item in settings.values() if isinstance(settings, dict) else settings:
        if not isinstance(item, dict) or not all(key in item for key in ("type", "name", "code")):
            return text(method, "VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS")
        if len(str(item["name"])) >= 512:
            return text(method, "VALIDATION_SETTINGS_NAME_TOO_LONG")
        if len(str(item["code"])) >= 512:
            return text(method, "VALIDATION_SETTINGS_CODE_TOO_LONG")
        if item["type"] not in SETTING_TYPES:
            return text(method, "VALIDATION_SETTINGS_INVALID_TYPE")
    return SUCCESS


def _source(method: Method, fields: dict, facts: FieldsFacts) -> Outcome:
    if method.action == "update":
        if "title" not in fields:
            return text(method, "0", text="All the fields are required.")
        return SUCCESS
    if _reference(fields.get("connectorId")) != facts.connector:
        return text(method, "CONNECTOR_NOT_FOUND")
    return SUCCESS  # the suite's connectors answer urlCheck, so the connection is made


def _table(method: Method, fields: dict, facts: FieldsFacts) -> Outcome:
    if method.action == "update":
        if "fields" in fields:
            return text(method, "INVALID_METHOD")
        return SUCCESS
    # INFER, the order FACTS leaves open: the source is loaded first (a handler needs its parent), then
    # the name, the columns one by one, repeats within the request, and last the portal-wide name check.
    if _reference(fields.get("sourceId")) != facts.source:
        return text(method, "SOURCE_NOT_FOUND")
    name = _php_str(fields.get("name", ""))
    if not re.fullmatch(_TABLE_NAME, name):
        return text(method, "VALIDATION_DATASET_NAME_INVALID")
    if len(name) > 230:
        return text(method, "VALIDATION_DATASET_NAME_TOO_LONG")
    columns = fields.get("fields")
    columns = list(columns.values()) if isinstance(columns, dict) else columns or []
    if not columns:
        return text(method, "FIELDS_EMPTY")
    checked = checked_columns(method, columns, "VALIDATION_FIELD_MISSING_REQUIRED_PARAMETERS")
    if isinstance(checked, Outcome):
        return checked
    if name == facts.existing_name:
        if method.entity == "dataset":
            return text(method, "DATASET_ALREADY_EXIST")  # dataset.add words it its own way, no name
        return text(method, "NAME_EXISTS", NAME=name)
    return SUCCESS


def checked_columns(method: Method, raws: list[Any], missing: str) -> list[dict[str, str]] | Outcome:
    """The columns as the module reads them, or the first error: each column's own, then repeats."""
    columns = []
    for raw in raws:
        column = _checked_column(method, raw, missing)
        if isinstance(column, Outcome):
            return column
        columns.append(column)
    repeated = _repeats(method, columns)
    return columns if repeated is None else repeated


def _checked_column(method: Method, raw: Any, missing: str) -> dict[str, str] | Outcome:
    """One column as the module reads it (isset on the three keys, then strings), or its first error.

    INFER: the name's format is checked before its length, then the type (case-sensitive).
    """
    column = raw if isinstance(raw, dict) else {}
    if not all(column.get(key) is not None for key in ("name", "externalCode", "type")):
        return text(method, missing)
    name, code, kind = (_php_str(column[key]) for key in ("name", "externalCode", "type"))
    if not re.fullmatch(_COLUMN_NAME, name):
        return text(method, "VALIDATION_FIELD_NAME_INVALID_FORMAT")
    if len(name) > 32:
        return text(method, "VALIDATION_FIELD_NAME_TOO_LONG")
    if kind not in COLUMN_TYPES:
        return text(method, "VALIDATION_FIELD_INVALID_TYPE")
    return {"name": name, "externalCode": code, "type": kind}


def _repeats(method: Method, columns: list[dict[str, str]]) -> Outcome | None:
    """The error for external codes, then names, repeated within one request (INFER: codes first)."""
    codes = _repeated(column["externalCode"] for column in columns)
    if codes:
        return text(method, "VALIDATION_DUPLICATE_FIELD_CODE", LIST_CODES=", ".join(codes))
    names = _repeated(column["name"] for column in columns)
    if not names:
        return None
    # table.add answers from the BI Builder layer; dataset.add and fields.update from the REST one
    if method.action == "add" and not method.documents("VALIDATION_DUPLICATE_FIELD_NAME"):
        return text(method, "DUPLICATE_FIELDS", FIELD_NAMES=", ".join(names))
    return text(method, "VALIDATION_DUPLICATE_FIELD_NAME", LIST_NAMES=", ".join(names))


def _php_str(value: Any) -> str:
    """PHP's (string) of a decoded scalar: true is "1", false is "", floats as PHP prints them."""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _repeated(values) -> list[str]:
    seen: list[str] = []
    repeated: list[str] = []
    for value in map(str, values):
        if value in seen and value not in repeated:
            repeated.append(value)
        seen.append(value)
    return repeated


def _reference(value: Any) -> int | None:
    return _php.to_int(value) if _php.is_numeric(value) else None
