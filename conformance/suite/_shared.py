"""What the parametrized suite tests share: the method x encoding x class grid and the Hypothesis settings."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any, NoReturn

import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from conformance.engine import BudgetSpent, RunConfig

PHASES = (Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink)


def parametrize_classes(
    metafunc: pytest.Metafunc,
    argname: str,
    methods: Iterable[Any],
    classes_for: Callable[[Any, str], Iterable[Any]],
    *,
    batched: Callable[[Any], Iterable[str]] = lambda method: (),
) -> None:
    """Parametrize (method, encoding, argname) over every class each method and profile encoding allows,
    and in the profile's spot encodings over its spot classes only.

    With --batch, the classes batched(method) names are left out of the profile's encodings: test_batch
    sends those. Spot encodings keep their classes: what they probe is the encoding, which a batch
    command (a query string) cannot carry.
    """
    if argname not in metafunc.fixturenames:
        return
    from conformance.plugin import RUN_CONFIG

    run = metafunc.config.stash[RUN_CONFIG]
    cases, names = [], []
    for method in methods:
        left_out = set(batched(method)) if run.batch else set()
        for encoding in (*run.profile.encodings, *run.profile.spot_encodings):
            spot = encoding not in run.profile.encodings
            for input_class in classes_for(method, encoding):
                kept = (
                    _spot_probe(run.profile, method, input_class.name)
                    if spot
                    else input_class.name not in left_out
                )
                if not kept:
                    continue
                cases.append((method, encoding, input_class.name))
                names.append(f"{method.name}-{encoding}-{input_class.name}")
    if not cases:
        # every class went to test_batch: one skipped cell says so instead of pytest's empty-set notice
        reason = "--batch sends every class of this grid in batch calls (test_batch)"
        cases, names = [pytest.param(None, None, None, marks=pytest.mark.skip(reason=reason))], ["batched"]
    metafunc.parametrize(("method", "encoding", argname), cases, ids=names)


def _spot_probe(profile: Any, method: Any, input_class: str) -> bool:
    """Whether a spot encoding of profile probes method with input_class."""
    return input_class in profile.spot_classes and method.name in (profile.spot_methods or (method.name,))


def probe_settings(config: RunConfig) -> settings:
    """Hypothesis settings of one probe test: the profile's examples, shrinking as the profile says."""
    return _settings(config.profile.examples, config.profile.shrink)


@cache
def _settings(examples: int, shrink: bool) -> settings:
    # one settings object per run, not one per test: building one validates every option again
    return settings(
        max_examples=examples,
        database=None,  # a seed must repeat a run exactly: no replay of examples saved by an earlier one
        deadline=None,
        report_multiple_bugs=False,
        phases=PHASES if shrink else [p for p in PHASES if p is not Phase.shrink],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


def run_examples(
    config: RunConfig, strategy: st.SearchStrategy[Any], probe_one: Callable[[Any], None]
) -> bool:
    """probe_one on each example Hypothesis draws from strategy, under the run's seed and profile.

    A failure (ConformanceFailure) shrinks as usual; whether the request budget ran out is returned,
    so the test can note what it could not send.
    """
    spent = []

    @seed(config.seed)
    @probe_settings(config)
    @given(strategy)
    def probe(value: Any) -> None:
        try:
            probe_one(value)
        except BudgetSpent:
            spent.append(True)

    # Without an example database the key that names this test in one is never used; left unset,
    # Hypothesis works it out from the test's source text for every test (tokenizing the module).
    probe._hypothesis_internal_database_key = None  # type: ignore[attr-defined]
    probe()
    return bool(spent)


def skip_classes(recorder: Any, method: Any, classes: Iterable[str], reason: str) -> NoReturn:
    """Note each of classes of method as not covered for reason, and skip the test."""
    for input_class in classes:
        recorder.not_covered(method.name, input_class, reason)
    pytest.skip(reason)


def skip_when_budget_spent(recorder: Any, method: Any, classes: str | Iterable[str], spent: bool) -> None:
    """When spent, note the class (or classes) of method as not covered for want of budget, and skip."""
    if spent:
        skip_classes(recorder, method, _names(classes), "the request budget was spent")


def skip_writes_when_read_only(
    config: RunConfig, recorder: Any, method: Any, classes: str | Iterable[str]
) -> None:
    """A read-only run sends no add, update or delete: note the class (or classes) not covered, and skip."""
    if config.read_only and method.effect != "read":
        skip_classes(
            recorder, method, _names(classes), f"{method.name} changes objects; the run is --read-only"
        )


def _names(classes: str | Iterable[str]) -> tuple[str, ...]:
    return (classes,) if isinstance(classes, str) else tuple(classes)
