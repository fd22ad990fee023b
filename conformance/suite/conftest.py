"""Fixtures the suite's modules share: fresh objects for delete probes, and a schemathesis bridge."""

from __future__ import annotations

from collections import Counter

import pytest

from ._fresh import FreshObjects, wanted_by
from ._packing import packs


@pytest.fixture(scope="session")
def b24_fresh(request, b24_session, b24_objects, b24_config) -> FreshObjects:
    """The fresh objects of the run's delete probes: with --batch made together for every selected one."""
    # a pytest-xdist worker does not know which tests it will get: each probe makes its own object
    ahead = b24_session.keeper.batch_calls and not hasattr(request.config, "workerinput")
    packed = ahead and packs(request.config)
    wanted = wanted_by(request.session.items, b24_config.profile.examples, packed=packed) if ahead else None
    return FreshObjects(b24_session, b24_objects, wanted or Counter())


@pytest.fixture(scope="session")
def b24_stbridge_session(b24_session, b24_config):
    """One schemathesis bridge per run on the session's target, recorder and profile."""
    if not b24_config.profile.schemathesis:
        pytest.skip(f"the {b24_config.profile.name} profile leaves schemathesis to quick and longer runs")
    from conformance.stbridge import Bridge

    return Bridge.from_session(b24_session)


@pytest.fixture
def b24_stbridge(b24_stbridge_session, b24_session):
    """The run's schemathesis bridge; deletes whatever the test's adds created when the test ends."""
    yield b24_stbridge_session
    problems = b24_stbridge_session.cleanup()
    if problems:
        b24_session.recorder.fail_run(
            "cleanup", "Could not delete objects schemathesis made: " + "; ".join(problems), 1
        )
