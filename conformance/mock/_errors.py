"""The two kinds of failure a call can end in, with texts taken from the contract's catalogs."""

from __future__ import annotations

import re

from ..contract import default_contract

_PLACEHOLDER = re.compile(r"#([A-Z_]+)#")


class MethodError(Exception):
    """A module error: the handler's answer, placed nested or at the root with HTTP 200."""

    def __init__(self, code: str, description: str) -> None:
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


def module_error(code: str, **placeholders: str) -> MethodError:
    """The module error code with its catalog text, #PLACEHOLDERS# filled in from placeholders."""
    entry = default_contract().module_errors[code]
    if entry.template is None:
        return MethodError(code, entry.description or "")
    text = _PLACEHOLDER.sub(lambda m: placeholders[m.group(1)], entry.template)
    if not entry.describes(text):
        raise RuntimeError(f"Expected a description of {code} matching {entry.pattern!r}, built {text!r}")
    return MethodError(code, text)


def framework_error(code: str, description: str | None = None) -> FrameworkFailure:
    """The framework error code with its documented status and text (or the given text)."""
    entry = default_contract().framework_errors[code]
    return FrameworkFailure(code, entry.status, entry.description if description is None else description)
