"""The batch check: a batch call answers HTTP 200 with the batch envelope, each command key exactly once."""

from __future__ import annotations

from conformance.batch import halts, result_map, sent_keys
from conformance.contract import describe_error
from conformance.exchange import Exchange
from conformance.findings import Finding

from ._context import CheckContext, report
from ._registry import declare

_SHOWN = 3
_ERROR_LIMIT = 160  # characters of one violation shown, cut without a mark
_SHAPE = "HTTP 200, {result: {result, result_error, result_total, result_next, result_time}, time}"

# Run on a batch call as a whole, not per exchange: its commands' answers get the other checks.
declare("batch", "A batch call answers HTTP 200 with the batch envelope, each command key exactly once.")


def check_batch(exchange: Exchange, ctx: CheckContext) -> list[Finding]:
    """The batch as a whole (its commands' answers are the other checks' business).

    A batch never fails as a whole: the call answers 200 and puts each command's answer under the
    command's key in result or in result_error, never both, and nothing under a key not sent. With
    halt, the commands after the first one that failed are not run, so they are answered nowhere.
    """
    response = exchange.response
    body = response.json if response.is_json else None
    if response.status != 200:
        message = f"Expected HTTP 200 for a batch call, got {response.status}: {response.snippet()!r}"
        return [_finding(exchange, ctx, message, f"HTTP {response.status}")]
    errors = (
        [describe_error(error)[:_ERROR_LIMIT] for error in ctx.contract.envelope("batch").iter_errors(body)]
        if response.is_json
        else [f"a body that is not JSON ({response.json_error})"]
    )
    if errors:
        message = f"Expected the batch envelope, got {len(errors)} violation(s): {errors[0]}"
        return [_finding(exchange, ctx, message, "; ".join(errors[:_SHOWN]))]
    sent = sent_keys(exchange.request)
    answered, failed = result_map(body, "result"), result_map(body, "result_error")
    unanswered = [key for key in sent if key not in answered and key not in failed]
    if halts(exchange.request):
        stopped_at = next((index for index, key in enumerate(sent) if key in failed), len(sent))
        unanswered = [key for key in unanswered if sent.index(key) < stopped_at]
    findings = []
    for keys, what in (
        (unanswered, "answered in neither map"),
        (
            [key for key in sent if key in answered and key in failed],
            "answered in both result and result_error",
        ),
        ([key for key in {**answered, **failed} if key not in sent], "answered but never sent"),
    ):
        if keys:
            message = (
                f"Expected each command key sent answered exactly once; {len(keys)} {what}: {_keys(keys)}"
            )
            findings.append(_finding(exchange, ctx, message, f"{what}: {_keys(keys)}"))
    return findings


def _finding(exchange: Exchange, ctx: CheckContext, message: str, observed: str) -> Finding:
    return report(exchange, ctx, "batch", message, expected=_SHAPE, observed=observed)


def _keys(keys: list[str]) -> str:
    shown = ", ".join(keys[:_SHOWN])
    return shown + (f" and {len(keys) - _SHOWN} more" if len(keys) > _SHOWN else "")
