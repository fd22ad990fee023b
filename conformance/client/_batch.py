"""Packing calls into the parameters of one batch call (the answer is unpacked by conformance.batch)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from conformance.batch import MAX_COMMANDS

from ._query import http_build_query
from ._redact import has_credentials

# One call to put in a batch: the REST method and its parameters.
Call = tuple[str, Mapping[str, Any]]


def batch_params(calls: Mapping[str, Call]) -> dict[str, Any]:
    """The parameters of one batch call that runs calls (command key -> call) in order, never halting."""
    if not calls:
        raise ValueError("Expected at least one call to put in a batch, got none")
    if len(calls) > MAX_COMMANDS:
        raise ValueError(f"Expected at most {MAX_COMMANDS} calls in one batch, got {len(calls)}")
    return {"halt": 0, "cmd": {key: command(method, params) for key, (method, params) in calls.items()}}


def fits_in_batch(params: Mapping[str, Any]) -> bool:
    """Whether params may travel as a batch command: no credential in them.

    A credential belongs to the batch call, never to one of its commands. Source settings may travel:
    the client masks them inside a recorded command by their names (redact_command), as it does in
    the parameters of a call of their own.
    """
    return not has_credentials(params)


def command(method: str, params: Mapping[str, Any]) -> str:
    """One batch command: "method?query", the query written as PHP's http_build_query writes it."""
    if not fits_in_batch(params):
        raise ValueError(
            f"Expected {method} parameters without credentials in a batch command, got some; "
            "a batch call carries its credentials itself"
        )
    query = http_build_query(params)
    return f"{method}?{query}" if query else method
