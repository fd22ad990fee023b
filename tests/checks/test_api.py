"""The public face of conformance.checks: names, order, run_checks, classify and observed_outcome."""

from __future__ import annotations

import pytest

import conformance.checks as checks
from conformance.checks import (
    ALL_CHECKS,
    BATCH_COMMAND_CHECKS,
    CHECKS,
    CheckContext,
    classify,
    observed_outcome,
    run_checks,
    transport_finding,
)
from conformance.outcome import SUCCESS, Expectation, Outcome

PUBLIC = {
    "ALL_CHECKS", "BATCH_COMMAND_CHECKS", "CHECKS", "Check", "CheckContext", "CheckInfo", "RegisteredChecks",
    "check", "check_batch", "classify", "declare", "observed_outcome", "run_checks", "transport_finding",
}  # fmt: skip
DOCUMENTED_ORDER = (
    "content-type",
    "envelope",
    "error-placement",
    "time",
    "result-schema",
    "error-code",
    "error-description",
    "http-status",
)


def test_the_public_api_is_what_all_names():
    assert set(checks.__all__) == PUBLIC
    assert all(hasattr(checks, name) for name in PUBLIC)


def test_all_checks_runs_every_check_function_in_the_documented_order():
    functions = tuple(CHECKS[name].function for name in DOCUMENTED_ORDER)
    assert tuple(ALL_CHECKS) == functions
    assert [function.__name__.replace("_", "-") for function in ALL_CHECKS] == list(DOCUMENTED_ORDER)
    assert checks.check_batch not in ALL_CHECKS


def test_a_batch_command_gets_every_check_but_the_http_status():
    assert tuple(BATCH_COMMAND_CHECKS) == tuple(
        check for check in ALL_CHECKS if check is not CHECKS["http-status"].function
    )
    assert not CHECKS["http-status"].batch_command


@pytest.mark.parametrize("time", ["FLOAT_TIME", "INTEGER_START_TIME"])
@pytest.mark.parametrize("body", ["success", "nested"])
def test_faithful_nested_answers_have_no_findings(answers, ctx, body, time):
    exchange = answers.exchange(getattr(answers, body)(time=getattr(answers, time)))
    assert run_checks(exchange, ctx) == []


def test_faithful_answers_meet_their_expectation(answers, make_ctx):
    not_found = Outcome("CONNECTOR_NOT_FOUND")
    ctx = make_ctx(expectation=Expectation(not_found, not_found))
    assert run_checks(answers.exchange(answers.nested()), ctx) == []
    ctx = make_ctx(placement="root", expectation=Expectation(not_found, not_found))
    assert run_checks(answers.exchange(answers.root()), ctx) == []


def test_faithful_framework_error_has_no_findings(answers, ctx):
    assert run_checks(answers.exchange(answers.framework(), status=503), ctx) == []


def test_run_checks_runs_only_the_checks_given(answers, ctx):
    exchange = answers.exchange(answers.root(), content_type="text/plain")
    everything = run_checks(exchange, ctx)
    assert {f.check for f in everything} == {"content-type", "error-placement"}
    only = run_checks(exchange, ctx, [CHECKS["error-placement"].function])
    assert [f.check for f in only] == ["error-placement"]


def test_findings_carry_method_input_class_and_reproduce(answers, make_ctx):
    ctx = make_ctx(input_class="id.zero")
    exchange = answers.exchange(answers.root())
    (finding,) = run_checks(exchange, ctx)
    assert (finding.method, finding.input_class) == ("biconnector.connector.get", "id.zero")
    assert finding.reproduce == exchange.reproduce
    assert finding.reproduce.startswith("curl ")
    assert finding.expected and finding.observed and finding.message


def test_context_refuses_an_unknown_placement(contract):
    with pytest.raises(ValueError, match="Expected placement 'nested' or 'root', got 'inline'"):
        CheckContext(contract, contract.method("biconnector.connector.get"), "inline")


@pytest.mark.parametrize(
    ("build", "status", "kind", "outcome"),
    [
        (lambda a: a.success(), 200, "success", SUCCESS),
        (lambda a: a.success(result=True), 200, "success", SUCCESS),
        (lambda a: a.success(result=[]), 200, "success", SUCCESS),
        (lambda a: a.nested(), 200, "method-error-nested", Outcome("CONNECTOR_NOT_FOUND")),
        (lambda a: a.root(), 200, "method-error-root", Outcome("CONNECTOR_NOT_FOUND")),
        (lambda a: a.framework(), 503, "framework-error", Outcome("QUERY_LIMIT_EXCEEDED")),
        (
            lambda a: a.nested({"error": 0, "error_description": "All the fields are required."}),
            200,
            "method-error-nested",
            Outcome("0"),
        ),
        (
            lambda a: {"error": 0, "error_description": "Error deleting dataset"},
            500,
            "framework-error",
            Outcome("0"),
        ),
        (lambda a: {"error": False, "error_description": "x"}, 200, "method-error-root", None),
        (lambda a: a.nested("CONNECTOR_NOT_FOUND"), 200, "method-error-nested", None),
        (lambda a: {"time": {}}, 200, "unknown", None),
        (lambda a: [1, 2], 200, "unknown", None),
        (lambda a: b"<html>Bad Gateway</html>", 502, "unknown", None),
    ],
)
def test_classify_and_observed_outcome(answers, build, status, kind, outcome):
    response = answers.exchange(build(answers), status=status).response
    assert classify(response) == kind
    assert observed_outcome(response) == outcome


def test_transport_finding():
    finding = transport_finding("biconnector.source.get", "Connection refused", "curl -sS http://127.0.0.1:9")
    assert (finding.check, finding.severity, finding.method) == (
        "transport",
        "fail",
        "biconnector.source.get",
    )
    assert finding.observed == "Connection refused"
    assert finding.reproduce == "curl -sS http://127.0.0.1:9"
