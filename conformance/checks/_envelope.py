"""The envelope check: the body is a JSON object of one of the documented envelope shapes."""

from __future__ import annotations

from http import HTTPStatus

from conformance.exchange import Exchange, Response
from conformance.findings import Finding

from ._context import CheckContext, report
from ._registry import check
from ._shape import ENVELOPE_SCHEMA, judged

_SHOWN_ERRORS = 3
_EXPECTED_SHAPE = 'a JSON object with "result" and "time", or with "error" and "error_description"'


@check
def envelope(exchange: Exchange, ctx: CheckContext) -> list[Finding]:
    """The body must be a JSON object matching the success, method-error or framework-error envelope."""
    response = exchange.response
    kind, errors = judged(ctx.contract, response)
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
            expected=f"envelope/{ENVELOPE_SCHEMA[kind]}.json",
            observed="; ".join(errors[:_SHOWN_ERRORS]) + f" in {_observed(response)}",
        )
    ]


def _observed(response: Response) -> str:
    return f"HTTP {response.status}, {response.content_type or 'no content type'}: {response.snippet()!r}"


def _what(response: Response) -> str:
    status = _status_text(response.status)
    if not response.is_json:
        what = f"{response.content_type or 'no content type'} ({status})"
        # a body labelled JSON that does not parse says why (too deep, not UTF-8, cut off)
        labelled_json = "json" in (response.content_type or "").lower()
        return (
            f"{what} that is not JSON: {response.json_error}"
            if labelled_json and response.json_error
            else what
        )
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
