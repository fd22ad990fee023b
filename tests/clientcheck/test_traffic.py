"""The mock's traffic recorder and scripted behaviours, in-process."""

from __future__ import annotations

from werkzeug.test import Client

from conformance.mock import MockPortal, Script, TrafficRecorder, start_ids_at


def _client():
    portal = MockPortal()
    script = Script(portal)
    recorder = TrafficRecorder(script)
    return portal, script, recorder, Client(recorder)


def test_the_recorder_keeps_method_params_and_a_token_fingerprint_not_the_token():
    portal, _, recorder, client = _client()
    token = portal.applications[0].access_token
    answer = client.post("/rest/biconnector.connector.get.json", json={"id": 7, "auth": token})
    assert answer.get_json()["result"]["error"]["error"] == "CONNECTOR_NOT_FOUND"  # the portal read the body
    (request,) = recorder.requests
    assert (request.method, request.params, request.status, request.json_body) == (
        "biconnector.connector.get",
        {"id": 7},
        200,
        True,
    )
    assert request.auth.startswith("token:") and token not in request.auth
    assert request.error == "CONNECTOR_NOT_FOUND"
    assert token not in request.brief() and token not in str(request.as_json())


def test_an_html_page_replaces_the_nth_answer_only():
    portal, script, recorder, client = _client()
    script.add("biconnector.connector.fields", "html-502", nth=2)
    token = portal.applications[0].access_token
    statuses = [
        client.post("/rest/biconnector.connector.fields", json={"auth": token}).status_code for _ in range(3)
    ]
    assert statuses == [200, 502, 200]
    assert [r.scripted for r in recorder.requests] == [None, "html-502", None]
    assert recorder.requests[1].answer is None and "text/html" in recorder.requests[1].content_type


def test_a_lost_answer_acts_then_cuts_the_body():
    portal, script, _, client = _client()
    script.add("biconnector.connector.add", "lost-answer")
    token = portal.applications[0].access_token
    fields = {
        "title": "t",
        "logo": "l",
        "urlCheck": "u",
        "urlTableList": "u",
        "urlTableDescription": "u",
        "urlData": "u",
        "settings": [{"code": "c", "name": "n", "type": "STRING"}],
    }
    answer = client.post("/rest/biconnector.connector.add", json={"fields": fields, "auth": token})
    assert int(answer.headers["Content-Length"]) > len(answer.get_data())
    assert portal.count("connector") == 1


def test_expired_tokens_and_big_ids():
    portal, script, recorder, client = _client()
    start_ids_at(portal, "connector", 2**31 + 1)
    script.add("biconnector.connector.fields", "expire-tokens")
    token = portal.applications[0].access_token
    answer = client.post("/rest/biconnector.connector.fields", json={"auth": token})
    assert (answer.status_code, answer.get_json()["error"]) == (401, "expired_token")
    assert recorder.requests[0].error == "expired_token"
