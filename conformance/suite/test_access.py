"""Calls without an application context: a webhook gets ACCESS_DENIED from every app-context method.

With --batch, the webhook probes of every selected method travel as the commands of one batch call
(50 to a call) through the webhook, sent when the first of them runs; each method's test then judges its
own command's answer, so findings, coverage and junit testcases stay per method. A command has no HTTP
status of its own, so the first app-context method (by name) is also called directly through the webhook:
the one probe that tells the module's nested ACCESS_DENIED (HTTP 200) from the framework's root 403.

The webhook is the in-process mock's own, or a portal's given with --webhook beside the run's OAuth token.
"""

from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass, field

import pytest

from conformance.checks import BATCH_COMMAND_CHECKS
from conformance.client import redact
from conformance.contract import default_contract
from conformance.engine import BatchCommand, BudgetSpent, FixedCase, PackedAnswer
from conformance.findings import ConformanceFailure, Finding
from conformance.outcome import SUCCESS, Expectation, Outcome

pytestmark = pytest.mark.b24

INPUT_CLASS = "auth.webhook"
METHODS = sorted(default_contract().methods.values(), key=lambda m: m.name)
_SPENT = "the request budget was spent"
_NO_WEBHOOK = "needs the target's webhook: pass --webhook https://HOST/rest/USER/CODE/ (or B24_WEBHOOK)"
# Codes with which a portal refuses the webhook itself (a wrong code, no biconnector scope): every probe
# would fail the same way, so the run stops as for refused credentials of its own.
_REFUSED = ("NO_AUTH_FOUND", "INVALID_CREDENTIALS", "insufficient_scope")


@dataclass
class _WebhookBatch:
    """The methods whose webhook probes went into batch calls, and what came back for each one sent."""

    planned: set[str]
    direct: str | None = None  # the app-context method also called directly, for the HTTP status
    sent: dict[str, PackedAnswer] = field(default_factory=dict)  # what the batch calls did with each


@pytest.fixture(scope="module")
def webhook_client(b24_session):
    client = b24_session.webhook_client()
    yield client
    if client is not None:
        client.close()


@pytest.fixture(scope="module")
def webhook_batch(request, b24_session, b24_config, b24_objects, webhook_client) -> _WebhookBatch | None:
    """With --batch: the webhook probes of every selected method, sent as the commands of batch calls.

    None where each test sends its own call: without --batch, under pytest-xdist (a worker does not know
    which tests it will get), and where no webhook call can go out (each test skips and says why).
    """
    recorder = b24_session.recorder
    if not b24_config.batch or hasattr(request.config, "workerinput"):
        return None
    if webhook_client is None or b24_session.auth == "webhook" or recorder.budget_spent:
        return None
    here = sys.modules[__name__]
    methods = [
        item.callspec.params["method"]
        for item in request.session.items
        if getattr(item, "originalname", "") == "test_webhook_call" and getattr(item, "module", None) is here
    ]
    if not methods:
        return None
    return _send_in_batches(b24_session, webhook_client, b24_objects, methods)


@pytest.mark.parametrize("method", METHODS, ids=[m.name for m in METHODS])
def test_webhook_call(b24_session, b24_objects, webhook_client, webhook_batch, method):
    recorder = b24_session.recorder
    if b24_session.auth == "webhook":
        pytest.skip("the run's own target is a webhook: every probe already checks ACCESS_DENIED")
    if webhook_client is None:
        recorder.not_covered(method.name, INPUT_CLASS, _NO_WEBHOOK)
        pytest.skip(_NO_WEBHOOK)
    expected = _expected(method)
    if webhook_batch is not None and method.name in webhook_batch.planned:
        findings = _judge_command(b24_session, webhook_batch, method, expected)
        judged = webhook_batch.sent[method.name].answer is not None
        if method.name == webhook_batch.direct:
            # a spent budget leaves only the HTTP status unseen when the command judged the cell
            with contextlib.suppress(BudgetSpent):
                findings += _call_directly(b24_session, webhook_client, b24_objects, method, expected)
                judged = True
        ConformanceFailure.raise_for(findings)
        if not judged:
            # the batch check fails on an unanswered command; this is only for a check that let it pass
            reason = "its batch call answered no command for it"
            recorder.not_covered(method.name, INPUT_CLASS, reason)
            pytest.skip(reason)
        return
    if recorder.budget_spent:
        recorder.not_covered(method.name, INPUT_CLASS, _SPENT)
        pytest.skip(_SPENT)
    findings = _call_directly(b24_session, webhook_client, b24_objects, method, expected)
    ConformanceFailure.raise_for(findings)


