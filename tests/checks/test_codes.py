"""The error-code and error-description checks."""

from __future__ import annotations

import pytest

from conformance.checks import CHECKS
from conformance.outcome import SUCCESS, Expectation, Outcome

check_error_code = CHECKS["error-code"].function
check_error_description = CHECKS["error-description"].function
NOT_FOUND = Outcome("CONNECTOR_NOT_FOUND")
INVALID = Outcome("VALIDATION_INVALID_ID_FORMAT")
# as for id "1e3": invalid under the documented rule, a lookup of 1000 (not found) for the module
DIVERGING = Expectation(documented=INVALID, module=NOT_FOUND)


def error(code, text="x"):
    return {"error": code, "error_description": text}


@pytest.mark.parametrize(
    ("build", "status"),
    [
        (lambda a: a.success(), 200),
        (lambda a: a.nested(), 200),
        (lambda a: a.root(a.INVALID_ID), 200),
        (lambda a: a.nested(error("ACCESS_DENIED", "Access denied.")), 200),
        (lambda a: a.framework(), 503),
        (lambda a: a.framework("ERROR_METHOD_NOT_FOUND", "Method not found!"), 404),
    ],
)
def test_error_code_quiet_on_documented_codes(answers, ctx, build, status):
    assert check_error_code(answers.exchange(build(answers), status=status), ctx) == []


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (
            {"error": "SOURCE_NOT_FOUND", "error_description": "Source was not found."},
            200,
            "SOURCE_NOT_FOUND",
        ),
        ({"error": "TABLE_NOT_FOUND", "error_description": "Table was not found."}, 200, "TABLE_NOT_FOUND"),
        ({"error": 0, "error_description": "All the fields are required."}, 200, "0"),
        ({"error": "SOMETHING_NEW", "error_description": "?"}, 400, "SOMETHING_NEW"),
    ],
)
def test_error_code_fires_on_a_code_the_method_does_not_document(answers, ctx, body, status, code):
    (finding,) = check_error_code(answers.exchange(body, status=status), ctx)
    assert finding.check == "error-code" and finding.severity == "fail"
    assert finding.message == f"Error code {code} is not documented for biconnector.connector.get"
    assert finding.observed == code
    assert "CONNECTOR_NOT_FOUND" in finding.expected and "framework code" in finding.expected


@pytest.mark.parametrize(
    ("expectation", "build"),
    [
        (Expectation(NOT_FOUND, NOT_FOUND), lambda a: a.nested()),
        (Expectation(SUCCESS, SUCCESS), lambda a: a.success()),
        (Expectation(INVALID, INVALID), lambda a: a.root(a.INVALID_ID)),
        (DIVERGING, lambda a: a.nested(a.INVALID_ID)),  # the documented outcome is always a pass
    ],
)
def test_error_code_quiet_when_the_expectation_is_met(answers, make_ctx, expectation, build):
    ctx = make_ctx(expectation=expectation)
    assert check_error_code(answers.exchange(build(answers)), ctx) == []


def test_error_code_warns_when_the_target_follows_the_module(answers, make_ctx):
    ctx = make_ctx(expectation=DIVERGING, input_class="id.exponent-string")
    (finding,) = check_error_code(answers.exchange(answers.nested()), ctx)
    assert finding.severity == "warn"
    assert finding.message == (
        "The target follows the module's semantics (CONNECTOR_NOT_FOUND) "
        "where the documented ones differ (VALIDATION_INVALID_ID_FORMAT)"
    )
    assert finding.expected == "VALIDATION_INVALID_ID_FORMAT (the module answers CONNECTOR_NOT_FOUND)"
    assert finding.observed == "CONNECTOR_NOT_FOUND"
    assert finding.input_class == "id.exponent-string"


