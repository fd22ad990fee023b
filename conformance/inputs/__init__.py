"""Hypothesis strategies for request inputs, grouped into named input classes (id.missing, id.zero, ...)."""

from ._cases import MISSING, IdCase, IdFacts
from ._classes import ENCODINGS, ID_CLASSES, IdClass, id_class, id_classes_for
from ._strategies import ids, lowest_id

__all__ = [
    "ENCODINGS",
    "ID_CLASSES",
    "MISSING",
    "IdCase",
    "IdClass",
    "IdFacts",
    "id_class",
    "id_classes_for",
    "ids",
    "lowest_id",
]
