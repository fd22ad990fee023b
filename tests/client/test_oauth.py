"""OAuth renewal: an expired token is traded for a new pair once, and the call is sent again."""

from __future__ import annotations

import pytest

from conformance.client import DEFAULT_OAUTH_SERVER, Client, OAuthError, OAuthRefresh, Target, TargetError

SECRET = "client-secret-5f4e3d2c1b0a"
ACCESS = "expired-access-0123456789ab"
REFRESH = "first-refresh-ba9876543210"
TOKEN_URL = "http://mock.invalid/oauth/token/"


@pytest.fixture
def portal(oauth_portal):
    return oauth_portal(SECRET, ACCESS, REFRESH)


def _refresher(portal, secret: str = SECRET, **options) -> OAuthRefresh:
    return OAuthRefresh(portal.client_id, secret, REFRESH, server_url=TOKEN_URL, app=portal, **options)


def _client(portal, oauth: OAuthRefresh | None) -> Client:
    return Client(Target.in_process(portal, ACCESS), oauth=oauth)


def test_an_expired_token_is_renewed_once_and_the_call_sent_again(portal):
    oauth = _refresher(portal)
    with _client(portal, oauth) as client:
        exchange = client.call("biconnector.connector.list")
        again = client.call("biconnector.source.list")
    assert (exchange.response.status, exchange.attempts) == (200, 2)
    assert (again.response.status, again.attempts) == (200, 1)
    assert portal.calls == [ACCESS, "new-access-1-9f8e7d6c5b4a", "new-access-1-9f8e7d6c5b4a"]
    assert client.target.access_token == "new-access-1-9f8e7d6c5b4a"
    assert oauth.refreshes == 1
    [(http_method, query)] = portal.token_requests
    assert http_method == "GET"
    assert query == {
        "grant_type": ["refresh_token"],
        "client_id": [portal.client_id],
        "client_secret": [SECRET],
        "refresh_token": [REFRESH],
    }


def test_the_renewed_refresh_token_is_the_one_used_next_time(portal):
    oauth = _refresher(portal)
    oauth.refresh()
    assert oauth.refresh() == "new-access-2-9f8e7d6c5b4a"
    used = [query["refresh_token"] for _, query in portal.token_requests]
    assert used == [[REFRESH], ["new-refresh-1-1a2b3c4d5e6f"]]


def test_a_token_still_expired_after_renewal_is_the_answer(portal):
    portal.renews_expired = True
    oauth = _refresher(portal)
    with _client(portal, oauth) as client:
        exchange = client.call("biconnector.connector.list")
    assert exchange.response.json["error"] == "expired_token"
    assert exchange.attempts == 2 and oauth.refreshes == 1


def test_without_credentials_an_expired_token_is_reported_as_it_came(portal):
    with _client(portal, None) as client:
        exchange = client.call("biconnector.connector.list")
    assert exchange.response.json["error"] == "expired_token" and exchange.attempts == 1
    assert portal.token_requests == []


def test_another_applications_token_is_not_renewed_with_these_credentials(portal):
    portal.expired.add("second-app-token-777777")
    with _client(portal, _refresher(portal)) as client:
        exchange = client.call("biconnector.connector.list", access_token="second-app-token-777777")
    assert exchange.response.json["error"] == "expired_token" and portal.token_requests == []


def test_a_wrong_client_secret_raises_a_one_line_oauth_error(portal):
    with (
        _client(portal, _refresher(portal, "wrong-secret-000000000")) as client,
        pytest.raises(OAuthError) as caught,
    ):
        client.call("biconnector.connector.list")
    error = caught.value
    assert (error.code, error.status) == ("invalid_client", 401)
    assert (
        str(error)
        == error.message
        == (
            f"Expected new OAuth tokens from {TOKEN_URL}, got HTTP 401 invalid_client:"
            " Invalid client credentials; check the client id and client secret,"
            " and that the application is installed"
        )
    )
    assert error.__suppress_context__ or error.__context__ is None


def test_a_stale_refresh_token_says_to_authorize_again(portal):
    oauth = OAuthRefresh(portal.client_id, SECRET, "stale-refresh-token", server_url=TOKEN_URL, app=portal)
    expected = "got HTTP 400 invalid_grant: Invalid grant; the refresh token is wrong"
    with pytest.raises(OAuthError, match=expected):
        oauth.refresh()


def test_an_answer_that_is_not_json_or_has_no_token_is_an_oauth_error(scripted):
    html = OAuthRefresh("id", SECRET, REFRESH, server_url=TOKEN_URL, app=scripted([(502, b"<html>")]))
    with pytest.raises(OAuthError, match="got HTTP 502 with a text/html body that is not JSON"):
        html.refresh()
    empty = OAuthRefresh("id", SECRET, REFRESH, server_url=TOKEN_URL, app=scripted([(200, {"scope": "x"})]))
    with pytest.raises(OAuthError, match=r"got HTTP 200 without an access_token \(got scope\)"):
        empty.refresh()


@pytest.mark.http
def test_an_unreachable_oauth_server_is_an_oauth_error(refused_port):
    oauth = OAuthRefresh("id", SECRET, REFRESH, server_url=f"http://127.0.0.1:{refused_port}/oauth/token/")
    with pytest.raises(OAuthError, match=r"got no answer \(") as caught:
        oauth.refresh()
    assert SECRET not in str(caught.value) and REFRESH not in str(caught.value)


def test_the_server_url_defaults_to_bitrix_and_a_bare_host_gets_the_token_path():
    assert (
        OAuthRefresh("id", "s", "r").server_url
        == DEFAULT_OAUTH_SERVER
        == "https://oauth.bitrix.info/oauth/token/"
    )
    assert OAuthRefresh("id", "s", "r", server_url="http://127.0.0.1:8080").server_url == (
        "http://127.0.0.1:8080/oauth/token/"
    )
    with pytest.raises(ValueError, match="Expected an http\\(s\\) OAuth server URL"):
        OAuthRefresh("id", "s", "r", server_url="oauth.bitrix.info")
    with pytest.raises(ValueError, match="got no client secret or refresh token"):
        OAuthRefresh("id", "", "")


def test_renewal_needs_an_oauth_target(portal):
    webhook = Target.parse("https://portal.example/rest/1/wh7k2p9x4m1q8z3c/")
    with pytest.raises(TargetError, match="Expected an OAuth target for token renewal"):
        Client(webhook, oauth=_refresher(portal))


def test_reprs_show_no_secret(portal):
    oauth = _refresher(portal)
    with _client(portal, oauth) as client:
        client.call("biconnector.connector.list")
        shown = repr(client)
    assert shown.endswith(f"oauth=OAuthRefresh({TOKEN_URL!r}, client_id={portal.client_id!r}, refreshes=1))")
    for secret in (SECRET, REFRESH, ACCESS, "new-access-1", "new-refresh-1"):
        assert secret not in shown