@pytest.mark.parametrize(
    ("expectation", "build", "status", "message"),
    [
        (
            Expectation(NOT_FOUND, NOT_FOUND),
            lambda a: a.success(),
            200,
            "Expected error CONNECTOR_NOT_FOUND, got success",
        ),
        (
            Expectation(SUCCESS, SUCCESS),
            lambda a: a.nested(),
            200,
            "Expected success, got error CONNECTOR_NOT_FOUND",
        ),
        (DIVERGING, lambda a: a.success(), 200, "Expected error VALIDATION_INVALID_ID_FORMAT, got success"),
        (
            Expectation(NOT_FOUND, NOT_FOUND),
            lambda a: a.nested(a.INVALID_ID),
            200,
            "Expected error CONNECTOR_NOT_FOUND, got VALIDATION_INVALID_ID_FORMAT",
        ),
        (
            Expectation(INVALID, INVALID),
            lambda a: a.framework(),
            503,
            "Expected error VALIDATION_INVALID_ID_FORMAT, got QUERY_LIMIT_EXCEEDED",
        ),
        (
            Expectation(INVALID, INVALID),
            lambda a: a.nested(error("SOURCE_NOT_FOUND", "Source was not found.")),
            200,
            "Expected error VALIDATION_INVALID_ID_FORMAT, got SOURCE_NOT_FOUND "
            "(SOURCE_NOT_FOUND is not documented for biconnector.connector.get)",
        ),
    ],
)
def test_error_code_fails_when_the_expectation_is_missed(
    answers, make_ctx, expectation, build, status, message
):
    ctx = make_ctx(expectation=expectation)
    (finding,) = check_error_code(answers.exchange(build(answers), status=status), ctx)
    assert (finding.check, finding.severity) == ("error-code", "fail")
    assert finding.message == message


@pytest.mark.parametrize(
    ("method", "body", "status"),
    [
        ("biconnector.connector.get", lambda a: a.nested(), 200),
        ("biconnector.connector.get", lambda a: a.root(a.INVALID_ID), 200),
        (
            "biconnector.connector.add",
            lambda a: a.nested(error("VALIDATION_REQUIRED_FIELD_MISSING", 'Field "title" is required.')),
            200,
        ),
        (
            "biconnector.connector.list",
            lambda a: a.nested(
                error("VALIDATION_FIELD_NOT_ALLOWED_IN_SELECT", 'Field "x y" is not allowed in the "select".')
            ),
            200,
        ),
        # framework texts vary by portal and language: not checked
        (
            "biconnector.connector.get",
            lambda a: a.framework("QUERY_LIMIT_EXCEEDED", "Zu viele Anfragen"),
            503,
        ),
        ("biconnector.connector.get", lambda a: a.framework("ACCESS_DENIED", "Plan expired"), 403),
        # no catalog text for the numeric code or an unknown code: the error-code check speaks instead
        ("biconnector.connector.get", lambda a: a.nested(error(0, "anything")), 200),
        ("biconnector.connector.get", lambda a: a.nested(error("SOMETHING_NEW", "anything")), 200),
        ("biconnector.connector.get", lambda a: a.success(), 200),
    ],
)
def test_error_description_quiet_on_documented_texts(answers, make_ctx, method, body, status):
    ctx = make_ctx(method=method)
    assert check_error_description(answers.exchange(body(answers), status=status), ctx) == []


@pytest.mark.parametrize(
    ("method", "body", "expected"),
    [
        (
            "biconnector.connector.get",
            error("CONNECTOR_NOT_FOUND", "Connector not found"),
            "'Connector was not found.'",
        ),
        ("biconnector.connector.get", error("ACCESS_DENIED", "Access denied"), "'Access denied.'"),
        (
            "biconnector.connector.add",
            error("VALIDATION_REQUIRED_FIELD_MISSING", "Field title is required."),
            "'Field \"#TITLE#\" is required.'",
        ),
        # a module code the method does not document is still held to the catalog's text
        ("biconnector.connector.get", error("SOURCE_NOT_FOUND", "No source"), "'Source was not found.'"),
    ],
)
def test_error_description_fires_on_another_text(answers, make_ctx, method, body, expected):
    ctx = make_ctx(method=method)
    (finding,) = check_error_description(answers.exchange(answers.nested(body)), ctx)
    assert (finding.check, finding.severity) == ("error-description", "fail")
    assert finding.message == f"error_description of {body['error']} is not the documented text"
    assert finding.observed == repr(body["error_description"])
    assert finding.expected == expected


def test_error_description_holds_root_module_errors_too(answers, make_ctx):
    ctx = make_ctx(placement="root")
    (finding,) = check_error_description(answers.exchange(error("CONNECTOR_NOT_FOUND", "nope")), ctx)
    assert finding.observed == "'nope'"
