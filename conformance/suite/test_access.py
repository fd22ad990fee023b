"""Calls without an application context: a webhook gets ACCESS_DENIED from every app-context method."""

from __future__ import annotations

import pytest

from conformance.client import TransportError
from conformance.contract import default_contract
from conformance.findings import ConformanceFailure, Finding
from conformance.outcome import SUCCESS, Outcome

pytestmark = pytest.mark.b24

INPUT_CLASS = "auth.webhook"
METHODS = sorted(default_contract().methods.values(), key=lambda m: m.name)


@pytest.fixture(scope="module")
def webhook_client(b24_session):
    client = b24_session.webhook_client()
    yield client
    if client is not None:
        client.close()


@pytest.mark.parametrize("method", METHODS, ids=[m.name for m in METHODS])
def test_webhook_call(b24_session, b24_objects, webhook_client, method):
    recorder = b24_session.recorder
    if b24_session.auth == "webhook":
        pytest.skip("the run's own target is a webhook: every probe already checks ACCESS_DENIED")
    if webhook_client is None:
        reason = "needs the target's webhook; only the bundled mock provides one to the suite"
        recorder.not_covered(method.name, INPUT_CLASS, reason)
        pytest.skip(reason)
    params = {method.id_param: b24_objects.own.get(method.entity, 1)} if method.takes_id else {}
    # The module checks permission and application context before it reads any parameter.
    expected = Outcome("ACCESS_DENIED") if method.app_context else SUCCESS
    if recorder.budget_spent:
        recorder.not_covered(method.name, INPUT_CLASS, "the request budget was spent")
        pytest.skip("the request budget was spent")
    try:
        exchange = b24_session.sender.call(method.name, params, via=webhook_client)
    except TransportError as exc:
        pytest.fail(exc.message)
    findings = b24_session.sender.expect_outcome(method, exchange, expected, INPUT_CLASS)
    findings += _module_access_denied_is_nested(b24_session, method, exchange)
    ConformanceFailure.raise_for(findings)


def _module_access_denied_is_nested(b24_session, method, exchange) -> list[Finding]:
    """A root 403 ACCESS_DENIED passes the checks as the framework's plan limit; here it is the module's."""
    body = exchange.response.json if exchange.response.is_json else None
    if not (isinstance(body, dict) and body.get("error") == "ACCESS_DENIED"):
        return []
    expected = "nested" if b24_session.config.error_placement == "nested" else "root with HTTP 200"
    if expected == "root with HTTP 200" and exchange.response.status == 200:
        return []
    finding = Finding(
        check="error-placement",
        severity="fail",
        method=method.name,
        message="A call without an application context is the module's ACCESS_DENIED, not the framework's",
        expected=f"ACCESS_DENIED {expected}, as the module answers it",
        observed=f"ACCESS_DENIED at the root with HTTP {exchange.response.status}",
        input_class=INPUT_CLASS,
        reproduce=exchange.reproduce,
    )
    b24_session.recorder.record(method.name, INPUT_CLASS, "ACCESS_DENIED", [finding])
    return [finding]
