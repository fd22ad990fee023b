"""The sender: one request within the run's budget, its answer checked against the contract and recorded."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import NoReturn

from ..checks import ALL_CHECKS, Check, CheckContext, observed_outcome, run_checks, transport_finding
from ..client import Client, OAuthError, TransportError
from ..contract import Contract, Method, Placement
from ..exchange import Exchange
from ..findings import ConformanceFailure, Finding
from ..outcome import Expectation, Outcome
from ._recorder import Recorder
from ._runconfig import ConfigError


class BudgetSpent(RuntimeError):
    """The run's request budget is used up."""


class Sender:
    """Sends requests through the run's client, within its budget; checks answers and records them.

    Every request of a run goes through one sender: the probes, the objects the run makes and deletes,
    and schemathesis' cases, so the budget, the request count and the pacing are the same for all.
    """

    def __init__(
        self,
        client: Client,
        contract: Contract,
        recorder: Recorder,
        *,
        placement: Placement = "nested",
        budget: int | None = None,
    ) -> None:
        self.client = client
        self.contract = contract
        self.recorder = recorder
        self.placement = placement
        self.budget = budget
        self.probing_done = False  # past the first call, a refused renewal ends the run
        # Called before every budgeted request: the plugin sets it to stop a run a signal interrupted.
        self.before_request: Callable[[], None] = _nothing

    def __repr__(self) -> str:
        return f"Sender(placement={self.placement!r}, budget={self.budget!r})"

    def admit(self) -> None:
        """Count one request about to go out, or raise BudgetSpent when the budget allows no more."""
        self.before_request()
        if self.budget is not None and self.recorder.requests >= self.budget:
            self.recorder.budget_spent = True
            raise BudgetSpent(f"the budget of {self.budget} requests is spent")
        self.recorder.count_request()

    def call(
        self,
        method: str,
        params: dict | None,
        *,
        encoding: str = "json",
        access_token: str | None = None,
        via: Client | None = None,
    ) -> Exchange:
        """Send one request within the budget, through the run's client or the one given as via."""
        self.admit()
        try:
            exchange = (via or self.client).call(method, params, encoding=encoding, access_token=access_token)
        except TransportError as exc:
            self.recorder.count_request(exc.attempts - 1)
            raise
        except OAuthError as exc:
            self._renewal_refused(exc)
        self.recorder.count_request(exchange.attempts - 1)
        return exchange

    def call_past_budget(self, method: str, params: dict, *, access_token: str | None = None) -> Exchange:
        """Send a request that must go out even when the budget is spent (the deletes of a cleanup).

        Counted once an answer came; TransportError and OAuthError reach the caller.
        """
        exchange = self.client.call(method, params, access_token=access_token)
        self.recorder.count_request()
        return exchange

    def check(
        self,
        method: Method,
        exchange: Exchange,
        *,
        expectation: Expectation | None = None,
        input_class: str | None = None,
        checks: Sequence[Check] = ALL_CHECKS,
    ) -> list[Finding]:
        """Run the checks (all of them unless told) on one exchange and record the result."""
        context = CheckContext(self.contract, method, self.placement, expectation, input_class)
        findings = run_checks(exchange, context, checks)
        outcome = observed_outcome(exchange.response)
        self.recorder.record(method.name, input_class, None if outcome is None else str(outcome), findings)
        return findings

    def expect_outcome(
        self, method: Method, exchange: Exchange, outcome: Outcome, input_class: str
    ) -> list[Finding]:
        """Check an answer whose outcome is the same under both semantics; the findings, recorded."""
        return self.check(
            method, exchange, expectation=Expectation(outcome, outcome), input_class=input_class
        )

    def send_probe(self, method: Method, input_class: str | None, send: Callable[[], Exchange]) -> Exchange:
        """send(); a transport fault becomes a recorded `transport` finding and a ConformanceFailure."""
        try:
            return send()
        except TransportError as exc:
            finding = replace(
                transport_finding(method.name, exc.message, exc.request.curl()), input_class=input_class
            )
            self.recorder.record(method.name, input_class, None, [finding])
            raise ConformanceFailure([finding]) from None

    def fail(
        self, exchange: Exchange, check: str, message: str, expected: str, observed: str, input_class: str
    ) -> NoReturn:
        """Record a fail finding about exchange that no check can see (a sequence of calls) and raise it."""
        finding = Finding(
            check=check,
            severity="fail",
            method=exchange.request.method,
            message=message,
            expected=expected,
            observed=observed,
            input_class=input_class,
            reproduce=exchange.reproduce,
        )
        self.recorder.record(exchange.request.method, input_class, None, [finding])
        raise ConformanceFailure([finding])

    def _renewal_refused(self, exc: OAuthError) -> NoReturn:
        message = f"The access token expired and could not be renewed: {exc}"
        self.recorder.fail_run("configuration", message, 2)
        if self.probing_done:
            # mid-run, every further request would fail the same way: stop the run here
            import pytest

            pytest.exit(message, returncode=2)
        raise ConfigError(message) from None


def _nothing() -> None:
    """The default before_request: nothing stops the run."""
