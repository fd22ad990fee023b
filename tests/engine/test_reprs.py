"""A failing suite test's traceback shows the session and the settings: their reprs hold no secret."""

from __future__ import annotations

from conformance.contract import default_contract
from conformance.engine import ConformanceSession, Created, Recorder, RunConfig

WEBHOOK_URL = "https://portal.example/rest/1/canarywebhookcode77/"


def test_the_settings_show_no_webhook_url_or_token():
    config = RunConfig.from_values(
        {"target": WEBHOOK_URL, "access_token": "canary-access-1", "second_access_token": "canary-second-1"}
    )
    shown = repr(config)
    assert "canarywebhookcode77" not in shown
    assert "canary-access-1" not in shown and "canary-second-1" not in shown
    assert "profile=" in shown  # the rest is still there to read


def test_the_session_shows_no_token_of_either_application():
    session = ConformanceSession.open(RunConfig.from_values({"seed": "1"}), default_contract(), Recorder())
    try:
        session.keeper.created.append(Created("connector", 5, "canary-foreign-token"))
        shown = repr(session)
        assert "canary-foreign-token" not in shown and "Created(entity='connector', id=5, owner='')" in shown
        assert session.second_access_token and session.second_access_token not in shown
        assert session.target.access_token not in shown
    finally:
        session.keeper.created.clear()  # nothing was made on the mock: nothing to delete
        session.close()


def test_a_created_object_shows_no_token():
    assert repr(Created("table", 3, "canary-token")) == "Created(entity='table', id=3, owner='')"
