"""Batched probes (run --batch): probes of one method or of many as the commands of batch calls."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..batch import BATCH, MAX_COMMANDS, command_exchanges
from ..checks import BATCH_COMMAND_CHECKS, CheckContext, check_batch
from ..client import Client, batch_params, fits_in_batch
from ..contract import Method
from ..exchange import Exchange, made_id
from ..findings import ConformanceFailure, Finding
from ..oracle import expect_fields, expect_list
from ..outcome import Expectation
from ._probes import Probes
from ._sender import BudgetSpent

# A packed batch runs its commands in this order of their methods' effects: what reads comes before
# what makes an object, and what may change or delete one comes last. Adds and updates expected to be
# refused go before those that may succeed, so that none of them meets a title another command took.
_EFFECT_ORDER = {"read": 0, "create": 1, "update": 2, "delete": 3}


def _place(command: BatchCommand) -> tuple[bool, bool, int]:
    effect = command.method.effect
    may_succeed = effect in ("create", "update") and command.expectation.may_succeed
    return (effect == "delete", may_succeed, _EFFECT_ORDER[effect])


@dataclass(frozen=True)
class BatchCommand:
    """One probe as a batch command: the method, the input case, the oracle's expectation, the params."""

    method: Method
    case: Any
    expectation: Expectation
    params: dict


@dataclass(frozen=True)
class FixedCase:
    """The case of a command no input strategy drew (a walk's read, a webhook probe): class and params."""

    input_class: str
    params: dict = field(hash=False)


@dataclass
class PackedAnswer:
    """What the batch calls did with one command: whether it went out, its answer, its batch's findings,
    and the batch call it went in (None when none came back)."""

    sent: bool = False
    answer: Exchange | None = None
    batch_findings: list[Finding] = field(default_factory=list)
    call: Exchange | None = None


class BatchProbes:
    """send and the list and fields probes built on it; what goes alone goes through probes."""

    def __init__(self, probes: Probes) -> None:
        self.probes = probes
        self.sender = probes.sender
        self.keeper = probes.keeper
        self.auth = probes.auth

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
        rest (payloads that may make or change an object) one by one, through
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
        commands = [
            BatchCommand(method, case, expectation, param)
            for case, expectation, param in zip(cases, expectations, params, strict=True)
        ]
        return self.judge(commands, self.send_packed(commands))

    def send_packed(
        self, commands: Sequence[BatchCommand], *, via: Client | None = None
    ) -> list[PackedAnswer]:
        """Send commands of any methods packed into batch calls (50 to a call), through the run's client
        or the one given as via (a webhook's); each one's PackedAnswer.

        Commands go out in the order of their methods' effects (reads, creates, updates, deletes; adds and
        updates that may succeed after those expected refused), each
        keyed "N-input class", N its place in commands. Each batch call gets the batch check (its
        findings recorded under the method of its first command); the commands' answers are left to
        judge. A transport fault of a call becomes that call's finding; once the budget is spent the
        remaining commands are not sent. Whatever an add among them made is deleted before returning.
        """
        order = sorted(range(len(commands)), key=lambda index: _place(commands[index]))
        results = [PackedAnswer() for _ in commands]
        made: list[tuple[str, int]] = []
        try:
            for start in range(0, len(order), MAX_COMMANDS):
                chunk = order[start : start + MAX_COMMANDS]
                # an add expected to make an object is in the ledger before its batch goes out
                intents = {
                    index: self.keeper.intend(commands[index].method.storage, commands[index].params)
                    for index in chunk
                    if commands[index].method.effect == "create" and commands[index].expectation.may_succeed
                }
                keys = {index: f"{index}-{commands[index].case.input_class}" for index in chunk}
                calls = {
                    keys[index]: (commands[index].method.name, commands[index].params) for index in chunk
                }
                first = commands[chunk[0]].method
                try:
                    batch = self.sender.send_probe(
                        first, None, lambda calls=calls: self.sender.call(BATCH, batch_params(calls), via=via)
                    )
                except ConformanceFailure as failure:
                    for index in chunk:
                        results[index] = PackedAnswer(True, None, failure.findings)
                    continue
                except BudgetSpent:
                    break
                answers = command_exchanges(batch)
                found = check_batch(batch, CheckContext(self.sender.contract, first, self.sender.placement))
                self.sender.recorder.record(first.name, None, None, found)
                for index in chunk:
                    command = commands[index]
                    answer = answers.get(keys[index])
                    results[index] = PackedAnswer(True, answer, found, batch)
                    new_id = (
                        made_id(answer) if answer is not None and command.method.effect == "create" else None
                    )
                    if new_id is not None:
                        entry = intents.get(index)
                        self.keeper.note_made(command.method.storage, command.params, new_id, entry=entry)
                        made.append((command.method.storage, new_id))
                    elif answer is not None:  # unanswered, it may have made one: the intent stays
                        self.keeper.abandon(intents.get(index))
        finally:
            self.keeper.discard_many(made)  # at once, in batch calls: names are portal-wide
        return results

    def judge(
        self, commands: Sequence[BatchCommand], results: Sequence[PackedAnswer]
    ) -> list[Exchange | None]:
        """Check each answered command against its expectation; each command's answer (None if none).

        Raises ConformanceFailure with the fail findings of the commands and of the batches they were
        in, and BudgetSpent when the budget stopped some of them before they were sent.
        """
        findings: list[Finding] = []
        batches_seen: set[int] = set()
        for command, result in zip(commands, results, strict=True):
            if id(result.batch_findings) not in batches_seen:
                batches_seen.add(id(result.batch_findings))
                findings += result.batch_findings
            if result.answer is not None:
                findings += self.sender.check(
                    command.method,
                    result.answer,
                    expectation=command.expectation,
                    input_class=command.case.input_class,
                    checks=BATCH_COMMAND_CHECKS,
                )
        ConformanceFailure.raise_for(findings)
        if not all(result.sent for result in results):
            raise BudgetSpent("the request budget was spent before every command was sent")
        return [result.answer for result in results]
