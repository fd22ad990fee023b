"""The result-schema check: a success result validates against the method's result schema."""

from __future__ import annotations

from conformance.exchange import Exchange
from conformance.findings import Finding

from ._context import CheckContext, clip, report
from ._registry import check
from ._shape import readable

_SHOWN_ERRORS = 3
_ERROR_LIMIT = 200


@check
def result_schema(exchange: Exchange, ctx: CheckContext) -> list[Finding]:
    """On success, result must validate against the method's result schema; the first errors are shown."""
    response = exchange.response
    if readable(ctx.contract, response) != "success":
        return []
    errors = ctx.method.result_errors(response.json["result"])
    if not errors:
        return []
    shown = [clip(error, _ERROR_LIMIT) for error in errors[:_SHOWN_ERRORS]]
    more = f" (and {len(errors) - len(shown)} more)" if len(errors) > len(shown) else ""
    return [
        report(
            exchange,
            ctx,
            "result-schema",
            f"result does not match the result schema of {ctx.method.name}: {shown[0]}",
            expected=f"methods/{ctx.method.name}.json#/$defs/result",
            observed="; ".join(shown) + more,
        )
    ]
