"""The http-status and result-schema checks."""

from __future__ import annotations

import pytest

from conformance.checks import check_http_status, check_result_schema


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


@pytest.mark.parametrize(
    ("method", "result"),
    [
        ("biconnector.connector.get", None),
        ("biconnector.connector.delete", True),
        ("biconnector.connector.add", {"id": 7}),
        ("biconnector.connector.list", []),
    ],
)
def test_result_schema_quiet_on_valid_results(answers, make_ctx, method, result):
    exchange = answers.exchange(answers.success(result=result))
    assert check_result_schema(exchange, make_ctx(method=method)) == []


def test_result_schema_is_quiet_on_errors(answers, make_ctx):
    ctx = make_ctx(method="biconnector.connector.delete")
    assert check_result_schema(answers.exchange(answers.nested()), ctx) == []


@pytest.mark.parametrize(
    ("method", "result", "first"),
    [
        ("biconnector.connector.get", {"item": {"id": "5"}}, "item: 'title' is a required property"),
        ("biconnector.connector.get", {"items": []}, "(root): 'item' is a required property"),
        ("biconnector.connector.delete", 1, "(root): True was expected"),
        ("biconnector.connector.add", {"id": 0}, "id: 0 is less than the minimum of 1"),
    ],
)
def test_result_schema_fires_with_paths(answers, make_ctx, method, result, first):
    (finding,) = check_result_schema(
        answers.exchange(answers.success(result=result)), make_ctx(method=method)
    )
    assert (finding.check, finding.severity) == ("result-schema", "fail")
    assert finding.message == f"result does not match the result schema of {method}: {first}"
    assert finding.observed.startswith(first)
    assert finding.expected == f"methods/{method}.json#/$defs/result"


def test_result_schema_shows_the_first_three_errors_and_counts_the_rest(answers, ctx):
    item = dict(answers.CONNECTOR_ITEM)
    for key in ("title", "logo", "urlCheck", "urlData"):
        del item[key]
    (finding,) = check_result_schema(answers.exchange(answers.success(result={"item": item})), ctx)
    assert finding.observed.count("is a required property") == 3
    assert finding.observed.endswith("(and 1 more)")
