"""The two kinds of failure a call can end in, with texts taken from the contract's catalogs."""

from __future__ import annotations

import re

from ..contract import ErrorCode, default_contract

_PLACEHOLDER = re.compile(r"#([A-Z_]+)#")


class MethodError(Exception):
    """A module error: the handler's answer, placed nested or at the root with HTTP 200.

    code is a string, or the integer 0 for the module's errors that carry no code of their own.
    """

    def __init__(self, code: str | int, description: str) -> None:
        super().__init__(f"{code}: {description}")
        self.code = code
        self.description = description


class FrameworkFailure(Exception):
    """A failure of the REST framework: root placement, a non-200 status, no time block."""

    def __init__(self, code: str, status: int, description: str) -> None:
        super().__init__(f"{status} {code}: {description}")
        self.code = code
        self.status = status
        self.description = description


class ServerFault(Exception):
    """A crash of the portal's PHP: HTTP 500 with no REST body at all."""


def module_error(code: str | int, *, method: str | None = None, **placeholders: str) -> MethodError:
    """The module error code with its text, #PLACEHOLDERS# filled in from placeholders.

    The text comes from the method's own documented entry where it has one (dataset.add words
    DATASET_ALREADY_EXIST its own way; each numeric 0 error is its method's), else the catalog.
    """
    entry = _contract_entry(code, method)
    if entry is None:
        where = f" of {method}" if method else ""
        raise KeyError(f"Expected a module error code{where} that the contract documents, got {code!r}")
    if entry.template is None:
        return MethodError(code, entry.description or "")
    # The pattern guards the template against the catalog, not the caller's text: a field name may
    # hold a newline, which the module repeats as it came and a pattern's "." does not match.
    probe = _fill(entry.template, {name: "x" for name in placeholders})
    if not entry.describes(probe):
        raise RuntimeError(f"Expected a description of {code} matching {entry.pattern!r}, built {probe!r}")
    return MethodError(code, _fill(entry.template, placeholders))


def _contract_entry(code: str | int, method: str | None) -> ErrorCode | None:
    # The contract names the numeric code 0 by its text, "0".
    contract, name = default_contract(), str(code)
    known = contract.methods.get(method or "")
    if known is not None and known.documents(name):
        return known.error(name)
    return contract.module_errors.get(name) if isinstance(code, str) else None


def _fill(template: str, placeholders: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in placeholders:
            return placeholders[name]
        # The docs name one placeholder differently by page (#FIELD#, #TITLE#); one value fits any.
        if len(placeholders) == 1:
            return next(iter(placeholders.values()))
        raise KeyError(f"Expected a value for #{name}#, got values for {sorted(placeholders)}")

    return _PLACEHOLDER.sub(value, template)


def framework_error(code: str, description: str | None = None) -> FrameworkFailure:
    """The framework error code with its documented status and text (or the given text)."""
    entry = default_contract().framework_errors[code]
    return FrameworkFailure(code, entry.status, entry.description if description is None else description)
