"""Checks: hold one response against the contract and say, as findings, how it breaks it."""

from __future__ import annotations

from collections.abc import Sequence

from conformance.exchange import Exchange
from conformance.findings import Finding

from ._batch import check_batch
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
# A batch command has no HTTP status of its own: the batch's 200 is the batch check's business.
BATCH_COMMAND_CHECKS: tuple[Check, ...] = tuple(
    check for check in ALL_CHECKS if check is not check_http_status
)


def run_checks(exchange: Exchange, ctx: CheckContext, checks: Sequence[Check] = ALL_CHECKS) -> list[Finding]:
    """Every finding of checks about exchange, in the order of checks."""
    return [finding for check in checks for finding in check(exchange, ctx)]


__all__ = [
    "ALL_CHECKS",
    "BATCH_COMMAND_CHECKS",
    "Check",
    "CheckContext",
    "check_batch",
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
