"""The result-schema check."""

from __future__ import annotations

import pytest

from conformance.checks import CHECKS

check_result_schema = CHECKS["result-schema"].function


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
