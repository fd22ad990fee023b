"""Checks: hold one response against the contract and say, as findings, how it breaks it."""

from __future__ import annotations

from collections.abc import Sequence

from conformance.exchange import Exchange
from conformance.findings import Finding

from ._classify import classify, observed_outcome
from ._codes import check_error_code, check_error_description
from ._context import Check, CheckContext, transport_finding
from ._envelope import check_envelope
from ._http import check_content_type, check_http_status
from ._placement import check_error_placement
from ._result import check_result_schema
from ._time import check_time

ALL_CHECKS: tuple[Check, ...] = (
    check_content_type,
    check_envelope,
    check_error_placement,
    check_time,
    check_result_schema,
    check_error_code,
    check_error_description,
    check_http_status,
)


def run_checks(exchange: Exchange, ctx: CheckContext, checks: Sequence[Check] = ALL_CHECKS) -> list[Finding]:
    """Every finding of checks about exchange, in the order of checks."""
    return [finding for check in checks for finding in check(exchange, ctx)]


__all__ = [
    "ALL_CHECKS",
    "Check",
    "CheckContext",
    "check_content_type",
    "check_envelope",
    "check_error_code",
    "check_error_description",
    "check_error_placement",
    "check_http_status",
    "check_result_schema",
    "check_time",
    "classify",
    "observed_outcome",
    "run_checks",
    "transport_finding",
]
