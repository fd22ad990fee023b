"""The b24 checks and the exchange conversion on hand-made answers."""

from __future__ import annotations

import pytest

import conformance.stbridge as stbridge
from conformance.checks import CHECKS, check
from conformance.findings import ConformanceFailure, Finding

from .conftest import TIME, TOKEN, canned

NOT_FOUND = {"error": "CONNECTOR_NOT_FOUND", "error_description": "Connector was not found."}


def get_case(bridge, body=None):
    operation = bridge.schema["/biconnector.connector.get"]["POST"]
    return operation.Case(body={"id": 5} if body is None else body, media_type="application/json")


def call_and_validate(bridge):
    case = get_case(bridge)
    response = bridge.call(case)
    return case, response, bridge.validate(case, response)


def test_a_documented_nested_error_passes_and_is_counted(make_bridge):
    bridge = make_bridge(canned({"result": {"error": NOT_FOUND}, "time": TIME}))
    _, _, findings = call_and_validate(bridge)
    assert findings == []
    assert bridge.recorder.requests == 1
    assert bridge.recorder.coverage["biconnector.connector.get"].error_codes == {"CONNECTOR_NOT_FOUND": 1}


def test_an_undocumented_code_fails_with_an_error_code_finding(make_bridge):
    body = {"result": {"error": {"error": "SOMETHING_ELSE", "error_description": "x"}}, "time": TIME}
    bridge = make_bridge(canned(body))
    with pytest.raises(ConformanceFailure) as raised:
        call_and_validate(bridge)
    checks = {finding.check for finding in raised.value.findings}
    assert "error-code" in checks
    assert {f.check for f in bridge.recorder.findings.values()} == checks


def test_a_success_without_time_fails_the_time_check(make_bridge):
    item = {"id": 5, "title": "t"}
    bridge = make_bridge(canned({"result": {"item": item}}))
    with pytest.raises(ConformanceFailure) as raised:
        call_and_validate(bridge)
    assert "time" in {finding.check for finding in raised.value.findings}


def test_a_root_error_where_nested_is_expected_fails_placement(make_bridge):
    bridge = make_bridge(canned(NOT_FOUND))
    with pytest.raises(ConformanceFailure) as raised:
        call_and_validate(bridge)
    assert "error-placement" in {finding.check for finding in raised.value.findings}


def test_an_html_502_is_an_envelope_finding_and_a_converted_schemathesis_one(make_bridge):
    bridge = make_bridge(canned(b"<html>502 Bad Gateway</html>", "502 Bad Gateway", "text/html"))
    with pytest.raises(ConformanceFailure) as raised:
        call_and_validate(bridge)
    checks = {finding.check for finding in raised.value.findings}
    assert {"envelope", "http-status"} <= checks
    converted = [f for f in raised.value.findings if "schemathesis" in f.message]
    assert converted, "the built-in not_a_server_error failure should come back as a finding"
    assert all(f.observed.startswith("HTTP 502") for f in converted)


def test_the_token_never_reaches_a_finding(make_bridge):
    bridge = make_bridge(canned({"result": {"error": {"error": "NOPE", "error_description": "x"}}}))
    case = get_case(bridge, {"id": 5, "note": f"echo {TOKEN}"})
    response = bridge.call(case)
    assert TOKEN.encode() in response.request.body  # it was sent
    with pytest.raises(ConformanceFailure) as raised:
        bridge.validate(case, response)
    for finding in raised.value.findings:
        assert TOKEN not in finding.reproduce and TOKEN not in finding.render()
    assert '"auth": "***"' in raised.value.findings[0].reproduce


def test_to_exchange_keeps_method_encoding_and_the_parsed_answer(make_bridge):
    bridge = make_bridge(canned({"result": {"error": NOT_FOUND}, "time": TIME}))
    case = get_case(bridge)
    exchange = stbridge.to_exchange(case, bridge.call(case), bridge.secrets())
    assert exchange.request.method == "biconnector.connector.get"
    assert exchange.request.encoding == "json"
    assert exchange.request.params == {"id": 5, "auth": "***"}
    assert exchange.response.status == 200 and exchange.response.json["result"]["error"] == NOT_FOUND


def test_an_answer_that_echoes_the_token_is_recorded_with_it_masked(make_bridge):
    def echo(environ, start_response):  # an error page that shows the request it refused
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        start_response("400 Bad Request", [("Content-Type", "text/html")])
        return [b"<html>Bad request: " + body + b"</html>"]

    bridge = make_bridge(echo)
    case = get_case(bridge)
    exchange = stbridge.to_exchange(case, bridge.call(case), bridge.secrets())
    assert b'"auth": "***"' in exchange.response.body
    assert TOKEN not in exchange.response.body.decode() + exchange.response.snippet()


def test_outside_a_bridge_the_checks_use_the_exports_placement(make_bridge):
    bridge = make_bridge(canned(NOT_FOUND))  # root placement, HTTP 200
    placement = stbridge.bridged_checks()["error-placement"]
    case = get_case(bridge)
    response = bridge.call(case)
    with pytest.raises(ConformanceFailure):
        placement(None, response, case)
    with stbridge.scope(bridge.contract, "root") as current:
        assert placement(None, response, case) is None
    assert current.findings == []


def test_operations_of_another_api_are_skipped(make_bridge):
    bridge = make_bridge(canned({}))
    case = get_case(bridge)
    response = bridge.call(case)
    case.operation.definition.raw["operationId"] = "other.api.call"
    try:
        assert all(check(None, response, case) is True for check in stbridge.bridged_checks().values())
    finally:
        case.operation.definition.raw["operationId"] = "biconnector.connector.get"


def bridge_probe(exchange, ctx):
    """Every answer is a finding: a check a test declares."""
    return [Finding("bridge-probe", "fail", ctx.method.name, "probed", reproduce=exchange.reproduce)]


@pytest.fixture
def probe_declared():
    check(bridge_probe)
    yield
    CHECKS.unregister("bridge-probe")


def test_a_check_declared_later_runs_in_the_bridge_after_the_others(make_bridge, probe_declared):
    bridge = make_bridge(canned(NOT_FOUND))  # root placement where nested is expected
    with pytest.raises(ConformanceFailure) as raised:
        call_and_validate(bridge)
    assert [finding.check for finding in raised.value.findings] == ["error-placement", "bridge-probe"]
    assert "bridge-probe" in {finding.check for finding in bridge.recorder.findings.values()}
