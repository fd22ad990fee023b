"""The contract: schemas/ read into methods, entity families, envelopes and error catalogs."""

from ._contract import BASE_URI, ENVELOPES, Contract, UnknownMethod, default_contract, load_contract
from ._entity import Entity, EntityParent, UnknownEntity, fill_placeholders
from ._errors import ErrorCode, FrameworkError
from ._fast import FastValidator
from ._files import SchemaDirectoryNotFound, default_schema_dir
from ._method import EFFECTS, FieldDescriptor, Method, Parent, describe_error
from ._placement import PLACEMENTS, Placement

__all__ = [
    "BASE_URI",
    "EFFECTS",
    "ENVELOPES",
    "PLACEMENTS",
    "Contract",
    "Entity",
    "EntityParent",
    "ErrorCode",
    "FastValidator",
    "FieldDescriptor",
    "FrameworkError",
    "Method",
    "Parent",
    "Placement",
    "SchemaDirectoryNotFound",
    "UnknownEntity",
    "UnknownMethod",
    "default_contract",
    "default_schema_dir",
    "describe_error",
    "fill_placeholders",
    "load_contract",
]
