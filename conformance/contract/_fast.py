"""A compiled yes/no in front of jsonschema: a valid instance costs one call, an invalid one gets
jsonschema's own errors.

Most answers a run checks are valid, and jsonschema's iter_errors walks a schema (its $refs looked up
anew) for every instance. FastValidator compiles the schema once into nested closures for the keywords
the contract uses, with jsonschema's semantics (bool is no number, 1.0 is an integer, const and enum
compare as jsonschema's equal does); only its "valid" is trusted. An instance it cannot pass, and any
schema with a keyword it does not compile, goes to jsonschema, so the errors and their order are
always jsonschema's.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from jsonschema import Draft202012Validator, ValidationError
from referencing import Registry
from referencing._core import Resolver
from referencing.jsonschema import DRAFT202012

Check = Callable[[Any], bool]
# Keywords jsonschema asserts that the compiler handles; an asserting keyword outside this set (and
# outside format, which asserts nothing without a format checker, as these validators have none)
# leaves the schema to jsonschema.
COMPILED = frozenset(
    {
        "$ref",
        "type",
        "properties",
        "required",
        "additionalProperties",
        "const",
        "enum",
        "pattern",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "items",
        "minItems",
        "maxItems",
        "minProperties",
        "maxProperties",
        "not",
        "anyOf",
        "allOf",
        "oneOf",
    }
)
_ASSERTING = frozenset(Draft202012Validator.VALIDATORS) - {"format"}


class Uncompiled(Exception):
    """The schema uses something the compiler leaves to jsonschema."""


class FastValidator:
    """A Draft 2020-12 validator whose valid instances skip jsonschema (see the module docstring)."""

    def __init__(self, schema: Any, registry: Registry) -> None:
        self.schema = schema
        self.registry = registry
        self.validator = Draft202012Validator(schema, registry=registry)
        self._check: Check | None = None
        self._compiled = False

    def iter_errors(self, instance: Any) -> Iterator[ValidationError]:
        """jsonschema's errors for instance; none at all, at once, when the compiled check passes it."""
        if self._passes(instance):
            return iter(())
        return self.validator.iter_errors(instance)

    def is_valid(self, instance: Any) -> bool:
        """Whether instance is valid (jsonschema decides whatever the compiled check cannot pass)."""
        return self._passes(instance) or self.validator.is_valid(instance)

    def _passes(self, instance: Any) -> bool:
        if not self._compiled:
            self._check = compile_schema(self.schema, self.registry)
            self._compiled = True
        if self._check is None:
            return False
        try:
            return self._check(instance)
        except RecursionError:
            return False  # deeper than the compiled closures go: jsonschema's walk decides

    def __repr__(self) -> str:
        return f"FastValidator({self.schema!r})"


def compile_schema(schema: Any, registry: Registry) -> Check | None:
    """schema as one check, or None where the compiler leaves it to jsonschema.

    The schema's $refs resolve as a validator's do: in registry, relative to the schema's own $id.
    """
    resolver = registry.resolver_with_root(DRAFT202012.create_resource(schema))
    try:
        return _Compiler().compile(schema, resolver)
    except Uncompiled:
        return None


