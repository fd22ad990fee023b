"""The suite's checks, registered through schemathesis' check API: one implementation, two runners."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from schemathesis import Case
from schemathesis import Response as StResponse

from conformance.checks import (
    Check,
    CheckContext,
    check_content_type,
    check_envelope,
    check_error_code,
    check_error_description,
    check_error_placement,
    check_http_status,
    check_result_schema,
    check_time,
)
from conformance.contract import Contract, default_contract
from conformance.exchange import Exchange
from conformance.findings import ConformanceFailure, Finding

from ._exchange import method_name, to_exchange

PLACEMENT_KEY = "x-b24-error-placement"


@dataclass
class Scope:
    """What the b24 checks hold one response against, and where their findings go."""

    contract: Contract
    placement: str
    secrets: tuple[str, ...] = ()
    findings: list[Finding] = field(default_factory=list)
    _exchange: tuple[int, Exchange] | None = None

    def exchange(self, case: Case, response: StResponse) -> Exchange:
        """The response as an Exchange, built once however many checks ask."""
        if self._exchange is None or self._exchange[0] != id(response):
            self._exchange = (id(response), to_exchange(case, response, self.secrets))
        return self._exchange[1]


# A stack, not a ContextVar: schemathesis and Hypothesis call checks on the thread that validates,
# and a bridge enters its scope around exactly that call.
_SCOPES: list[Scope] = []


@contextmanager
def scope(contract: Contract, placement: str, secrets: tuple[str, ...] = ()) -> Iterator[Scope]:
    """Make the b24 checks use contract and placement, and collect their findings, inside the block."""
    entered = Scope(contract, placement, secrets)
    _SCOPES.append(entered)
    try:
        yield entered
    finally:
        _SCOPES.remove(entered)


def _current(case: Case) -> Scope:
    if _SCOPES:
        return _SCOPES[-1]
    # Outside a bridge (a plain case.call_and_validate()): the bundled contract, and the placement
    # the export was built for; findings are raised but not recorded anywhere.
    info = getattr(case.operation.schema, "raw_schema", {}).get("info", {})
    return Scope(default_contract(), info.get(PLACEMENT_KEY, "nested"))


def _bridged(name: str, checks: tuple[Check, ...], summary: str) -> Callable[..., Any]:
    def check(ctx: schemathesis.CheckContext, response: StResponse, case: Case) -> bool | None:
        current = _current(case)
        method = current.contract.methods.get(method_name(case))
        if method is None:
            return True  # an operation of some other API: skipped, not passed
        exchange = current.exchange(case, response)
        context = CheckContext(current.contract, method, current.placement)  # type: ignore[arg-type]
        findings = [finding for family in checks for finding in family(exchange, context)]
        current.findings.extend(findings)
        ConformanceFailure.raise_for(findings)
        return None

    check.__name__ = check.__qualname__ = name
    check.__doc__ = summary
    return schemathesis.check(check)


b24_envelope = _bridged(
    "b24_envelope",
    (check_content_type, check_envelope),
    "A JSON object that is a success, a method error or a framework error, and nothing else.",
)
b24_error_placement = _bridged(
    "b24_error_placement",
    (check_error_placement,),
    "Method errors sit where the target is expected to put them.",
)
b24_time = _bridged(
    "b24_time", (check_time,), "Module answers carry a consistent time; framework errors none."
)
b24_result_schema = _bridged(
    "b24_result_schema", (check_result_schema,), "A success's result has the documented shape."
)
b24_error_code = _bridged(
    "b24_error_code",
    (check_error_code, check_error_description),
    "An error code is documented for the method (or is a framework code), with its documented text.",
)
b24_http_status = _bridged(
    "b24_http_status",
    (check_http_status,),
    "Method errors are HTTP 200; framework errors their documented status.",
)

B24_CHECKS: tuple[Callable[..., Any], ...] = (
    b24_envelope,
    b24_error_placement,
    b24_time,
    b24_result_schema,
    b24_error_code,
    b24_http_status,
)
