"""Probes: one input case sent, its answer held against the oracle's expectation, a failure raised."""

from __future__ import annotations

from typing import Any

from ..contract import Method
from ..exchange import Exchange
from ..findings import ConformanceFailure
from ..inputs import IdCase, IdFacts
from ..oracle import expect_fields, expect_id, expect_list
from ..outcome import Expectation
from ._keeper import ObjectKeeper
from ._sender import Sender


class Probes:
    """The id, fields and list probes of the suite, one request each."""

    def __init__(self, sender: Sender, keeper: ObjectKeeper, *, auth: str) -> None:
        self.sender = sender
        self.keeper = keeper
        self.auth = auth  # oauth or webhook: a webhook has no application context

    def id_params(self, method: Method, case: IdCase) -> dict:
        """The case's id params plus what the method needs besides an id to get past validation."""
        extra = {"fields": self.keeper.update_probe(method.entity)} if method.action == "update" else {}
        return {**case.params, **extra}

    def send_id(self, method: Method, case: IdCase, facts: IdFacts) -> None:
        """Send one id case, check the answer against the oracle, and fail on any fail finding."""
        self._send(method, case, expect_id(method, case, facts, auth=self.auth), self.id_params(method, case))

    def send_list(self, method: Method, case: Any) -> Exchange:
        """Send one list call, check the answer (exact error text included) against the oracle; return it."""
        return self._send(method, case, expect_list(method, case, auth=self.auth), case.params)

    def send_fields(self, method: Method, case: Any, facts: Any) -> None:
        """Send one fields payload, check the answer against the oracle, and delete what an add made."""
        expectation = expect_fields(method, case, facts, auth=self.auth)
        made = None
        if method.effect == "create":

            def send() -> Exchange:
                nonlocal made
                exchange, made = self.keeper.send_create(
                    method, case.params, encoding=case.encoding, may_create=expectation.may_succeed
                )
                return exchange
        else:

            def send() -> Exchange:
                return self.sender.call(method.name, case.params, encoding=case.encoding)

        exchange = self.sender.send_probe(method, case.input_class, send)
        try:
            findings = self.sender.check(
                method, exchange, expectation=expectation, input_class=case.input_class
            )
        finally:
            if made is not None:
                self.keeper.discard(method.entity, made)  # at once: names are portal-wide
        ConformanceFailure.raise_for(findings)

    def _send(self, method: Method, case: Any, expectation: Expectation, params: dict) -> Exchange:
        """Send params in case's encoding, check the answer against expectation, fail on any fail finding."""
        exchange = self.sender.send_probe(
            method, case.input_class, lambda: self.sender.call(method.name, params, encoding=case.encoding)
        )
        ConformanceFailure.raise_for(
            self.sender.check(method, exchange, expectation=expectation, input_class=case.input_class)
        )
        return exchange
