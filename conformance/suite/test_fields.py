"""add and update methods, probed with every named class of `fields` payload their schema allows."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings

from conformance.contract import default_contract
from conformance.inputs import FieldsFacts, field_classes_for, field_payloads
from conformance.session import TITLE_PREFIX, UNKNOWN_ID, BudgetSpent

pytestmark = pytest.mark.b24

PHASES = [Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink]
METHODS = [m for m in default_contract().methods.values() if m.action in ("add", "update") and m.fields]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "fields_class" not in metafunc.fixturenames:
        return
    from conformance.plugin import RUN_CONFIG

    encodings = metafunc.config.stash[RUN_CONFIG].profile.encodings
    cases, names = [], []
    for method in METHODS:
        for encoding in encodings:
            for fields_class in field_classes_for(method, encoding):
                cases.append((method, encoding, fields_class.name))
                names.append(f"{method.name}-{encoding}-{fields_class.name}")
    metafunc.parametrize(("method", "encoding", "fields_class"), cases, ids=names)


def test_fields_payload_class(b24_session, b24_objects, b24_config, method, encoding, fields_class):
    recorder = b24_session.recorder
    storage = "table" if method.entity == "dataset" else method.entity
    own = b24_objects.own
    if method.effect == "update" and storage not in own:
        reason = b24_objects.missing.get(storage, f"no {storage} to update")
        recorder.not_covered(method.name, fields_class, reason)
        pytest.skip(reason)
    if recorder.budget_spent:
        recorder.not_covered(method.name, fields_class, "the request budget was spent")
        pytest.skip("the request budget was spent")
    # An update probe changes its object (a connector's urlCheck, say): give it one of its own, so the
    # objects other probes rely on stay as they were made.
    target = b24_session.create_disposable(storage, b24_objects) if method.effect == "update" else None
    facts = FieldsFacts(
        existing=target,
        unknown=UNKNOWN_ID,
        connector=own.get("connector"),
        source=own.get("source"),
        title_prefix=f"{TITLE_PREFIX}{b24_session.run_id}-",
    )
    try:
        _probe_class(b24_session, b24_config, method, encoding, fields_class, facts)
    finally:
        if target is not None:
            b24_session.discard(storage, target)


def _probe_class(b24_session, b24_config, method, encoding, fields_class, facts):
    recorder = b24_session.recorder
    spent = []

    @seed(b24_config.seed)
    @settings(
        max_examples=b24_config.profile.examples,
        database=None,
        deadline=None,
        report_multiple_bugs=False,
        phases=PHASES if b24_config.profile.shrink else [p for p in PHASES if p is not Phase.shrink],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(case=field_payloads(method, facts=facts, classes=[fields_class], encoding=encoding))
    def probe(case):
        try:
            b24_session.probe_fields(method, case, facts)
        except BudgetSpent:
            spent.append(case)

    probe()
    if spent:
        recorder.not_covered(method.name, fields_class, "the request budget was spent")
        pytest.skip("the request budget was spent during this payload class")
