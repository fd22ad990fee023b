"""The suite's checks as schemathesis checks: one for each registered check function, kept in step."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from schemathesis import Case
from schemathesis import Response as StResponse
from schemathesis.checks import CHECKS as SCHEMATHESIS_CHECKS

from conformance.checks import CHECKS, CheckContext, CheckInfo
from conformance.contract import Contract, default_contract
from conformance.exchange import Exchange
from conformance.findings import ConformanceFailure, Finding

from ._exchange import method_name, to_exchange

PLACEMENT_KEY = "x-b24-error-placement"
PREFIX = "b24_"  # keeps the suite's checks apart from schemathesis' own and a project's


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


def schemathesis_name(check: str) -> str:
    """The name schemathesis knows the suite's check by: error-code is b24_error_code."""
    return PREFIX + check.replace("-", "_")


def bridged_checks() -> dict[str, Callable[..., Any]]:
    """The schemathesis check of each registered check function, by the suite's check name, in run order."""
    return dict(_BRIDGED)


def _bridged(info: CheckInfo) -> Callable[..., Any]:
    function = info.function

    def bridged(ctx: schemathesis.CheckContext, response: StResponse, case: Case) -> bool | None:
        current = _current(case)
        method = current.contract.methods.get(method_name(case))
        if method is None:
            return True  # an operation of some other API: skipped, not passed
        exchange = current.exchange(case, response)
        context = CheckContext(current.contract, method, current.placement)  # type: ignore[arg-type]
        findings = function(exchange, context)
        current.findings.extend(findings)
        ConformanceFailure.raise_for(findings)
        return None

    bridged.__name__ = bridged.__qualname__ = schemathesis_name(info.name)
    bridged.__doc__ = info.description
    return schemathesis.check(bridged)


_BRIDGED: dict[str, Callable[..., Any]] = {}


def _follow(name: str, info: CheckInfo | None) -> None:
    # Registration order is schemathesis' run order too, so a response's findings come in the order
    # run_checks gives them. A check registered again keeps its place in both registries.
    if info is not None and info.function is not None:
        _BRIDGED[name] = _bridged(info)
    elif name in _BRIDGED:
        # schemathesis has no public way to drop a check; its registry has
        SCHEMATHESIS_CHECKS.unregister(_BRIDGED.pop(name).__name__)


CHECKS.subscribe(_follow)
