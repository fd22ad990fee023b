"""Making a connector finding about one call."""

from __future__ import annotations

from ._recording import Call
from ._registry import ConnectorFinding


def finding(
    check: str,
    call: Call,
    message: str,
    *,
    expected: str = "",
    observed: str | None = None,
    severity: str = "fail",
) -> ConnectorFinding:
    """A finding of check about call: the method is its URL setting, the case the check's name."""
    return ConnectorFinding(
        check=check,
        severity=severity,  # type: ignore[arg-type]
        method=call.endpoint,
        message=f"{call.purpose}: {message}",
        expected=expected,
        observed=call.describe_body() if observed is None else observed,
        input_class=check,
        reproduce=call.reproduce,
    )
