"""Scenarios about errors: nested module errors, root framework errors, batch errors, HTML pages."""

from __future__ import annotations

from ._samples import CONNECTOR, FIELDS, GET
from ._scenario import Stage, scenario, scripted

MISSING_ID = 999_999


@scenario(
    "nested-error",
    "A module error nested in result (HTTP 200) surfaces as an error with its code and text, sent once.",
)
def nested_error(stage: Stage) -> None:
    cases = [
        ("call", GET, {"id": MISSING_ID}, "CONNECTOR_NOT_FOUND", "Connector was not found."),
        (
            "call",
            "biconnector.connector.add",
            {"fields": {**CONNECTOR, "settings": [{"code": "token", "name": "Token", "type": "TEXT"}]}},
            "VALIDATION_SETTINGS_INVALID_TYPE",
            'Parameter "type" is not correct.',
        ),
    ]
    for kind, method, params, code, text in cases:
        _expect_error_sent_once(stage, kind, method, params, code, text)


@scenario(
    "root-error",
    "A framework error at the root (404 method not found, 400 bad argument) surfaces as an error.",
)
def root_error(stage: Stage) -> None:
    cases = [
        ("biconnector.connector.frobnicate", {}, "ERROR_METHOD_NOT_FOUND", "Method not found"),
        (
            "biconnector.connector.list",
            {"order": {"id": "UPWARDS"}},
            "ERROR_ARGUMENT",
            'Invalid order "UPWARDS"',
        ),
    ]
    for method, params, code, text in cases:
        _expect_error_sent_once(stage, "call", method, params, code, text)


def _expect_error_sent_once(stage: Stage, kind: str, method: str, params: dict, code: str, text: str) -> None:
    """The client raised the error with its code and text (not a crash), after one request."""
    outcome = stage.run(kind, method, params)
    sent = stage.calls(method)
    if not outcome.says(code, text) or outcome.crashed:
        stage.fail(
            f"{method}: expected an error with code {code} and text {text!r}", client=outcome, traffic=sent
        )
    if len(sent) != 1:
        stage.fail(f"{method}: expected the call sent once, got {len(sent)} requests", traffic=sent)


@scenario(
    "batch-errors",
    "A batch reports each command's own outcome: results, nested module errors and root errors alike.",
)
def batch_errors(stage: Stage) -> None:
    commands = {
        "fields": [FIELDS, {}],
        "missing": [GET, {"id": MISSING_ID}],
        "unknown": ["biconnector.connector.frobnicate", {}],
    }
    outcome = stage.run("batch", "batch", commands)
    sent = stage.calls("batch")
    if not outcome.ok:
        stage.fail("expected the batch to return each command's outcome", client=outcome, traffic=sent)
        return
    wanted = {"missing": "CONNECTOR_NOT_FOUND", "unknown": "ERROR_METHOD_NOT_FOUND"}
    got = outcome.commands
    first = got.get("fields")
    if first is None or not first.ok or not isinstance(first.value, dict) or "fields" not in first.value:
        stage.fail("command fields: expected its result {fields: [...]}", client=_shown(first), traffic=sent)
    for key, code in wanted.items():
        command = got.get(key)
        if command is None or not command.says(code):
            stage.fail(
                f"command {key}: expected an error with code {code}", client=_shown(command), traffic=sent
            )
    if len(sent) != 1:
        stage.fail(f"expected one batch request, got {len(sent)}", traffic=stage.traffic)


@scenario(
    "html-error-page",
    "An HTML 502 page from a proxy becomes a clear error naming the status, not a crash; the client goes on.",
    setup=scripted("html-502", FIELDS),
)
def html_error_page(stage: Stage) -> None:
    outcome = stage.run("call", FIELDS)
    if outcome.ok or outcome.crashed or outcome.timed_out or not outcome.says("502"):
        stage.fail("expected an error that names HTTP 502", client=outcome, traffic=stage.calls(FIELDS))
    after = stage.run("call", FIELDS)
    if not after.ok:
        stage.fail(
            "expected the next call to succeed after the error page",
            client=after,
            traffic=stage.calls(FIELDS),
        )


def _shown(outcome) -> str:
    return "no outcome for this command" if outcome is None else outcome.brief()
