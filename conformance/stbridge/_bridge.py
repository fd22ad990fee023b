"""The bridge: schemathesis cases sent to the suite's target, checked and recorded by the suite."""

from __future__ import annotations

import unittest
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from schemathesis import Case
from schemathesis import Response as StResponse
from schemathesis.core.failures import FailureGroup

from conformance.checks import observed_outcome
from conformance.client import Client, Target, TransportError
from conformance.contract import Contract
from conformance.engine import (
    UNKNOWN_ID,  # what a change of an object it did not make is aimed at
    Created,
    ObjectKeeper,
    Recorder,
    Sender,
)
from conformance.engine import BudgetSpent as SessionBudgetSpent
from conformance.exchange import Exchange
from conformance.findings import ConformanceFailure, Finding
from conformance.openapi import build_openapi
from conformance.oracle import module_id

from ._checks import scope
from ._config import MODES, make_config
from ._convert import failures_of, is_b24, to_findings
from ._exchange import method_name


class BudgetSpent(SessionBudgetSpent, unittest.SkipTest):
    """The run's request budget is used up; a SkipTest, so pytest and Hypothesis stop and skip, and the
    session's BudgetSpent, so the plugin lists the test as unsent."""


OWNER = "schemathesis"  # marks the objects its adds made among the run's (ObjectKeeper.created)


