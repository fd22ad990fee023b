"""The envelope check: the body is a JSON object of one of the documented envelope shapes."""

from __future__ import annotations

from http import HTTPStatus

from jsonschema import ValidationError

from conformance.contract import Contract, describe_error
from conformance.exchange import Exchange, Response
from conformance.findings import Finding

from ._classify import Kind, classify
from ._context import CheckContext, clip, report

# Which envelope schema a response of each kind is held against.
_SCHEMA = {
    "success": "success",
    "method-error-nested": "method-error-nested",
    "method-error-root": "method-error-root",
    "framework-error": "framework-error",
}
_TIME_MISSING = "'time' is a required property"
_SHOWN_ERRORS = 3
_MESSAGE_LIMIT = 160
_EXPECTED_SHAPE = 'a JSON object with "result" and "time", or with "error" and "error_description"'


def shape_errors(contract: Contract, response: Response, kind: Kind) -> list[str]:
    """Schema violations of the body for its kind, leaving everything about `time` to the time check."""
    body = response.json
    if kind in ("method-error-root", "framework-error"):
        # the root schemas differ only in whether time may be there: that is the time check's call
        body = {key: value for key, value in body.items() if key != "time"}
    return [
        clip(describe_error(error), _MESSAGE_LIMIT)
        for error in contract.envelope(_SCHEMA[kind]).iter_errors(body)
        if not _about_time(error)
    ]


def _about_time(error: ValidationError) -> bool:
    return list(error.absolute_path)[:1] == ["time"] or (
        error.validator == "required" and error.message == _TIME_MISSING
    )


def readable(contract: Contract, response: Response) -> Kind | None:
    """The response's kind when its envelope is sound, else None (the envelope check reports it)."""
    kind, errors = _judged(contract, response)
    return None if kind == "unknown" or errors else kind


def _judged(contract: Contract, response: Response) -> tuple[Kind, list[str]]:
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


def check_envelope(exchange: Exchange, ctx: CheckContext) -> list[Finding]:
    """The body must be a JSON object matching the success, method-error or framework-error envelope."""
    response = exchange.response
    kind, errors = _judged(ctx.contract, response)
    if kind == "unknown":
        message = f'Expected a JSON object with "result" or "error", got {_what(response)}'
        return [
            report(exchange, ctx, "envelope", message, expected=_EXPECTED_SHAPE, observed=_observed(response))
        ]
    if not errors:
        return []
    message = f"Expected a well-formed {kind} envelope, got {len(errors)} violation(s): {errors[0]}"
    return [
        report(
            exchange,
            ctx,
            "envelope",
            message,
            expected=f"envelope/{_SCHEMA[kind]}.json",
            observed="; ".join(errors[:_SHOWN_ERRORS]) + f" in {_observed(response)}",
        )
    ]


def _observed(response: Response) -> str:
    return f"HTTP {response.status}, {response.content_type or 'no content type'}: {response.snippet()!r}"


def _what(response: Response) -> str:
    status = _status_text(response.status)
    if not response.is_json:
        return f"{response.content_type or 'no content type'} ({status})"
    body = response.json
    if isinstance(body, dict):
        keys = ", ".join(sorted(body)[:5])
        return f"a JSON object with keys {keys} ({status})" if body else f"an empty JSON object ({status})"
    return f"a JSON {_json_type(body)} ({status})"


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return "array" if isinstance(value, list) else "string"


def _status_text(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)
