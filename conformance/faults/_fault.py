"""Fault: one named way to break the contract, and the builders the zoo uses to write faults briefly."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..contract import Placement, default_contract
from ..findings import CHECKS
from ..mock import MockPortal
from ._wsgi import NO_JSON, Answer, Behaviour, Faulted, FaultRequest, Forward, WSGIApp

# Builds a fresh behaviour per wrapped app, so a stateful fault (a call counter) starts clean.
Factory = Callable[[MockPortal | None], Behaviour]


@dataclass(frozen=True)
class Fault:
    """A named fault: what it breaks, which finding check should catch it, and what that needs."""

    name: str
    breaks: str  # one line
    expected_check: str  # one of conformance.findings.CHECKS
    needs: str | None  # the part of the suite beyond the id probes that catches it; None: the id probes do
    make: Factory = field(repr=False, compare=False)
    placement: Placement = "nested"  # the error placement run and mock use for the fault to show
    over_http: bool = False  # shows only over a socket (an in-process call has no client timeout)

    def __post_init__(self) -> None:
        if self.expected_check not in CHECKS:
            raise ValueError(f"Expected expected_check to be one of {CHECKS}, got {self.expected_check!r}")
        if "\n" in self.breaks or not self.breaks:
            raise ValueError(f"Expected breaks to be one non-empty line, got {self.breaks!r}")

    def apply(self, app: WSGIApp, portal: MockPortal | None = None) -> WSGIApp:
        """app wrapped in this fault; portal is the mock behind app, for faults that need its tokens."""
        return Faulted(app, self.make(portal), self.name)


def on_answer(edit: Callable[[FaultRequest, Answer], Answer | None]) -> Factory:
    """A fault that rewrites answers; edit returns None to leave one alone."""

    def behaviour(request: FaultRequest, forward: Forward) -> Answer:
        answer = forward(request)
        return edit(request, answer) or answer

    return lambda portal: behaviour


def on_json(edit: Callable[[FaultRequest, Any], Any | None], **answer: Any) -> Factory:
    """A fault that edits a deep copy of JSON answers; edit returns None to leave one alone."""

    def change(request: FaultRequest, original: Answer) -> Answer | None:
        if original.json is NO_JSON:
            return None
        edited = edit(request, copy.deepcopy(original.json))
        return None if edited is None else original.with_json(edited, **answer)

    return on_answer(change)


def on_request(edit: Callable[[FaultRequest], None]) -> Factory:
    """A fault that rewrites requests in place before the portal reads them."""

    def behaviour(request: FaultRequest, forward: Forward) -> Answer:
        edit(request)
        return forward(request)

    return lambda portal: behaviour


def needs_portal(portal: MockPortal | None, name: str) -> MockPortal:
    """The portal a fault needs, or a ValueError that says how to pass it."""
    if portal is None:
        raise ValueError(
            f"Expected a MockPortal for fault {name!r} (it needs the tokens), got none; pass portal="
        )
    return portal


# ---- reading envelopes (the fault's own reading: the mock's and the checks' stay independent) ----


def method_error(body: Any) -> dict[str, Any] | None:
    """The {error, error_description} of a method error, nested or at the root with HTTP 200."""
    if not isinstance(body, dict):
        return None
    result = body.get("result")
    if isinstance(result, dict) and isinstance(result.get("error"), dict):
        return result["error"]
    return body if "error" in body and "result" not in body else None


def error_code(answer: Answer) -> str | None:
    """The error code an answer carries, anywhere, or None."""
    found = method_error(answer.json)
    code = None if found is None else found.get("error")
    return code if isinstance(code, str) else None


def is_success(answer: Answer) -> bool:
    """Whether answer is an HTTP 200 result without an error."""
    return answer.status == 200 and answer.json is not NO_JSON and method_error(answer.json) is None


def is_framework_error(answer: Answer) -> bool:
    """Whether answer is a root error with a non-200 status."""
    body = answer.json
    return answer.status != 200 and isinstance(body, dict) and "error" in body and "result" not in body


def is_nested_error(answer: Answer) -> bool:
    """Whether answer carries a method error inside result."""
    return is_nested_error_body(answer.json)


def is_nested_error_body(body: Any) -> bool:
    """Whether a decoded body carries its error inside result."""
    return isinstance(body, dict) and isinstance(body.get("result"), dict) and "error" in body["result"]


def module_text(code: str) -> str:
    """The error_description the module sends with code, as the contract has it ("" when it has none)."""
    return default_contract().module_errors[code].description or ""
