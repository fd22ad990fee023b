"""A response's envelope judged once: its kind and how its body breaks that kind's envelope schema."""

from __future__ import annotations

from jsonschema import ValidationError

from conformance.contract import Contract, describe_error
from conformance.exchange import Response

from ._classify import Kind, classify
from ._context import clip

# Which envelope schema a response of each kind is held against.
ENVELOPE_SCHEMA = {
    "success": "success",
    "method-error-nested": "method-error-nested",
    "method-error-root": "method-error-root",
    "framework-error": "framework-error",
}
_TIME_MISSING = "'time' is a required property"
_MESSAGE_LIMIT = 160


def shape_errors(contract: Contract, response: Response, kind: Kind) -> list[str]:
    """Schema violations of the body for its kind, leaving everything about `time` to the time check."""
    body = response.json
    if kind in ("method-error-root", "framework-error"):
        # the root schemas differ only in whether time may be there: that is the time check's call
        body = {key: value for key, value in body.items() if key != "time"}
    return [
        clip(describe_error(error), _MESSAGE_LIMIT)
        for error in contract.envelope(ENVELOPE_SCHEMA[kind]).iter_errors(body)
        if not _about_time(error)
    ]


def _about_time(error: ValidationError) -> bool:
    return list(error.absolute_path)[:1] == ["time"] or (
        error.validator == "required" and error.message == _TIME_MISSING
    )


def readable(contract: Contract, response: Response) -> Kind | None:
    """The response's kind when its envelope is sound, else None (the envelope check reports it)."""
    kind, errors = judged(contract, response)
    return None if kind == "unknown" or errors else kind


def judged(contract: Contract, response: Response) -> tuple[Kind, list[str]]:
    """The response's kind and its envelope's violations (none for an unknown kind), judged once."""
    # Every check asks this of the same response in turn; validating the envelope once instead of
    # once per check is most of the checks' cost. One (response, contract, kind, errors) tuple is
    # swapped in atomically, so concurrent callers at worst recompute. Callers only read errors.
    global _last_judged
    last = _last_judged
    if last[0] is response and last[1] is contract:
        return last[2], last[3]
    kind = classify(response)
    errors = [] if kind == "unknown" else shape_errors(contract, response, kind)
    _last_judged = (response, contract, kind, errors)
    return kind, errors


_last_judged: tuple = (None, None, None, None)
