"""The transport finding: a request that got no HTTP answer at all."""

from __future__ import annotations

from conformance.findings import Finding

from ._registry import declare

declare("transport", "Every request gets an HTTP answer: not refused, reset or timed out.")


def transport_finding(method: str, message: str, reproduce: str) -> Finding:
    """A fail finding for a request that got no HTTP answer at all (refused, reset, timed out)."""
    return Finding(
        check="transport",
        severity="fail",
        method=method,
        message=message,
        expected="an HTTP response from the target",
        observed=message,
        reproduce=reproduce,
    )
