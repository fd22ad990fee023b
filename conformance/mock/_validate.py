"""The module's generic input checks: the object id rule and the add fields, first error only."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

from ..contract import FieldDescriptor
from . import _php
from ._errors import framework_error, module_error

# How Base checks a value against a field's schema type; datetime and unknown types pass.
_TYPE_CHECKS: dict[str, Callable[[Any], bool]] = {
    "integer": _php.is_numeric,
    "string": lambda value: isinstance(value, str),
    "array": _php.is_array,
    "boolean": lambda value: isinstance(value, bool),
}


def object_id(params: dict[str, Any], name: str) -> int:
    """validateParamsId: the id as the module will look it up, or its validation error."""
    if name not in params:
        # Only true absence: a null id is present, and fails the format check below.
        raise module_error("VALIDATION_ID_NOT_PROVIDED")
    value = params[name]
    if not _php.is_numeric(value) or _php.to_int(value) <= 0:
        raise module_error("VALIDATION_INVALID_ID_FORMAT")
    return _php.to_int(value)


def add_fields(
    params: dict[str, Any], descriptors: Sequence[FieldDescriptor], titles: Collection[str]
) -> dict[str, Any]:
    """The fields parameter of an add call once it passes the checks, in the module's order.

    titles are the descriptors' titles, which the caller keeps rather than rebuild per call."""
    return _checked(params, descriptors, titles, update=False)


def update_fields(
    params: dict[str, Any], descriptors: Sequence[FieldDescriptor], titles: Collection[str]
) -> dict[str, Any]:
    """The fields parameter of an update call: nothing is required, immutable fields are refused."""
    return _checked(params, descriptors, titles, update=True)


def _checked(
    params: dict[str, Any], descriptors: Sequence[FieldDescriptor], titles: Collection[str], *, update: bool
) -> dict:
    fields = params.get("fields")
    if not _php.is_array(fields) or not fields:
        raise module_error("VALIDATION_FIELDS_NOT_PROVIDED")
    if isinstance(fields, list):
        # A JSON list is a PHP array keyed 0..n-1: every key is an unknown parameter.
        fields = dict(_php.items(fields))
    unknown = [key for key in fields if key not in titles]
    if unknown:
        raise module_error("VALIDATION_UNKNOWN_PARAMETERS", LIST_OF_PARAMS=", ".join(unknown))
    for field in descriptors:
        present = _php.isset(fields, field.title)
        if not update and field.is_required and not field.is_read_only and not present:
            raise module_error("VALIDATION_REQUIRED_FIELD_MISSING", TITLE=field.title)
        if not present:
            continue
        if field.is_read_only:
            raise module_error("VALIDATION_READ_ONLY_FIELD", TITLE=field.title)
        if update and field.is_immutable:
            raise module_error("VALIDATION_IMMUTABLE_FIELD", TITLE=field.title)
        check = _TYPE_CHECKS.get(field.type)
        if check is not None and not check(fields[field.title]):
            raise module_error("VALIDATION_INVALID_FIELD_TYPE", TITLE=field.title, TYPE=field.type)
    return fields


def within_lengths(fields: dict[str, Any], max_lengths: Mapping[str, int]) -> dict[str, Any]:
    """fields once every string among them fits its column; ERROR_ARGUMENT (400) for one that does not.

    GUESS: the docs give the limits (FACTS: title 512, URLs 2048, sourceCode 64) but no error for
    them; the ORM's length validator refuses the add, which the framework answers as an argument error.
    """
    for title, limit in max_lengths.items():
        value = fields.get(title)
        if isinstance(value, str) and len(value) > limit:
            raise framework_error(
                "ERROR_ARGUMENT",
                f'Expected field "{title}" of at most {limit} characters, got {len(value)}.',
            )
    return fields
