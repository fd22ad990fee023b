"""Hypothesis strategies for request inputs, grouped into named input classes (id.missing, id.zero, ...)."""

from ._cases import MISSING, IdCase, IdFacts
from ._classes import ENCODINGS, ID_CLASSES, IdClass, check_encoding, id_class, id_classes_for
from ._fields_cases import FIELD_CLASSES, FieldClass, FieldsCase, FieldsFacts, field_class
from ._fields_strategies import field_classes_for, field_payloads
from ._list_cases import LIST_CLASSES, PAGE_SIZE, ListCase, ListClass, list_class
from ._list_strategies import list_classes_for, list_params
from ._schema import FieldsSchema, entity_fields
from ._strategies import ids, lowest_id

__all__ = [
    "ENCODINGS",
    "FIELD_CLASSES",
    "ID_CLASSES",
    "LIST_CLASSES",
    "MISSING",
    "PAGE_SIZE",
    "FieldClass",
    "FieldsCase",
    "FieldsFacts",
    "FieldsSchema",
    "IdCase",
    "IdClass",
    "IdFacts",
    "ListCase",
    "ListClass",
    "check_encoding",
    "entity_fields",
    "field_class",
    "field_classes_for",
    "field_payloads",
    "id_class",
    "id_classes_for",
    "ids",
    "list_class",
    "list_classes_for",
    "list_params",
    "lowest_id",
]