def _call_directly(b24_session, client, b24_objects, method, expected: Outcome) -> list[Finding]:
    """Call method on its own through the webhook client; the findings of its answer, recorded.

    A transport fault is the probe's `transport` finding; BudgetSpent reaches the caller.
    """
    sender = b24_session.sender
    params = _params(method, b24_objects)
    try:
        exchange = sender.send_probe(
            method, INPUT_CLASS, lambda: sender.call(method.name, params, via=client)
        )
    except ConformanceFailure as failure:
        return failure.findings
    _stop_if_refused(b24_session, client, exchange)
    # the error-placement check holds ACCESS_DENIED under this class to the module's placement
    return sender.expect_outcome(method, exchange, expected, INPUT_CLASS)


def _stop_if_refused(b24_session, client, exchange) -> None:
    """End the run (exit 2) when the portal refuses the webhook itself: a wrong URL, not a finding."""
    body = exchange.response.json if exchange.response.is_json else None
    if not (isinstance(body, dict) and body.get("error") in _REFUSED):
        return
    # the answer is the portal's: mask the code in case it was echoed back
    description = redact(str(body.get("error_description", "")), client.target.secrets())
    message = (
        f"The target refused the webhook: HTTP {exchange.response.status} {body['error']}: {description}. "
        "Check the webhook URL (--webhook or B24_WEBHOOK) and that the webhook has the biconnector scope."
    )
    b24_session.recorder.fail_run("configuration", message, 2)
    pytest.exit(message, returncode=2)


def _params(method, b24_objects) -> dict:
    """An id of the run's own object for a method that takes one: ids only, so a query string carries it."""
    return {method.id_param: b24_objects.own.get(method.entity, 1)} if method.takes_id else {}


def _send_in_batches(b24_session, client, b24_objects, methods) -> _WebhookBatch:
    """Send one webhook command per method through client, packed as BatchProbes packs probes (reads
    first, 50 to a call, each batch call checked); the commands' answers are left to their tests."""
    commands = []
    for method in methods:
        params, expected = _params(method, b24_objects), _expected(method)
        case = FixedCase(INPUT_CLASS, params)
        commands.append(BatchCommand(method, case, Expectation(expected, expected), params))
    direct = sorted(method.name for method in methods if method.app_context)
    results = b24_session.batch.send_packed(commands, via=client)
    for result in results:
        if result.call is not None:
            _stop_if_refused(b24_session, client, result.call)
    return _WebhookBatch(
        {method.name for method in methods},
        direct[0] if direct else None,
        {method.name: result for method, result in zip(methods, results, strict=True)},
    )


def _expected(method) -> Outcome:
    """The module checks permission and application context before it reads any parameter."""
    return Outcome("ACCESS_DENIED") if method.app_context else SUCCESS


def _judge_command(b24_session, batch: _WebhookBatch, method, expected: Outcome) -> list[Finding]:
    """Hold method's command answer to expected; its findings and those of its batch call.

    A batch command has no HTTP status of its own: the command checks judge where its ACCESS_DENIED
    sits, and the root 403 only a direct call can show is left to the direct one.
    """
    recorder = b24_session.recorder
    sent = batch.sent[method.name]
    if not sent.sent:
        recorder.not_covered(method.name, INPUT_CLASS, _SPENT)
        pytest.skip(_SPENT)
    findings = list(sent.batch_findings)
    if sent.answer is not None:
        findings += b24_session.sender.check(
            method,
            sent.answer,
            expectation=Expectation(expected, expected),
            input_class=INPUT_CLASS,
            checks=BATCH_COMMAND_CHECKS,
        )
    return findings
