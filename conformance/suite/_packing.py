"""With --batch, the batched probes of every selected method packed together: drawn once, sent in shared
batch calls of up to 50 commands, each method's test raising its own findings.

The first test of test_batch that asks for the packer draws the cases of every selected (test, method)
pair (each pair's plan), sends all their commands at once through BatchProbes.send_packed and judges
each plan's answers right away, while the objects they reflect still exist; then it sends what a plan
keeps out of batches (payloads that may make or change an object) on its own. Findings and coverage are
recorded per method and input class, and each test raises the fail findings of its own commands (and
of the batch calls they were in), so the junit testcases stay per method and class. A failing test
takes its one-method path (one batch call of that method per Hypothesis example) when the profile
shrinks, so that the finding kept is the simplest value's.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

import pytest

from conformance.engine import BatchCommand, BudgetSpent, PackedAnswer
from conformance.findings import ConformanceFailure, Finding

from ._shared import run_examples

Key = tuple[str, str]  # (test name, method name)

# For figures and for telling a cross-method effect from a method's own: B24_BATCH_PACKING=off sends each
# test's probes on its one-method path, as before packing.
PACKING_SWITCH = "B24_BATCH_PACKING"


def packs(config: Any) -> bool:
    """Whether the batched tests of this pytest run are packed together: not when switched off, nor in a
    pytest-xdist worker, which does not know which tests it will get (each keeps its one-method path)."""
    return os.environ.get(PACKING_SWITCH, "on") != "off" and not hasattr(config, "workerinput")


@dataclass
class Drawn:
    """One plan's draw: its commands for the packed calls, what checks their answers beyond the oracle,
    and what it sends on its own after them."""

    commands: list[BatchCommand]
    check_answers: Callable[[list[BatchCommand], list[Any]], None] | None = None
    alone: Callable[[], None] | None = None


@dataclass
class _Outcome:
    drawn: Drawn
    findings: list[Finding] = field(default_factory=list)
    spent: bool = False


def draw_examples(config: Any, strategy: Any) -> list[Any]:
    """Every example Hypothesis draws from strategy under the run's seed and profile (nothing is sent)."""
    examples: list[Any] = []
    run_examples(config, strategy, examples.append)
    return examples


class Packer:
    """Draws the plans of the selected batched tests, sends their commands packed, keeps each verdict."""

    def __init__(self, session: Any, config: Any) -> None:
        self.session = session
        self.config = config
        self.outcomes: dict[Key, _Outcome] = {}

    def pack(self, plans: Iterable[tuple[Key, Callable[[ExitStack], Drawn]]]) -> None:
        """Draw each plan (one that skips is left to its test, which skips again), send everything, and
        judge each plan's answers at once: the objects its answers reflect (an update probe's own
        object, say) still exist. Then send what goes alone, and delete what the plans made."""
        with ExitStack() as stack:
            for key, plan in plans:
                try:
                    self.outcomes[key] = _Outcome(plan(stack))
                except (pytest.skip.Exception, BudgetSpent):
                    continue
            commands = [command for outcome in self.outcomes.values() for command in outcome.drawn.commands]
            results = self.session.batch.send_packed(commands) if commands else []
            position = 0
            for outcome in self.outcomes.values():
                drawn = outcome.drawn
                mine = results[position : position + len(drawn.commands)]
                position += len(drawn.commands)
                self._settle(outcome, lambda drawn=drawn, mine=mine: self._judge(drawn, mine))
            for outcome in self.outcomes.values():
                if outcome.drawn.alone is not None:
                    self._settle(outcome, outcome.drawn.alone)

    def _judge(self, drawn: Drawn, results: list[PackedAnswer]) -> None:
        answers = self.session.batch.judge(drawn.commands, results)
        if drawn.check_answers is not None:
            drawn.check_answers(drawn.commands, answers)

    @staticmethod
    def _settle(outcome: _Outcome, step: Callable[[], None]) -> None:
        try:
            step()
        except ConformanceFailure as failure:
            outcome.findings += failure.findings
        except BudgetSpent:
            outcome.spent = True

    def verdict(self, key: Key, *, one_method: Callable[[], bool]) -> bool:
        """Raise key's fail findings; otherwise whether the budget kept some of its probes from going out.

        one_method sends key's probes on the one-method path (one batch call of that method per
        Hypothesis example, failures shrunk): taken when key was not packed, and after a packed failure
        when the profile shrinks, so that the failure raised is the simplest value's.
        """
        outcome = self.outcomes.get(key)
        if outcome is None:
            # in no plan: packing is off, or its budget or setup failed at packing time
            return one_method()
        if outcome.findings:
            if self.config.profile.shrink:
                one_method()
            raise ConformanceFailure(outcome.findings)
        return outcome.spent
