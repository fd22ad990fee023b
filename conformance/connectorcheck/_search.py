"""The filter search: Hypothesis draws filters, each is sent, and a disagreement shrinks to the smallest."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis.errors import HypothesisException

from ._checks_data import data_filter
from ._recording import Call, Recording
from ._strategies import orm_filters


class _Disagrees(AssertionError):
    pass


class _Unanswered(Exception):
    pass


def search_filters(
    send: Callable[[dict[str, Any]], Call],
    baseline: Call,
    columns: list[dict[str, Any]],
    rows: list[dict[str, Any]],
    rec: Recording,
    *,
    run_seed: int,
    examples: int,
) -> int:
    """Send up to examples drawn filters, and shrink a failing one; record it, and return the calls sent."""
    failing: list[Call] = []
    sent = 0

    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        derandomize=False,
        print_blob=False,
        report_multiple_bugs=False,
        phases=(Phase.generate, Phase.shrink),
        suppress_health_check=list(HealthCheck),
    )
    @seed(run_seed)
    @given(orm_filters(columns=columns, rows=rows))
    def probe(filter_: dict[str, Any]) -> None:
        nonlocal sent
        call = send(filter_)
        sent += 1
        if call.status != 200 or call.timed_out:
            failing[:] = [call]
            raise _Unanswered
        mini = Recording(budget=rec.budget, data=[baseline, call])
        if data_filter(mini):
            failing[:] = [call]
            raise _Disagrees

    try:
        probe()
    except (_Disagrees, _Unanswered):
        rec.data.append(failing[-1])
    except HypothesisException as exc:
        rec.notes.append(f"urlData filter search stopped early: {type(exc).__name__}")
    return sent
