"""The error-placement check."""

from __future__ import annotations

import pytest

from conformance.checks import CHECKS

check_error_placement = CHECKS["error-placement"].function
ACCESS_DENIED = {"error": "ACCESS_DENIED", "error_description": "Access denied."}
ZERO = {"error": 0, "error_description": "All the fields are required."}


@pytest.mark.parametrize(
    ("placement", "build", "status"),
    [
        ("nested", lambda a: a.nested(), 200),
        ("nested", lambda a: a.nested(ZERO), 200),
        ("nested", lambda a: a.nested(ACCESS_DENIED), 200),
        ("root", lambda a: a.root(), 200),
        ("root", lambda a: a.root(ZERO), 200),
        # framework errors sit at the root whatever the target's method-error placement
        ("nested", lambda a: a.framework(), 503),
        ("root", lambda a: a.framework(), 503),
        (
            "nested",
            lambda a: a.framework("ACCESS_DENIED", "REST API is available only on commercial plans"),
            403,
        ),
        ("nested", lambda a: a.framework("SOMETHING_NEW", "Unheard of"), 400),
        # success answers have no error to place
        ("nested", lambda a: a.success(), 200),
        ("root", lambda a: a.success(result=True), 200),
    ],
)
def test_quiet_when_errors_sit_where_they_belong(answers, make_ctx, placement, build, status):
    ctx = make_ctx(placement=placement)
    assert check_error_placement(answers.exchange(build(answers), status=status), ctx) == []


@pytest.mark.parametrize(
    ("placement", "build", "status", "seen"),
    [
        ("nested", lambda a: a.root(), 200, "root"),
        ("nested", lambda a: a.root(ZERO), 200, "root"),
        ("nested", lambda a: a.root(ACCESS_DENIED), 200, "root"),
        # a module-only code keeps its family even when a wrong status makes it look like the framework's
        ("nested", lambda a: a.root(a.INVALID_ID), 400, "root"),
        ("root", lambda a: a.nested(), 200, "nested"),
        ("root", lambda a: a.nested(ZERO), 200, "nested"),
    ],
)
def test_fires_when_a_method_error_is_in_the_other_placement(
    answers, make_ctx, placement, build, status, seen
):
    ctx = make_ctx(placement=placement)
    (finding,) = check_error_placement(answers.exchange(build(answers), status=status), ctx)
    assert finding.check == "error-placement" and finding.severity == "fail"
    assert finding.message.endswith(f"is in {seen} placement, expected {placement} placement")
    assert finding.expected.startswith(f"{placement}: ")
    assert finding.observed.startswith(f"{seen}: ")


@pytest.mark.parametrize("placement", ["nested", "root"])
def test_fires_when_a_framework_error_is_nested(answers, make_ctx, placement):
    body = answers.nested({"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"})
    (finding,) = check_error_placement(answers.exchange(body), make_ctx(placement=placement))
    assert finding.message.startswith("Framework error QUERY_LIMIT_EXCEEDED is nested in result.error")
    assert finding.expected.startswith("root: ") and finding.observed.startswith("nested: ")


@pytest.mark.parametrize(
    ("placement", "status", "expected"),
    [
        ("nested", 403, "ACCESS_DENIED nested"),
        ("nested", 200, "ACCESS_DENIED nested"),
        ("root", 403, "ACCESS_DENIED root"),
    ],
)
def test_fires_when_a_webhook_calls_access_denied_lands_at_the_root_as_the_frameworks(
    answers, make_ctx, placement, status, expected
):
    # without an application context ACCESS_DENIED is the module's: held to the method placement
    ctx = make_ctx(placement=placement, input_class="auth.webhook")
    (finding,) = check_error_placement(answers.exchange(answers.root(ACCESS_DENIED), status=status), ctx)
    assert (
        finding.message
        == "A call without an application context is the module's ACCESS_DENIED, not the framework's"
    )
    assert finding.expected.startswith(expected)
    assert finding.observed == f"ACCESS_DENIED at the root with HTTP {status}"


@pytest.mark.parametrize(
    ("placement", "build", "status", "input_class"),
    [
        ("nested", lambda a: a.nested(ACCESS_DENIED), 200, "auth.webhook"),
        ("root", lambda a: a.root(ACCESS_DENIED), 200, "auth.webhook"),
        # the framework's plan limit shares the code: any other class may meet it at the root
        (
            "nested",
            lambda a: a.framework("ACCESS_DENIED", "REST API is available only on commercial plans"),
            403,
            "id.unknown",
        ),
    ],
)
def test_quiet_when_a_webhook_calls_access_denied_sits_where_the_module_puts_it(
    answers, make_ctx, placement, build, status, input_class
):
    ctx = make_ctx(placement=placement, input_class=input_class)
    assert check_error_placement(answers.exchange(build(answers), status=status), ctx) == []
