"""The bridge's public API, its schemathesis configuration, and the failure conversion."""

from __future__ import annotations

import dataclasses

import pytest
import schemathesis.checks
from schemathesis.config import ChecksConfig
from schemathesis.core.failures import CustomFailure, FailureGroup, ServerError

import conformance.stbridge as stbridge
from conformance.findings import CHECKS, ConformanceFailure, Finding
from conformance.stbridge import _convert

PUBLIC = {
    "BUILTIN_CHECKS", "MODES", "UNKNOWN_ID", "Bridge", "BudgetSpent", "BuiltinCheck", "Created", "Scope",
    "bridged_checks", "builtin_checks_config", "failures_of", "make_config", "method_name",
    "schemathesis_name", "scope", "state_machine", "to_exchange", "to_findings",
}  # fmt: skip


def test_the_public_api_is_what_all_names():
    assert set(stbridge.__all__) == PUBLIC
    assert all(hasattr(stbridge, name) for name in PUBLIC)


def test_every_builtin_check_is_configured_with_a_reason():
    names = {check.name for check in stbridge.BUILTIN_CHECKS}
    configurable = {f.name for f in dataclasses.fields(ChecksConfig) if not f.name.startswith("_")}
    configurable -= {"max_response_time"}  # off unless given a limit
    assert names == configurable
    assert all(len(check.reason) > 20 for check in stbridge.BUILTIN_CHECKS)


def test_status_based_checks_that_misfire_on_http_200_errors_are_off():
    config = stbridge.make_config(seed=1, examples=2).projects.get_default().checks
    for name in ("negative_data_rejection", "use_after_free", "ensure_resource_availability", "ignored_auth"):
        assert not config.get_by_name(name=name).enabled, name
    assert config.not_a_server_error.enabled
    assert "503" in config.not_a_server_error.expected_statuses
    for check in stbridge.bridged_checks().values():
        assert config.get_by_name(name=check.__name__).enabled


def test_schemathesis_draws_no_literals_from_the_source_of_an_in_process_target(make_bridge):
    # From a checkout, the mock's modules would be walked for literals to put into bodies, so that a
    # run drew differently in-process than served; an installed package it leaves alone either way.
    from schemathesis.python._constants.orchestrator import build_constants_pool

    bridge = make_bridge()
    assert bridge.in_process
    assert not bridge.schema.config.analysis.constants.enabled
    assert build_constants_pool(bridge.schema).is_empty()


def test_make_config_refuses_unknown_modes():
    with pytest.raises(ValueError, match="Expected generation modes"):
        stbridge.make_config(seed=1, examples=2, modes=("sideways",))


def test_a_builtin_failure_becomes_a_finding_and_a_b24_one_keeps_its_own():
    own = Finding("time", "fail", "biconnector.connector.get", "no time", "a time object", "no time key")
    carried = CustomFailure(operation="op", title="t", message="m", exception=ConformanceFailure([own]))
    server = ServerError(operation="POST /biconnector.connector.get", status_code=500)
    group = FailureGroup([server, carried], "two")
    failures = stbridge.failures_of(group)
    assert len(failures) == 2
    findings = stbridge.to_findings(
        failures, method="biconnector.connector.get", reproduce="curl x", observed="HTTP 500: boom"
    )
    converted, kept = findings
    assert kept is own
    assert converted.check == "http-status" and converted.check in CHECKS
    assert converted.severity == "fail" and "not_a_server_error" in converted.message
    assert converted.observed == "HTTP 500: boom" and converted.reproduce == "curl x"


def test_each_check_function_is_one_schemathesis_check_in_run_order():
    bridged = stbridge.bridged_checks()
    assert list(bridged) == [name for name, info in CHECKS.items() if info.function is not None]
    assert [check.__name__ for check in bridged.values()] == [
        "b24_content_type",
        "b24_envelope",
        "b24_error_placement",
        "b24_time",
        "b24_result_schema",
        "b24_error_code",
        "b24_error_description",
        "b24_http_status",
    ]
    registered = schemathesis.checks.CHECKS
    assert all(registered.get_one(check.__name__) is check for check in bridged.values())
    assert all(check.__doc__ == CHECKS[name].description for name, check in bridged.items())


def test_a_builtin_failure_is_converted_to_a_registered_check():
    assert set(_convert.CHECK_NAMES.values()) | {_convert.FALLBACK} <= set(CHECKS)
