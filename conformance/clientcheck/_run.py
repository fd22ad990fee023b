"""Running the catalog against a client: every chosen scenario, its verdict, and the verdict of all."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ._scenario import TASK_DEADLINE_S, AdapterFactory, Scenario, ScenarioResult, play


@dataclass(frozen=True)
class CheckResult:
    """The client-check of one client: each scenario's result, in catalog order."""

    client: str
    results: tuple[ScenarioResult, ...]
    duration_s: float

    @property
    def passed(self) -> bool:
        """Whether every scenario passed."""
        return all(result.verdict == "pass" for result in self.results)

    @property
    def failed(self) -> list[ScenarioResult]:
        """The scenarios the client failed."""
        return [result for result in self.results if result.verdict != "pass"]


def check_client(
    client: str,
    factory: AdapterFactory,
    scenarios: Iterable[Scenario],
    *,
    progress: Callable[[ScenarioResult], Any] | None = None,
    deadline_s: float = TASK_DEADLINE_S,
) -> CheckResult:
    """Play each scenario against a fresh client; AdapterBroken (from play) stops the check."""
    started = time.monotonic()
    results = []
    for chosen in scenarios:
        result = play(chosen, factory, deadline_s=deadline_s)
        results.append(result)
        if progress is not None:
            progress(result)
    return CheckResult(client, tuple(results), time.monotonic() - started)
