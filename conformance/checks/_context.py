"""What a check needs besides the exchange, and how a check reports what it found."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from conformance.contract import PLACEMENTS, Contract, Method, Placement
from conformance.exchange import Exchange
from conformance.findings import CHECKS, Finding, Severity
from conformance.outcome import Expectation


@dataclass(frozen=True)
class CheckContext:
    """The contract and method a response is held against, and what the suite expected of it."""

    contract: Contract
    method: Method
    placement: Placement  # where the target is expected to put method errors
    expectation: Expectation | None = None  # the oracle's expected outcome, when the suite knows it
    input_class: str | None = None

    def __post_init__(self) -> None:
        if self.placement not in PLACEMENTS:
            raise ValueError(f"Expected placement 'nested' or 'root', got {self.placement!r}")


Check = Callable[[Exchange, CheckContext], list[Finding]]


def clip(text: str, limit: int) -> str:
    """text cut to at most limit characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def report(
    exchange: Exchange,
    ctx: CheckContext,
    check: str,
    message: str,
    *,
    expected: str,
    observed: str,
    severity: Severity = "fail",
) -> Finding:
    """A finding about exchange, carrying the method, input class and reproduce line of the context."""
    info = CHECKS.get(check)
    if info is not None and severity not in info.severities:
        allowed = info.severities
        raise ValueError(f"Expected a severity check {check!r} declares, one of {allowed}, got {severity!r}")
    return Finding(
        check=check,
        severity=severity,
        method=ctx.method.name,
        message=message,
        expected=expected,
        observed=observed,
        input_class=ctx.input_class,
        reproduce=exchange.reproduce,
        encoding=exchange.request.encoding,
    )
