"""Access-token expiry, the /oauth/token/ renewal endpoint and the biconnector scope."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from conformance.client import OAuthError, OAuthRefresh
from conformance.mock import MockConfig, MockPortal

from .conftest import Rest, known_config

LIST = "biconnector.connector.list"
EXPIRED = {"error": "expired_token", "error_description": "The access token provided has expired"}
SCOPE_TEXT = "The request requires higher privileges than provided by the access token"


@pytest.fixture
def expiring(clock) -> Rest:
    return Rest(MockPortal(known_config(token_lifetime_s=3600, clock=clock)))


def renew(rest: Rest, method: str = "GET", **overrides: str):
    application = rest.portal.applications[0]
    params = {
        "grant_type": "refresh_token",
        "client_id": application.client_id,
        "client_secret": application.client_secret,
        "refresh_token": application.refresh_token,
        **overrides,
    }
    if method == "GET":
        return rest.send("GET", f"/oauth/token/?{urlencode(params)}")
    return rest.send(
        "POST", "/oauth/token", body=urlencode(params), content_type="application/x-www-form-urlencoded"
    )


def test_an_access_token_expires_after_its_lifetime(expiring, clock):
    clock.advance(3599.9)
    assert expiring.call(LIST).status == 200
    clock.advance(0.1)
    answer = expiring.call(LIST)
    assert (answer.status, answer.body) == (401, EXPIRED)
    assert answer.envelope_errors("framework-error") == []
    assert expiring.call(LIST, token="never-issued").error == "NO_AUTH_FOUND"
    assert expiring.hook(LIST).status == 200  # a webhook has no token to expire


def test_renewal_gives_a_working_pair_for_the_same_application(expiring, clock, connector_fields):
    added = expiring.call("biconnector.connector.add", {"fields": connector_fields}).result["id"]
    clock.advance(4000)
    answer = renew(expiring)
    assert answer.status == 200 and answer.content_type == "application/json; charset=utf-8"
    body = answer.body
    application = expiring.portal.applications[0]
    assert body["expires_in"] == 3600 and body["expires"] == int(clock.now) + 3600
    assert body["scope"] == "biconnector" and body["member_id"] == expiring.portal.member_id
    assert body["client_endpoint"] == "http://localhost/rest/" and body["user_id"] == 1
    assert {body["access_token"], body["refresh_token"]}.isdisjoint(
        {application.access_token, application.refresh_token}
    )
    got = expiring.call("biconnector.connector.get", {"id": added}, token=body["access_token"])
    assert got.result["item"]["id"] == added  # the renewed token acts for the same application
    clock.advance(3600)
    assert expiring.call(LIST, token=body["access_token"]).body == EXPIRED


def test_a_refresh_token_is_spent_by_its_renewal(expiring):
    first = renew(expiring).body
    again = renew(expiring)
    assert (again.status, again.body["error"]) == (400, "invalid_grant")
    assert renew(expiring, refresh_token=first["refresh_token"]).status == 200


@pytest.mark.parametrize(
    ("overrides", "status", "code"),
    [
        ({"client_secret": "wrong"}, 401, "invalid_client"),
        ({"client_id": "local.nobody.1"}, 401, "invalid_client"),
        ({"refresh_token": "wrong"}, 400, "invalid_grant"),
        ({"grant_type": "authorization_code"}, 400, "invalid_request"),
        ({"refresh_token": ""}, 400, "invalid_request"),
    ],
)
def test_a_wrong_renewal_gets_an_oauth_error_that_shows_no_secret(expiring, overrides, status, code):
    answer = renew(expiring, **overrides)
    assert (answer.status, answer.body["error"]) == (status, code)
    assert set(answer.body) == {"error", "error_description"}
    application = expiring.portal.applications[0]
    assert application.client_secret not in answer.body["error_description"]


def test_renewal_also_answers_a_form_post_and_the_other_application_is_refused(expiring):
    assert renew(expiring, "POST").status == 200
    foreign = expiring.portal.applications[1]
    assert renew(expiring, refresh_token=foreign.refresh_token).body["error"] == "invalid_grant"


def test_the_client_renews_against_the_mock_in_process(expiring):
    primary = expiring.portal.applications[0]
    oauth = OAuthRefresh(
        primary.client_id,
        primary.client_secret,
        primary.refresh_token,
        server_url="http://mock.invalid/oauth/token/",
        app=expiring.portal,
    )
    fresh = oauth.refresh()
    assert expiring.call(LIST, token=fresh).status == 200
    wrong = OAuthRefresh(
        primary.client_id, "wrong", "x", server_url="http://mock.invalid/", app=expiring.portal
    )
    with pytest.raises(OAuthError) as raised:
        wrong.refresh()
    assert (raised.value.code, raised.value.status) == ("invalid_client", 401)


def test_expire_tokens_ends_every_token_issued_so_far(rest):
    rest.portal.expire_tokens()
    assert rest.call(LIST).body == EXPIRED
    assert rest.call(LIST, token=rest.foreign).body == EXPIRED
    assert rest.call(LIST, token=renew(rest).body["access_token"]).status == 200


def test_a_token_without_the_scope_gets_401_insufficient_scope_before_the_method_runs(rest):
    token = rest.portal.issue_token(rest.portal.applications[0], scopes=("crm",))
    for method in (LIST, "biconnector.connector.fields", "biconnector.connector.get"):
        answer = rest.call(method, token=token)
        assert (answer.status, answer.body) == (
            401,
            {"error": "insufficient_scope", "error_description": SCOPE_TEXT},
        )
    assert rest.call("no.such.method", token=token).error == "ERROR_METHOD_NOT_FOUND"
    scoped = rest.portal.issue_token(rest.portal.applications[0])
    assert rest.call(LIST, token=scoped).status == 200


def test_a_portal_can_issue_tokens_without_the_scope_and_answer_403(clock):
    rest = Rest(MockPortal(known_config(scopes=("crm", "user"), insufficient_scope_status=403, clock=clock)))
    answer = rest.call(LIST)
    assert (answer.status, answer.error) == (403, "insufficient_scope")
    assert answer.envelope_errors("framework-error") == []
    assert renew(rest).body["scope"] == "crm,user"
    assert rest.hook(LIST).status == 200  # the webhook keeps every scope


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"scopes": "biconnector"}, "Expected scopes as a tuple of names like ('biconnector',)"),
        ({"scopes": ("",)}, "Expected scopes as a tuple of names"),
        ({"insufficient_scope_status": 400}, "Expected insufficient_scope_status 401 or 403, got 400"),
        ({"batch_overflow": "drop"}, "Expected batch_overflow 'request' or 'commands', got 'drop'"),
    ],
)
def test_a_config_refuses_bad_scope_and_batch_settings(options, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        MockConfig(**options)
