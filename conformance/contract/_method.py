"""One REST method of the contract: its params, result and documented error codes."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from ._errors import ErrorCode
from ._fast import FastValidator


@dataclass(frozen=True)
class FieldDescriptor:
    """One entry of what a *.fields method returns, read from a fields schema."""

    title: str
    type: str
    is_required: bool
    is_read_only: bool
    is_immutable: bool
    is_multiple: bool

    def as_json(self) -> dict[str, Any]:
        """The shape the module sends in result.fields."""
        return {
            "title": self.title,
            "type": self.type,
            "isRequired": self.is_required,
            "isReadOnly": self.is_read_only,
            "isImmutable": self.is_immutable,
            "isMultiple": self.is_multiple,
        }


EFFECTS = ("read", "create", "update", "delete")
_LONG_MAX = 2**63 - 1  # PHP_INT_MAX: the largest id a lowest-id search may find accepted


@dataclass(frozen=True)
class Parent:
    """The object an entity hangs from: which entity, through which field, and its not-found code."""

    entity: str
    field: str
    not_found_code: str


@dataclass(frozen=True)
class Method:
    """A documented method: name, what it acts on, and validators for its data."""

    name: str
    entity: str
    action: str
    app_context: bool
    id_param: str | None
    error_codes: tuple[ErrorCode, ...]
    # jsonschema validators, or FastValidators in front of them (a contract's own)
    params_validator: Draft202012Validator | FastValidator = field(repr=False, compare=False)
    result_validator: Draft202012Validator | FastValidator = field(repr=False, compare=False)
    fields: tuple[FieldDescriptor, ...] = ()
    document: dict = field(default_factory=dict, repr=False, compare=False)
    effect: str = "read"
    # The code a lookup of the method's own object answers (table.* say DATASET_NOT_FOUND).
    not_found: str | None = None
    parent: Parent | None = None
    # The entity family its objects belong to (Entity.name): "table" for table.* and dataset.* alike.
    storage: str = ""
    deprecated: bool = False

    @property
    def takes_id(self) -> bool:
        """Whether the method requires an object id."""
        return self.id_param is not None

    @property
    def not_found_code(self) -> str | None:
        """The *_NOT_FOUND code that a lookup of this method's own entity answers."""
        wanted = self.not_found or f"{self.entity.upper()}_NOT_FOUND"
        return wanted if self.documents(wanted) else None

    @property
    def param_names(self) -> tuple[str, ...]:
        """The top-level request parameters the params schema names (id, fields, add, select ...)."""
        return tuple(self.document.get("$defs", {}).get("params", {}).get("properties", {}))

    @cached_property
    def lowest_id(self) -> int:
        """The smallest integer id the params schema accepts (its minimum), worked out once per Method.

        Asking the validator, not reading "minimum", keeps $ref, allOf and exclusiveMinimum in the answer.
        cached_property writes the instance's __dict__ directly, which a frozen dataclass allows.
        """
        if self.id_param is None:
            raise ValueError(f"Expected a method that takes an id; {self.name} takes none")
        if self._accepts_id(1) and not self._accepts_id(0):
            return 1  # every documented method: two validations instead of a search
        low, high = -(2**64), _LONG_MAX
        if self._accepts_id(low):
            raise ValueError(f"Expected {self.name}'s params schema to reject id {low}; it accepts it")
        if not self._accepts_id(high):
            raise ValueError(f"Expected {self.name}'s params schema to accept id {high}; it rejects it")
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (low, middle) if self._accepts_id(middle) else (middle, high)
        if high < 1:
            raise ValueError(f"Expected {self.name}'s lowest id to be positive, the schema accepts {high}")
        return high

    def _accepts_id(self, value: int) -> bool:
        errors = self.params_validator.iter_errors({self.id_param: value})
        return not any(list(error.absolute_path)[:1] == [self.id_param] for error in errors)

    def errors_coded(self, code: str) -> tuple[ErrorCode, ...]:
        """Every documented error with this code (numeric 0 errors share the code "0")."""
        return tuple(error for error in self.error_codes if error.code == code)

    def documents(self, code: str) -> bool:
        """Whether code is among the method's documented error codes."""
        return any(error.code == code for error in self.error_codes)

    def error(self, code: str) -> ErrorCode:
        """The documented error code named code."""
        for error in self.error_codes:
            if error.code == code:
                return error
        documented = ", ".join(e.code for e in self.error_codes)
        raise KeyError(f"{self.name} documents no error {code!r}; it documents {documented}")

    def params_errors(self, params: Any) -> list[str]:
        """Messages for every way params break the params schema (empty when valid)."""
        return [describe_error(e) for e in self.params_validator.iter_errors(params)]

    def result_errors(self, result: Any) -> list[str]:
        """Messages for every way a success result breaks the result schema."""
        return [describe_error(e) for e in self.result_validator.iter_errors(result)]


def describe_error(error: ValidationError) -> str:
    """A schema violation as "path: message", the path slash-separated or "(root)"."""
    where = "/".join(str(part) for part in error.absolute_path) or "(root)"
    return f"{where}: {error.message}"
