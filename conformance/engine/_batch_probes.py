"""Batched probes (run --batch): many probes of one method as the commands of one batch call."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..batch import BATCH, MAX_COMMANDS, command_exchanges
from ..checks import BATCH_COMMAND_CHECKS, CheckContext, check_batch
from ..client import batch_params, fits_in_batch
from ..contract import Method
from ..exchange import Exchange, made_id
from ..findings import ConformanceFailure, Finding
from ..inputs import IdCase, IdFacts
from ..oracle import expect_fields, expect_id, expect_list
from ..outcome import Expectation
from ._probes import Probes


class BatchProbes:
    """send and the id, list and fields probes built on it; what goes alone goes through probes."""

    def __init__(self, probes: Probes) -> None:
        self.probes = probes
        self.sender = probes.sender
        self.keeper = probes.keeper
        self.auth = probes.auth

    def send_ids(self, method: Method, cases: Sequence[IdCase], facts: IdFacts) -> None:
        """Send id cases (query-encoded) as the commands of batch calls; fail on any fail finding."""
        self.send(
            method,
            cases,
            [expect_id(method, case, facts, auth=self.auth) for case in cases],
            [self.probes.id_params(method, case) for case in cases],
        )

    def send_lists(self, method: Method, cases: Sequence[Any]) -> list[Exchange | None]:
        """Send list cases (query-encoded) as batch commands; each one's answer, None where none came."""
        expectations = [expect_list(method, case, auth=self.auth) for case in cases]
        return self.send(method, cases, expectations, [case.params for case in cases])

    def send_fields(
        self,
        method: Method,
        cases: Sequence[Any],
        facts: Any,
        send_alone: Callable[[Any], None] | None = None,
    ) -> None:
        """Send fields payloads (query-encoded): those the oracle expects refused as batch commands, the
        rest (payloads that may make or change an object, or carry source settings) one by one, through
        send_alone (default: Probes.send_fields with facts); fail on any fail finding of either."""
        if send_alone is None:

            def send_alone(case: Any) -> None:
                self.probes.send_fields(method, case, facts)

        expectations = [expect_fields(method, case, facts, auth=self.auth) for case in cases]
        together = [
            index
            for index, (case, expectation) in enumerate(zip(cases, expectations, strict=True))
            if not expectation.may_succeed and fits_in_batch(case.params)
        ]
        findings: list[Finding] = []
        if together:
            try:
                self.send(
                    method,
                    [cases[index] for index in together],
                    [expectations[index] for index in together],
                    [cases[index].params for index in together],
                )
            except ConformanceFailure as failure:
                findings += failure.findings
        for index, case in enumerate(cases):
            if index not in together:
                try:
                    send_alone(case)
                except ConformanceFailure as failure:
                    findings += failure.findings
        ConformanceFailure.raise_for(findings)

    def send(
        self,
        method: Method,
        cases: Sequence[Any],
        expectations: Sequence[Expectation],
        params: Sequence[dict],
    ) -> list[Exchange | None]:
        """Send each case as one command of a batch call (50 to a call), then check every batch and
        every command's answer against its expectation; raise ConformanceFailure on fail findings.

        A command is a query string, so the cases must be drawn for the query encoding. Returns each
        case's answer, None for a command its batch did not answer (the batch check reports that).
        Whatever an add among the commands made is written to the ledger and deleted before returning.
        """
        keys = [f"{index}-{case.input_class}" for index, case in enumerate(cases)]
        answers: dict[str, Exchange] = {}
        findings: list[Finding] = []
        context = CheckContext(self.sender.contract, method, self.sender.placement)
        made: list[int] = []
        try:
            for start in range(0, len(keys), MAX_COMMANDS):
                chunk = range(start, min(start + MAX_COMMANDS, len(keys)))
                calls = {keys[index]: (method.name, params[index]) for index in chunk}
                batch = self.sender.send_probe(
                    method, None, lambda calls=calls: self.sender.call(BATCH, batch_params(calls))
                )
                answers.update(command_exchanges(batch))
                for index in chunk if method.effect == "create" else ():
                    new_id = made_id(answers[keys[index]]) if keys[index] in answers else None
                    if new_id is not None:
                        self.keeper.note_made(method.storage, params[index], new_id)
                        made.append(new_id)
                found = check_batch(batch, context)
                self.sender.recorder.record(method.name, None, None, found)
                findings += found
            for key, case, expectation in zip(keys, cases, expectations, strict=True):
                if key in answers:
                    findings += self.sender.check(
                        method,
                        answers[key],
                        expectation=expectation,
                        input_class=case.input_class,
                        checks=BATCH_COMMAND_CHECKS,
                    )
        finally:
            for object_id in made:
                self.keeper.discard(method.storage, object_id)
        ConformanceFailure.raise_for(findings)
        return [answers.get(key) for key in keys]
