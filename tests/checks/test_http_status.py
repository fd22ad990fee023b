"""The http-status check."""

from __future__ import annotations

import pytest

from conformance.checks import CHECKS

check_http_status = CHECKS["http-status"].function


def error(code, text="x"):
    return {"error": code, "error_description": text}


@pytest.mark.parametrize(
    ("build", "status"),
    [
        (lambda a: a.success(), 200),
        (lambda a: a.nested(), 200),
        (lambda a: a.root(), 200),
        (lambda a: a.nested(error(0, "All the fields are required.")), 200),
        (lambda a: a.framework(), 503),
        (lambda a: a.framework("ERROR_METHOD_NOT_FOUND", "Method not found!"), 404),
        (lambda a: a.framework("ACCESS_DENIED", "REST API is available only on commercial plans"), 403),
        # insufficient_scope: the docs say 403, the module's OAuth path answers 401; both are listed
        (lambda a: a.framework("insufficient_scope", "x"), 403),
        (lambda a: a.framework("insufficient_scope", "x"), 401),
        (lambda a: a.framework("SOMETHING_NEW", "?"), 418),  # no documented status to hold it to
    ],
)
def test_http_status_quiet_on_documented_statuses(answers, ctx, build, status):
    assert check_http_status(answers.exchange(build(answers), status=status), ctx) == []


@pytest.mark.parametrize(
    ("build", "status", "expected", "what"),
    [
        (lambda a: a.success(), 201, "HTTP 200", "a success"),
        (lambda a: a.nested(), 404, "HTTP 200", "method error CONNECTOR_NOT_FOUND"),
        (lambda a: a.root(a.INVALID_ID), 400, "HTTP 200", "method error VALIDATION_INVALID_ID_FORMAT"),
        (lambda a: a.root(error(0, "Error deleting dataset")), 500, "HTTP 200", "method error 0"),
        (lambda a: a.framework(), 429, "HTTP 503", "framework error QUERY_LIMIT_EXCEEDED"),
        (
            lambda a: a.framework("QUERY_LIMIT_EXCEEDED", "x"),
            200,
            "HTTP 503",
            "framework error QUERY_LIMIT_EXCEEDED",
        ),
        (
            lambda a: a.framework("PORTAL_DELETED", "Portal was deleted"),
            404,
            "HTTP 500 or 403",
            "framework error PORTAL_DELETED",
        ),
    ],
)
def test_http_status_fires_on_another_status(answers, ctx, build, status, expected, what):
    (finding,) = check_http_status(answers.exchange(build(answers), status=status), ctx)
    assert (finding.check, finding.severity) == ("http-status", "fail")
    assert finding.message == f"Expected {expected} for {what}, got {status}"
    assert (finding.expected, finding.observed) == (expected, f"HTTP {status}")
