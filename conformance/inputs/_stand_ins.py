"""fields.update payloads drawn once for every fresh table: its ids stand in as placeholders, bound after.

Every fresh table of a run is made from the entity's sample, so the tables differ only in their ids
(the table's and its columns'). A strategy built for each would be validated by Hypothesis for each
example; built once for placeholder ids, its draws get the real ids put in afterwards. Ids are only
ever picked from the facts (sampled_from by position), never computed, so a draw with placeholders
bound is the draw the real facts would have given.
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from typing import Any

from ._fields_cases import FieldsCase, FieldsFacts

# The table's placeholder; its columns' follow. Nineteen digits: no fields.update member draws an
# integer, or a string of digits, anywhere near as long, so a placeholder cannot be met by chance.
PLACEHOLDER = 3 * 2**61
_KEPT = 64  # placeholder facts kept, one per set of names, codes and references (a run has a few)
_kept: dict[str, FieldsFacts] = {}


def stand_ins(facts: FieldsFacts) -> tuple[FieldsFacts, dict[int, int]]:
    """facts with placeholders for the table's id and its columns' ids (the same object for the same
    names, codes and references), and the placeholder -> id map that bind() puts back."""
    if not _is_id(facts.existing):
        return facts, {}
    ids = {PLACEHOLDER: facts.existing}
    columns = []
    for position, column in enumerate(facts.existing_columns):
        # a column names its table too (datasetId): that is the table's placeholder
        column = {
            key: PLACEHOLDER if value == facts.existing and _is_id(value) else value
            for key, value in column.items()
        }
        if _is_id(column.get("id")) and column["id"] != PLACEHOLDER:
            ids[PLACEHOLDER + 1 + position] = column["id"]
            column["id"] = PLACEHOLDER + 1 + position
        columns.append(column)
    placeheld = replace(facts, existing=PLACEHOLDER, existing_columns=tuple(columns))
    shape = json.dumps(asdict(placeheld), sort_keys=True, default=repr)
    if shape not in _kept:
        if len(_kept) >= _KEPT:
            _kept.pop(next(iter(_kept)))
        _kept[shape] = placeheld
    return _kept[shape], ids


def bind(ids: dict[int, int], case: FieldsCase) -> FieldsCase:
    """case with every placeholder (an integer, or its digits in a form body) replaced by its id."""
    texts = {str(placeholder): str(real) for placeholder, real in ids.items()}
    return replace(case, params=_swap(case.params, ids, texts))


def _swap(value: Any, ids: dict[int, int], texts: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {key: _swap(item, ids, texts) for key, item in value.items()}
    if isinstance(value, list):
        return [_swap(item, ids, texts) for item in value]
    if _is_id(value):
        return ids.get(value, value)
    if isinstance(value, str):
        return texts.get(value, value)
    return value


def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
