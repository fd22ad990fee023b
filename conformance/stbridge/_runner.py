"""Schemathesis' generation per operation, run by Hypothesis directly (the suite, tests and bench)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import hypothesis
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.core.result import Ok

from conformance.findings import ConformanceFailure

if TYPE_CHECKING:
    from ._bridge import Bridge


def hypothesis_settings(bridge: Bridge, **overrides: object) -> hypothesis.settings:
    """Seeded settings: the profile's examples, no database or deadline, shrinking as the profile says."""
    phases = [hypothesis.Phase.explicit, hypothesis.Phase.generate]
    if bridge.shrink:
        phases.append(hypothesis.Phase.shrink)
    options: dict = {
        "max_examples": bridge.examples,
        "database": None,
        "deadline": None,
        "phases": phases,
        "report_multiple_bugs": False,
        "suppress_health_check": list(hypothesis.HealthCheck),
        "verbosity": hypothesis.Verbosity.quiet,
    }
    options.update(overrides)
    return hypothesis.settings(**options)


def operation_names(bridge: Bridge) -> list[str]:
    """The operationIds schemathesis can generate for (a read-only run leaves add/update/delete out)."""
    return sorted(name for name in _operations(bridge))


def fuzz_operation(bridge: Bridge, name: str) -> ConformanceFailure | None:
    """Positive and negative cases for one operation, each checked and recorded; the failure, or None.

    Raises BudgetSpent (a SkipTest) when the run's request budget runs out.
    """
    operation = _operations(bridge).get(name)
    if operation is None:
        raise KeyError(f"Expected an operation among {operation_names(bridge)}, got {name!r}")
    modes = [GenerationMode(mode) for mode in bridge.modes]
    strategy = st.one_of([operation.as_strategy(generation_mode=mode) for mode in modes])

    @hypothesis.seed(bridge.seed)
    @hypothesis_settings(bridge)
    @hypothesis.given(case=strategy)
    def probe(case):
        bridge.run_case(case)

    # No example database (see hypothesis_settings): left unset, the key it would be stored under is
    # worked out from this function's source text on every operation.
    probe._hypothesis_internal_database_key = None  # type: ignore[attr-defined]
    try:
        probe()
    except ConformanceFailure as exc:
        return exc
    return None


def fuzz_operations(bridge: Bridge, operations: tuple[str, ...] | None) -> dict[str, str]:
    """fuzz_operation for each operation (all by default) until the budget runs out; name -> failure."""
    from ._bridge import BudgetSpent

    failed: dict[str, str] = {}
    for name in operations if operations is not None else operation_names(bridge):
        try:
            failure = fuzz_operation(bridge, name)
        except BudgetSpent:
            break
        if failure is not None:
            failed[name] = str(failure)
    return failed


def _operations(bridge: Bridge) -> dict[str, Any]:
    if bridge._operations is not None:
        return bridge._operations
    found = {}
    for result in bridge.schema.get_all_operations():
        if isinstance(result, Ok):
            operation = result.ok()
            found[operation.definition.raw.get("operationId", operation.label)] = operation
    bridge._operations = found
    return found
