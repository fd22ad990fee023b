"""What the parametrized suite tests share: the method x encoding x class grid and the Hypothesis settings."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings

from conformance.runconfig import RunConfig

PHASES = (Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink)


def parametrize_classes(
    metafunc: pytest.Metafunc,
    argname: str,
    methods: Iterable[Any],
    classes_for: Callable[[Any, str], Iterable[Any]],
) -> None:
    """Parametrize (method, encoding, argname) over every class each method and profile encoding allows."""
    if argname not in metafunc.fixturenames:
        return
    from conformance.plugin import RUN_CONFIG

    encodings = metafunc.config.stash[RUN_CONFIG].profile.encodings
    cases, names = [], []
    for method in methods:
        for encoding in encodings:
            for input_class in classes_for(method, encoding):
                cases.append((method, encoding, input_class.name))
                names.append(f"{method.name}-{encoding}-{input_class.name}")
    metafunc.parametrize(("method", "encoding", argname), cases, ids=names)


def probe_settings(config: RunConfig) -> settings:
    """Hypothesis settings of one probe test: the profile's examples, shrinking as the profile says."""
    return settings(
        max_examples=config.profile.examples,
        database=None,  # a seed must repeat a run exactly: no replay of examples saved by an earlier one
        deadline=None,
        report_multiple_bugs=False,
        phases=PHASES if config.profile.shrink else [p for p in PHASES if p is not Phase.shrink],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


def skip_when_budget_spent(recorder: Any, method: Any, input_class: str, spent: bool) -> None:
    """When spent, note input_class of method as not covered for want of budget, and skip the test."""
    if spent:
        recorder.not_covered(method.name, input_class, "the request budget was spent")
        pytest.skip("the request budget was spent")


def skip_writes_when_read_only(config: RunConfig, recorder: Any, method: Any, input_class: str) -> None:
    """A read-only run sends no add, update or delete: note the class as not covered and skip."""
    if config.read_only and method.effect != "read":
        reason = f"{method.name} changes objects; the run is --read-only"
        recorder.not_covered(method.name, input_class, reason)
        pytest.skip(reason)
