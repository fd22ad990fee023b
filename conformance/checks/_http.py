"""HTTP-level checks: the JSON content type and the status code of each kind of answer."""

from __future__ import annotations

from conformance.exchange import Exchange
from conformance.findings import Finding

from ._classify import error_code
from ._codes import error_family
from ._context import CheckContext, report
from ._envelope import readable

JSON_MEDIA_TYPE = "application/json"


def check_content_type(exchange: Exchange, ctx: CheckContext) -> list[Finding]:
    """Every answer must be labelled application/json (parameters such as charset are allowed)."""
    response = exchange.response
    # a body that is no envelope at all is the envelope check's finding, and its message names the type
    if readable(ctx.contract, response) is None:
        return []
    media_type = response.content_type.split(";", 1)[0].strip().lower()
    if media_type == JSON_MEDIA_TYPE:
        return []
    return [
        report(
            exchange,
            ctx,
            "content-type",
            f"Expected a JSON content type, got {response.content_type or 'none'}",
            expected=f"{JSON_MEDIA_TYPE} (a charset parameter is fine)",
            observed=response.content_type or "(no Content-Type header)",
        )
    ]


def check_http_status(exchange: Exchange, ctx: CheckContext) -> list[Finding]:
    """Module answers must be HTTP 200; a framework error must use one of its documented statuses."""
    response = exchange.response
    kind = readable(ctx.contract, response)
    if kind is None:
        return []
    code = error_code(response)
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
