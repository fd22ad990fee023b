"""Checks: hold one response against the contract and say, as findings, how it breaks it.

A check is declared once, in its own module: `@check` on a function whose name is the check's name
registers it in conformance.findings.CHECKS, which run_checks, the batch path, the schemathesis bridge
and Finding all read.
"""

from __future__ import annotations

from collections.abc import Sequence

from conformance.exchange import Exchange
from conformance.findings import CHECKS, CheckInfo, Finding

# Registration order is run order, and so the order of a response's findings: importing a module
# registers its checks, so these imports stay in this order.
# isort: off
from . import _content_type, _envelope, _error_placement, _time, _result_schema, _codes, _http_status  # noqa: F401

# isort: on
from . import _sequence  # noqa: F401  (lifecycle and isolation, raised by the suite's tests)
from ._batch import check_batch
from ._classify import classify, observed_outcome
from ._context import Check, CheckContext
from ._registry import RegisteredChecks, check, declare
from ._transport import transport_finding

ALL_CHECKS: Sequence[Check] = RegisteredChecks()
BATCH_COMMAND_CHECKS: Sequence[Check] = RegisteredChecks(batch_command=True)


def run_checks(exchange: Exchange, ctx: CheckContext, checks: Sequence[Check] = ALL_CHECKS) -> list[Finding]:
    """Every finding of checks about exchange, in the order of checks."""
    return [finding for function in checks for finding in function(exchange, ctx)]


__all__ = [
    "ALL_CHECKS",
    "BATCH_COMMAND_CHECKS",
    "CHECKS",
    "Check",
    "CheckContext",
    "CheckInfo",
    "RegisteredChecks",
    "check",
    "check_batch",
    "classify",
    "declare",
    "observed_outcome",
    "run_checks",
    "transport_finding",
]