@dataclass
class Bridge:
    """Runs schemathesis cases against one target with the suite's checks, and records the findings."""

    contract: Contract
    target: Target
    recorder: Recorder
    placement: str = "nested"
    seed: int = 0
    examples: int = 10
    shrink: bool = True
    modes: tuple[str, ...] = MODES
    budget: int | None = None
    read_only: bool = False
    # Sends the deletes, spends the budget and keeps what the adds made; default: a plain client's.
    keeper: ObjectKeeper | None = field(default=None, repr=False)
    _schema: Any = field(default=None, repr=False)
    _operations: dict[str, Any] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.keeper is None:
            sender = Sender(
                Client(self.target),
                self.contract,
                self.recorder,
                placement=self.placement,
                budget=self.budget,
            )
            self.keeper = ObjectKeeper(sender)

    @classmethod
    def from_session(cls, session: Any) -> Bridge:
        """A bridge on a ConformanceSession's target and run settings, sending through its sender and
        keeping what it makes with the session's objects (and in its ledger)."""
        config = session.config
        return cls(
            contract=session.contract,
            target=session.target,
            recorder=session.recorder,
            placement=config.error_placement,
            seed=config.seed,
            examples=config.profile.examples,
            shrink=config.profile.shrink,
            budget=config.budget,
            read_only=config.read_only,
            keeper=session.keeper,
        )

    @property
    def created(self) -> list[Created]:
        """The objects schemathesis' adds made that are not deleted yet, oldest first."""
        return [item for item in self.keeper.created if item.owner == OWNER]

    @property
    def in_process(self) -> bool:
        """Whether the target is a WSGI app called in this process."""
        return self.target.app is not None

    @property
    def schema(self) -> Any:
        """The contract's OpenAPI export loaded into schemathesis, wired to the target."""
        if self._schema is None:
            # In-process too: the requests show the target's address (where the same mock can be
            # served), so that the findings' reproduce lines match the sender's.
            server = self.target.base_url
            document = build_openapi(self.contract, placement=self.placement, server_url=server)
            config = make_config(seed=self.seed, examples=self.examples, modes=self.modes, shrink=self.shrink)
            schema = schemathesis.openapi.from_dict(document, config=config)
            if self.in_process:
                schema.app = self.target.app
            # A schema loaded from a dict has no location to resolve its server against.
            schema.config.update(base_url=self.target.base_url.rstrip("/"))
            if self.read_only:
                schema = schema.exclude(operation_id_regex=r"\.(add|update|delete)$")
            self._schema = schema
        return self._schema

    def secrets(self) -> tuple[str, ...]:
        """What must never appear in a finding: the target's credentials."""
        return self.target.secrets()

    # one case ---------------------------------------------------------------------------------

    def call(self, case: Case, **kwargs: Any) -> StResponse:
        """Send case within the budget, with the target's token in the body; remember what it created."""
        try:
            self.keeper.sender.admit()
        except SessionBudgetSpent as exc:
            raise BudgetSpent(str(exc)) from None
        self._prepare(case)
        response = case.call(**kwargs)
        self._remember(case, response)
        return response

    def validate(self, case: Case, response: StResponse, **kwargs: Any) -> list[Finding]:
        """Run schemathesis' configured checks and the b24 checks; record every finding, raise on a fail."""
        method = method_name(case)
        with scope(self.contract, self.placement, self.secrets()) as current:
            try:
                # The b24 checks are registered, so they run with the configured built-in ones.
                case.validate_response(response, **kwargs)
                error = None
            except (AssertionError, FailureGroup) as exc:
                error = exc
        exchange = current.exchange(case, response)
        foreign = [f for f in failures_of(error) if not is_b24(f)] if error is not None else []
        findings = list(current.findings)
        if foreign:
            findings += to_findings(
                foreign, method=method, reproduce=exchange.reproduce, observed=_observed(exchange)
            )
        outcome = observed_outcome(exchange.response)
        self.recorder.record(method, None, None if outcome is None else str(outcome), findings)
        ConformanceFailure.raise_for(findings)
        return findings

    def run_case(self, case: Case) -> list[Finding]:
        """Call and validate one case (what the suite's schemathesis test does per case)."""
        try:
            response = self.call(case)
        except TransportError as exc:  # not raised by schemathesis transports, kept for custom ones
            raise ConformanceFailure([_transport(case, str(exc))]) from None
        return self.validate(case, response)

    # whole runs -------------------------------------------------------------------------------

    def operations(self) -> list[str]:
        """The operations schemathesis generates cases for (not add/update/delete in a read-only run)."""
        from ._runner import operation_names

        return operation_names(self)

    def fuzz_operation(self, name: str) -> ConformanceFailure | None:
        """Positive and negative cases for one operation; the failure, or None. BudgetSpent skips."""
        from ._runner import fuzz_operation

        return fuzz_operation(self, name)

    def fuzz(self, *, operations: tuple[str, ...] | None = None) -> dict[str, str]:
        """fuzz_operation for each operation until the budget runs out; operation -> failure text."""
        from ._runner import fuzz_operations

        return fuzz_operations(self, operations)

    def stateful(self) -> ConformanceFailure | None:
        """Walk the add -> get/delete links; returns the failure, or None; cleans up after."""
        from ._stateful import run_stateful

        try:
            return run_stateful(self)
        finally:
            self.cleanup()

    def cleanup(self) -> list[str]:
        """Delete every object an add answered with, newest first; returns what could not be deleted."""
        return self.keeper.cleanup(owner=OWNER)

    # helpers ----------------------------------------------------------------------------------

    def _prepare(self, case: Case) -> None:
        body = case.body
        if self.target.access_token and isinstance(body, dict):
            body["auth"] = self.target.access_token
        method = self.contract.methods.get(method_name(case))
        if method is not None and method.effect in ("update", "delete") and isinstance(body, dict):
            # A generated id could name an object schemathesis did not make: on a portal, someone's
            # data; on the mock, the objects the rest of the suite relies on. Aim such a change at
            # no object, keeping ids the module refuses as they are (they still test validation).
            mine = self.keeper.made_ids(method.storage, owner=OWNER)
            looked_up = module_id(body.get(method.id_param), "json") if method.id_param in body else None
            if isinstance(looked_up, int) and looked_up not in mine:
                body[method.id_param] = UNKNOWN_ID

    def _remember(self, case: Case, response: StResponse) -> None:
        method = self.contract.methods.get(method_name(case))
        if method is None or method.action != "add":
            return
        try:
            body = response.json()
        except Exception:  # any undecodable answer created nothing we can name
            return
        result = body.get("result") if isinstance(body, dict) else None
        new_id = result.get("id") if isinstance(result, dict) else None
        if type(new_id) is int:
            self.keeper.note_made(method.storage, case.body, new_id, owner=OWNER)


def _observed(exchange: Exchange) -> str:
    return f"HTTP {exchange.response.status}: {exchange.response.snippet()}"


def _transport(case: Case, message: str) -> Finding:
    return Finding(
        check="transport",
        severity="fail",
        method=method_name(case),
        message=message,
        expected="an HTTP response from the target",
        observed=message,
    )