class _Compiler:
    def __init__(self) -> None:
        # id(schema) -> (schema, check): a schema reached twice (or through itself) compiles once
        self._done: dict[int, tuple[Any, Check]] = {}

    def compile(self, schema: Any, resolver: Resolver) -> Check:
        if schema is True:
            return _anything
        if schema is False:
            return _nothing
        if not isinstance(schema, dict):
            raise Uncompiled(f"a schema that is no object: {schema!r}")
        known = self._done.get(id(schema))
        if known is not None:
            return known[1]
        # a recursive schema reaches itself while compiling: through this cell, filled below
        cell: list[Check] = []
        self._done[id(schema)] = (schema, lambda instance: cell[0](instance))
        if "$id" in schema:
            resolver = resolver.in_subresource(DRAFT202012.create_resource(schema))
        checks = [self._keyword(name, value, schema, resolver) for name, value in schema.items()]
        checks = [check for check in checks if check is not None]
        compiled = _all(checks)
        cell.append(compiled)
        self._done[id(schema)] = (schema, compiled)
        return compiled

    def _keyword(self, name: str, value: Any, schema: dict, resolver: Resolver) -> Check | None:
        if name not in _ASSERTING:
            return None  # annotations (title, $defs, x-...) and format, as jsonschema treats them
        if name not in COMPILED:
            raise Uncompiled(name)
        return getattr(self, "_" + name.lstrip("$"))(value, schema, resolver)

    def _ref(self, ref: str, schema: dict, resolver: Resolver) -> Check:
        resolved = resolver.lookup(ref)
        target = self.compile(resolved.contents, resolved.resolver)
        return target

    def _type(self, types: Any, schema: dict, resolver: Resolver) -> Check:
        names = [types] if isinstance(types, str) else list(types)
        try:
            checks = tuple(_TYPES[name] for name in names)
        except KeyError as exc:
            raise Uncompiled(f"type {exc}") from None
        if len(checks) == 1:
            return checks[0]
        return lambda instance: any(check(instance) for check in checks)

    def _properties(self, properties: dict, schema: dict, resolver: Resolver) -> Check:
        pairs = tuple((name, self.compile(sub, resolver)) for name, sub in properties.items())

        def check(instance: Any) -> bool:
            if isinstance(instance, dict):
                for name, sub in pairs:
                    if name in instance and not sub(instance[name]):
                        return False
            return True

        return check

    def _required(self, required: list, schema: dict, resolver: Resolver) -> Check:
        names = tuple(required)
        return lambda instance: not isinstance(instance, dict) or all(name in instance for name in names)

    def _additionalProperties(self, extra: Any, schema: dict, resolver: Resolver) -> Check:
        if "patternProperties" in schema:
            raise Uncompiled("patternProperties")
        named = frozenset(schema.get("properties", {}))
        if isinstance(extra, dict):
            sub = self.compile(extra, resolver)
            return lambda instance: (
                not isinstance(instance, dict)
                or all(sub(value) for key, value in instance.items() if key not in named)
            )
        if not extra:
            return lambda instance: not isinstance(instance, dict) or all(key in named for key in instance)
        return _anything

    def _const(self, const: Any, schema: dict, resolver: Resolver) -> Check:
        return lambda instance: equal(instance, const)

    def _enum(self, enum: list, schema: dict, resolver: Resolver) -> Check:
        members = tuple(enum)
        return lambda instance: any(equal(member, instance) for member in members)

    def _pattern(self, pattern: str, schema: dict, resolver: Resolver) -> Check:
        search = re.compile(pattern).search
        return lambda instance: not isinstance(instance, str) or search(instance) is not None

    def _minLength(self, limit: int, schema: dict, resolver: Resolver) -> Check:
        return lambda instance: not isinstance(instance, str) or len(instance) >= limit

    def _maxLength(self, limit: int, schema: dict, resolver: Resolver) -> Check:
        return lambda instance: not isinstance(instance, str) or len(instance) <= limit

    def _minimum(self, limit: Any, schema: dict, resolver: Resolver) -> Check:
        return lambda instance: not _is_number(instance) or not instance < limit

    def _maximum(self, limit: Any, schema: dict, resolver: Resolver) -> Check:
        return lambda instance: not _is_number(instance) or not instance > limit

    def _items(self, items: Any, schema: dict, resolver: Resolver) -> Check:
        if "prefixItems" in schema:
            raise Uncompiled("prefixItems")
        sub = self.compile(items, resolver)
        return lambda instance: not isinstance(instance, list) or all(sub(item) for item in instance)

    def _minItems(self, limit: int, schema: dict, resolver: Resolver) -> Check:
        return lambda instance: not isinstance(instance, list) or len(instance) >= limit

    def _maxItems(self, limit: int, schema: dict, resolver: Resolver) -> Check:
        return lambda instance: not isinstance(instance, list) or len(instance) <= limit

    def _minProperties(self, limit: int, schema: dict, resolver: Resolver) -> Check:
        return lambda instance: not isinstance(instance, dict) or len(instance) >= limit

    def _maxProperties(self, limit: int, schema: dict, resolver: Resolver) -> Check:
        return lambda instance: not isinstance(instance, dict) or len(instance) <= limit

    def _not(self, sub_schema: Any, schema: dict, resolver: Resolver) -> Check:
        sub = self.compile(sub_schema, resolver)
        return lambda instance: not sub(instance)

    def _anyOf(self, branches: list, schema: dict, resolver: Resolver) -> Check:
        subs = tuple(self.compile(branch, resolver) for branch in branches)
        return lambda instance: any(sub(instance) for sub in subs)

    def _allOf(self, branches: list, schema: dict, resolver: Resolver) -> Check:
        return _all([self.compile(branch, resolver) for branch in branches])

    def _oneOf(self, branches: list, schema: dict, resolver: Resolver) -> Check:
        subs = tuple(self.compile(branch, resolver) for branch in branches)
        return lambda instance: sum(1 for sub in subs if sub(instance)) == 1


def _all(checks: list[Check]) -> Check:
    if not checks:
        return _anything
    if len(checks) == 1:
        return checks[0]
    ordered = tuple(checks)

    def check(instance: Any) -> bool:
        for one in ordered:  # noqa: SIM110 (a plain loop: no generator per call on the hot path)
            if not one(instance):
                return False
        return True

    return check


def _anything(instance: Any) -> bool:
    return True


def _nothing(instance: Any) -> bool:
    return False


def _is_number(instance: Any) -> bool:
    return not isinstance(instance, bool) and isinstance(instance, numbers.Number)


def _is_integer(instance: Any) -> bool:
    # Draft 6 and later: a float with no fractional part is an integer too
    if isinstance(instance, bool):
        return False
    return isinstance(instance, int) or (isinstance(instance, float) and instance.is_integer())


_TYPES: dict[str, Check] = {
    "object": lambda instance: isinstance(instance, dict),
    "array": lambda instance: isinstance(instance, list),
    "string": lambda instance: isinstance(instance, str),
    "boolean": lambda instance: isinstance(instance, bool),
    "null": lambda instance: instance is None,
    "number": _is_number,
    "integer": _is_integer,
}


def equal(one: Any, two: Any) -> bool:
    """JSON equality as jsonschema's const and enum judge it: True is not 1, 1.0 is 1, lists by items."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return one == two
    if isinstance(one, Sequence) and isinstance(two, Sequence):
        return len(one) == len(two) and all(equal(a, b) for a, b in zip(one, two, strict=True))
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return len(one) == len(two) and all(
            key in two and equal(value, two[key]) for key, value in one.items()
        )
    return _unbool(one) == _unbool(two)


_TRUE, _FALSE = object(), object()


def _unbool(value: Any) -> Any:
    if value is True:
        return _TRUE
    if value is False:
        return _FALSE
    return value
