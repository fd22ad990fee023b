"""The content-type check."""

from __future__ import annotations

import pytest

from conformance.checks import CHECKS

check_content_type = CHECKS["content-type"].function


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8"],
)
def test_content_type_quiet_on_json(answers, ctx, content_type):
    assert check_content_type(answers.exchange(answers.success(), content_type=content_type), ctx) == []


@pytest.mark.parametrize(
    "content_type", ["text/html", "text/javascript; charset=utf-8", "application/jsonp", ""]
)
def test_content_type_fires_on_anything_else(answers, ctx, content_type):
    (finding,) = check_content_type(answers.exchange(answers.nested(), content_type=content_type), ctx)
    assert finding.check == "content-type" and finding.severity == "fail"
    assert finding.observed == (content_type or "(no Content-Type header)")
    assert finding.expected.startswith("application/json")
