"""The sender: one request within the run's budget, its answer checked against the contract and recorded."""

from __future__ import annotations

import time
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

# Once the target has answered, this many requests in a row without an HTTP answer mean it is gone.
LOST_AFTER = 3
# What "no HTTP answer" is: a target that sent something, however broken (protocol, tls, size), is there.
_NO_ANSWER = {
    "refused": "connection refused",
    "reset": "connection closed without an answer",
    "timeout": "no answer in time",
    "dns": "host name did not resolve",
}


class BudgetSpent(RuntimeError):
    """The run's request budget is used up."""


class TargetLost(KeyboardInterrupt):
    """The target stopped answering mid-run: the run sends nothing more and ends as after a stop signal.

    A KeyboardInterrupt, so that Hypothesis does not replay it as a failure to shrink and no `except
    Exception` holds it: pytest stops at the test under way, then still cleans up and writes the reports.
    """


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
        self.lost: str | None = None  # why the run stopped sending: the target stopped answering
        self._answered = False  # the target has answered at least once
        self._unanswered = 0  # requests in a row that got no HTTP answer
        self._silent_since = (0, 0.0)  # the request count and run time of the first of them

    def __repr__(self) -> str:
        return f"Sender(placement={self.placement!r}, budget={self.budget!r})"

    @property
    def silent(self) -> bool:
        """Whether the target left the run's last request without an answer (or is lost)."""
        return self._unanswered > 0 or self.lost is not None

    def admit(self) -> None:
        """Count one request about to go out, or raise BudgetSpent when the budget allows no more."""
        self.before_request()
        if self.lost is not None:
            raise TargetLost(self.lost)
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
            if self._no_answer(exc):
                raise TargetLost(self.lost) from None
            raise
        except OAuthError as exc:
            self._renewal_refused(exc)
        self.recorder.count_request(exchange.attempts - 1)
        self._answer()
        return exchange

    def call_past_budget(self, method: str, params: dict, *, access_token: str | None = None) -> Exchange:
        """Send a request that must go out even when the budget is spent (the deletes of a cleanup).

        Counted once an answer came; TransportError and OAuthError reach the caller (a target that
        stops answering here is noted as lost, for the cleanup to leave the rest to the ledger).
        """
        try:
            exchange = self.client.call(method, params, access_token=access_token)
        except TransportError as exc:
            self._no_answer(exc)
            raise
        self.recorder.count_request()
        self._answer()
        return exchange

    def _answer(self) -> None:
        """An HTTP answer came: the target is there, and a run of unanswered requests ends."""
        self._answered = True
        self._unanswered = 0

    def _no_answer(self, exc: TransportError) -> bool:
        """Count a request without an answer; True when it makes the target lost (noted in the recorder)."""
        if exc.kind not in _NO_ANSWER:
            self._answer()  # something came back, however broken: a finding, not a lost target
            return False
        if not self._answered or self.lost is not None:
            return False  # never reached: the run's first call says so (unreachable); lost: said already
        self._unanswered += 1
        if self._unanswered == 1:
            self._silent_since = (self.recorder.requests, time.monotonic() - self.recorder.started)
        if self._unanswered < LOST_AFTER:
            return False
        number, after_s = self._silent_since
        self.lost = (
            f"the target stopped answering at request {number} of the run ({after_s:.1f} s in):"
            f" {self._unanswered} requests in a row got no HTTP answer (the last: {_NO_ANSWER[exc.kind]}),"
            f" so the run stopped sending after {self.recorder.requests} requests"
        )
        self.recorder.incomplete("target_lost", self.lost)
        return True

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
        self.recorder.record(
            method.name,
            input_class,
            None if outcome is None else str(outcome),
            findings,
            encoding=exchange.request.encoding,
        )
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
                transport_finding(method.name, exc.message, exc.request.curl()),
                input_class=input_class,
                encoding=exc.request.encoding,
            )
            self.recorder.record(method.name, input_class, None, [finding], encoding=exc.request.encoding)
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
            encoding=exchange.request.encoding,
        )
        self.recorder.record(
            exchange.request.method, input_class, None, [finding], encoding=exchange.request.encoding
        )
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
