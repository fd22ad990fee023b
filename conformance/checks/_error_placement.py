"""The error-placement check: method errors where the target's placement says, framework ones at the root."""

from __future__ import annotations

from conformance.exchange import Exchange
from conformance.findings import Finding

from ._classify import error_code_of, error_family
from ._context import CheckContext, report
from ._registry import check
from ._shape import readable

# A call without an application context (the auth.webhook probes) is refused by the module itself:
# its ACCESS_DENIED is a method error, held to the method placement, although the framework's plan
# limit shares the code (and would sit at the root with HTTP 403).
WEBHOOK_CLASS = "auth.webhook"
_SHAPE = {
    "nested": 'nested: {"result":{"error":{"error":...,"error_description":...}},"time":{...}}',
    "root": 'root: {"error":...,"error_description":...} at the top level',
}


@check
def error_placement(exchange: Exchange, ctx: CheckContext) -> list[Finding]:
    """A method error must sit where ctx.placement says; a framework error must sit at the root."""
    response = exchange.response
    kind = readable(ctx.contract, response)
    if kind not in ("method-error-nested", "method-error-root", "framework-error"):
        return []
    code = error_code_of(response)
    where = "nested" if kind == "method-error-nested" else "root"
    if ctx.input_class == WEBHOOK_CLASS and code == "ACCESS_DENIED" and where == "root":
        return _module_denial_at_the_root(exchange, ctx)
    if error_family(ctx.contract, response) == "framework":
        if where == "root":
            return []
        message = f"Framework error {code} is nested in result.error; framework errors belong at the root"
        return [
            report(
                exchange,
                ctx,
                "error-placement",
                message,
                expected=f"{_SHAPE['root']}, with a non-200 status and no time",
                observed=f"{_SHAPE['nested']}, HTTP {response.status}",
            )
        ]
    if where == ctx.placement:
        return []
    message = f"Method error {code} is in {where} placement, expected {ctx.placement} placement"
    return [
        report(
            exchange,
            ctx,
            "error-placement",
            message,
            expected=f"{_SHAPE[ctx.placement]}, HTTP 200",
            observed=f"{_SHAPE[where]}, HTTP {response.status}",
        )
    ]


def _module_denial_at_the_root(exchange: Exchange, ctx: CheckContext) -> list[Finding]:
    """The module's ACCESS_DENIED at the root: right only as a root placement's method error, HTTP 200."""
    status = exchange.response.status
    if ctx.placement == "root" and status == 200:
        return []
    expected = "nested" if ctx.placement == "nested" else "root with HTTP 200"
    return [
        report(
            exchange,
            ctx,
            "error-placement",
            "A call without an application context is the module's ACCESS_DENIED, not the framework's",
            expected=f"ACCESS_DENIED {expected}, as the module answers it",
            observed=f"ACCESS_DENIED at the root with HTTP {status}",
        )
    ]
