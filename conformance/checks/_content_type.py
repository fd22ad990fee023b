"""The content-type check: every answer is labelled JSON."""

from __future__ import annotations

from conformance.exchange import Exchange
from conformance.findings import Finding

from ._context import CheckContext, report
from ._registry import check
from ._shape import readable

JSON_MEDIA_TYPE = "application/json"


@check
def content_type(exchange: Exchange, ctx: CheckContext) -> list[Finding]:
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
