"""Fixtures of the schemathesis part of the suite: a bridge on the session's target."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def b24_stbridge_session(b24_session):
    """One schemathesis bridge per run on the session's target, recorder and profile."""
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
