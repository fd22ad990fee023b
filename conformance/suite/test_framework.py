"""Framework errors: a wrong token and an unknown method are answered at the root, with their status."""

from __future__ import annotations

import pytest

from conformance.client import TransportError
from conformance.contract import default_contract
from conformance.findings import ConformanceFailure
from conformance.outcome import Outcome

pytestmark = pytest.mark.b24

CONTRACT = default_contract()
# Context for the checks: the call is made as connector.list, the harmless read the session probes with.
CONTEXT_METHOD = CONTRACT.method("biconnector.connector.list")


def _expect(b24_session, exchange, code: str, input_class: str) -> None:
    ConformanceFailure.raise_for(
        b24_session.sender.expect_outcome(CONTEXT_METHOD, exchange, Outcome(code), input_class)
    )


def test_a_wrong_access_token_is_refused_at_the_root(b24_session):
    if b24_session.auth == "webhook":
        pytest.skip("a webhook call carries no access token")
    try:
        # a token no portal issued; the client masks it like any other
        exchange = b24_session.sender.call(CONTEXT_METHOD.name, {}, access_token="b24c-not-a-token")
    except TransportError as exc:
        pytest.fail(exc.message)
    _expect(b24_session, exchange, "NO_AUTH_FOUND", "auth.wrong-token")


def test_an_unknown_method_is_refused_at_the_root(b24_session):
    try:
        exchange = b24_session.sender.call("biconnector.connector.nosuchmethod", {})
    except TransportError as exc:
        pytest.fail(exc.message)
    _expect(b24_session, exchange, "ERROR_METHOD_NOT_FOUND", "method.unknown")
