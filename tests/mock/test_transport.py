"""Routes, encodings, authentication and framework errors of the mock portal."""

from __future__ import annotations

import json

import pytest

from conformance.contract import default_contract

FORM = "application/x-www-form-urlencoded"
APP_METHODS = sorted(name for name, m in default_contract().methods.items() if m.app_context)
FIELDS_METHODS = [f"biconnector.{entity}.fields" for entity in ("connector", "source", "table", "dataset")]


@pytest.mark.parametrize(
    "path",
    [
        "/rest/biconnector.connector.get",
        "/rest/biconnector.connector.get.json",
        "/rest/biconnector.connector.get/",
        "/rest/BIconnector.Connector.GET",
    ],
)
def test_oauth_routes(rest, connector_id, path):
    token = rest.portal.applications[0].access_token
    answer = rest.send("GET", f"{path}?auth={token}&id={connector_id}")
    assert answer.result["item"]["id"] == connector_id


@pytest.mark.parametrize("suffix", ["biconnector.connector.fields", "biconnector.connector.fields.json"])
def test_webhook_routes(rest, suffix):
    answer = rest.send("GET", f"{rest.portal.webhook_path}{suffix}")
    assert answer.result["fields"][0]["title"] == "id"


@pytest.mark.parametrize("encoding", ["json", "form", "query"])
def test_every_encoding_reaches_the_method(rest, connector_fields, encoding):
    created = rest.call("biconnector.connector.add", {"fields": connector_fields}, encoding=encoding)
    item = rest.call("biconnector.connector.get", {"id": created.result["id"]}, encoding=encoding).result[
        "item"
    ]
    assert item["settings"] == connector_fields["settings"]
    assert item["title"] == connector_fields["title"]


def test_the_body_wins_over_the_query_string(rest, connector_id):
    token = rest.portal.applications[0].access_token
    body = json.dumps({"id": connector_id})
    answer = rest.send(
        "POST",
        f"/rest/biconnector.connector.get?auth={token}&id=999",
        body=body,
        content_type="application/json",
    )
    assert answer.result["item"]["id"] == connector_id


def test_a_form_body_merges_with_the_query_string(rest, connector_id):
    token = rest.portal.applications[0].access_token
    answer = rest.send(
        "POST", f"/rest/biconnector.connector.get?id={connector_id}", body=f"auth={token}", content_type=FORM
    )
    assert answer.result["item"]["id"] == connector_id


def test_an_undecodable_json_body_is_ignored(rest):
    token = rest.portal.applications[0].access_token
    path = f"/rest/biconnector.connector.get?auth={token}"
    answer = rest.send("POST", path, body='{"id": 1', content_type="application/json")
    assert answer.error == "VALIDATION_ID_NOT_PROVIDED"


def test_a_body_of_another_content_type_is_ignored(rest, connector_id):
    token = rest.portal.applications[0].access_token
    answer = rest.send(
        "POST",
        f"/rest/biconnector.connector.get?auth={token}",
        body=f"id={connector_id}",
        content_type="text/plain",
    )
    assert answer.error == "VALIDATION_ID_NOT_PROVIDED"


def test_the_bearer_header_and_access_token_parameter_authenticate(rest, connector_id):
    token = rest.portal.applications[0].access_token
    by_header = rest.send(
        "GET",
        f"/rest/biconnector.connector.get?id={connector_id}",
        headers={"Authorization": f"Bearer {token}"},
    )
    by_param = rest.send("GET", f"/rest/biconnector.connector.get?id={connector_id}&access_token={token}")
    assert by_header.result == by_param.result


def test_an_auth_array_is_not_a_token(rest):
    token = rest.portal.applications[0].access_token
    answer = rest.send("GET", f"/rest/biconnector.connector.list?auth[]={token}")
    assert (answer.status, answer.error) == (401, "NO_AUTH_FOUND")


@pytest.mark.parametrize("token", ["", "not-a-token"])
def test_a_missing_or_unknown_token_is_refused_at_the_root(rest, token):
    answer = rest.call("biconnector.connector.list", token=token)
    assert (answer.status, answer.error, answer.description) == (
        401,
        "NO_AUTH_FOUND",
        "Wrong authorization data",
    )
    assert answer.envelope_errors("framework-error") == []
    assert answer.content_type == "application/json; charset=utf-8"


@pytest.mark.parametrize("path", ["/rest/1/wrongcode/biconnector.connector.fields", "/rest/2/hookcode/x.y"])
def test_a_wrong_webhook_is_refused(rest, path):
    answer = rest.send("GET", path)
    assert (answer.status, answer.error) == (401, "NO_AUTH_FOUND")
    assert "time" not in answer.body


@pytest.mark.parametrize("method", APP_METHODS)
def test_a_webhook_gets_access_denied_before_any_id_check(rest, method):
    answer = rest.hook(method)
    assert (answer.status, answer.error, answer.description) == (200, "ACCESS_DENIED", "Access denied.")
    assert answer.envelope_errors("method-error-nested") == []


@pytest.mark.parametrize("method", FIELDS_METHODS)
def test_fields_answers_webhooks_and_applications_alike(rest, method):
    entity = method.split(".")[1]
    expected = [d.as_json() for d in default_contract().method(f"biconnector.{entity}.add").fields]
    assert rest.hook(method).result == {"fields": expected}
    assert rest.call(method).result == {"fields": expected}


@pytest.mark.parametrize(
    "method", ["biconnector.connector.rename", "biconnector.dataset.fields.add", "profile"]
)
def test_an_unknown_method_is_not_found_at_the_root(rest, method):
    answer = rest.call(method)
    assert (answer.status, answer.error, answer.description) == (
        404,
        "ERROR_METHOD_NOT_FOUND",
        "Method not found!",
    )
    assert answer.envelope_errors("framework-error") == []


def test_authentication_comes_before_the_method_lookup(rest):
    assert rest.call("no.such.method", token="").status == 401


@pytest.mark.parametrize("path", ["/index.php", "/", "/rest", "/bitrix/admin/"])
def test_paths_outside_rest_answer_the_framework_not_found(rest, path):
    answer = rest.send("GET", path)
    assert (answer.status, answer.content_type) == (404, "application/json; charset=utf-8")
    assert answer.body == {"error": "ERROR_METHOD_NOT_FOUND", "error_description": "Method not found!"}


@pytest.mark.parametrize("verb", ["PUT", "DELETE", "PATCH", "OPTIONS"])
def test_other_http_methods_reach_the_framework(rest, verb):
    answer = rest.send(verb, "/rest/biconnector.connector.list")
    assert (answer.status, answer.error) == (401, "NO_AUTH_FOUND")
    assert answer.content_type == "application/json; charset=utf-8"
    token = rest.portal.applications[0].access_token
    assert rest.send(verb, f"/rest/biconnector.connector.list?auth={token}").result == []


def test_head_gets_the_status_and_headers_of_get_without_a_body(rest):
    answer = rest.send("HEAD", "/rest/biconnector.connector.list")
    assert (answer.status, answer.body) == (401, "")
    assert answer.content_type == "application/json; charset=utf-8"


def test_a_huge_body_is_refused(rest):
    answer = rest.send(
        "POST", "/rest/biconnector.connector.list", body=b"x" * (8 * 1024 * 1024 + 1), content_type=FORM
    )
    assert (answer.status, answer.error) == (400, "ERROR_CORE")
    assert "at most 8388608 bytes" in answer.description
