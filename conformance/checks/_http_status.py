"""The http-status check: module answers are HTTP 200, framework errors their documented status."""

from __future__ import annotations

from conformance.exchange import Exchange
from conformance.findings import Finding

from ._classify import error_code_of, error_family
from ._context import CheckContext, report
from ._registry import check
from ._shape import readable


# A batch command has no HTTP status of its own: the batch's 200 is the batch check's business.
@check(batch_command=False)
def http_status(exchange: Exchange, ctx: CheckContext) -> list[Finding]:
    """Module answers must be HTTP 200; a framework error must use one of its documented statuses."""
    response = exchange.response
    kind = readable(ctx.contract, response)
    if kind is None:
        return []
    code = error_code_of(response)
    if kind == "success" or error_family(ctx.contract, response) == "module":
        allowed: tuple[int, ...] = (200,)
        what = "a success" if kind == "success" else f"method error {code}"
    else:
        framework = ctx.contract.framework_errors.get(code)
        if framework is None:
            return []  # an unknown code has no documented status; the error-code check reports the code
        allowed = framework.statuses
        what = f"framework error {code}"
    if response.status in allowed:
        return []
    statuses = " or ".join(str(status) for status in allowed)
    return [
        report(
            exchange,
            ctx,
            "http-status",
            f"Expected HTTP {statuses} for {what}, got {response.status}",
            expected=f"HTTP {statuses}",
            observed=f"HTTP {response.status}",
        )
    ]
