"""Target.parse: the URL shapes a user may give, and one-line messages that say how to fix a bad one."""

from __future__ import annotations

import pytest

from conformance.client import Target, TargetError

CODE = "wh7k2p9x4m1q8z3c"


@pytest.mark.parametrize(
    ("url", "base"),
    [
        (f"https://b24.example.com/rest/1/{CODE}/", f"https://b24.example.com/rest/1/{CODE}/"),
        (f"https://b24.example.com/rest/1/{CODE}", f"https://b24.example.com/rest/1/{CODE}/"),
        (f"  HTTPS://b24.example.com/rest/12/{CODE}/  ", f"https://b24.example.com/rest/12/{CODE}/"),
        (f"http://127.0.0.1:8080/rest/1/{CODE}/", f"http://127.0.0.1:8080/rest/1/{CODE}/"),
        (f"https://example.com/portal/rest/3/{CODE}/", f"https://example.com/portal/rest/3/{CODE}/"),
    ],
)
def test_webhook_urls_are_inferred_and_normalised(url, base):
    target = Target.parse(url)
    assert (target.base_url, target.auth, target.access_token, target.app) == (base, "webhook", None, None)


@pytest.mark.parametrize(
    "url", ["https://b24.example.com/rest/", "https://b24.example.com/rest", "http://[::1]:9000/rest/"]
)
def test_oauth_bases_need_a_token(url):
    target = Target.parse(url, access_token="tok")
    assert target.auth == "oauth"
    assert target.base_url.endswith("/rest/")
    assert target.access_token == "tok"


def test_an_explicit_auth_that_matches_the_shape_is_accepted():
    assert Target.parse(f"https://h.example/rest/1/{CODE}/", auth="webhook").auth == "webhook"
    assert Target.parse("https://h.example/rest/", auth="oauth", access_token="t").auth == "oauth"


@pytest.mark.parametrize(
    ("url", "options", "message"),
    [
        ("", {}, r"Expected a target URL like https://HOST/rest/USER/CODE/ .*got an empty string"),
        (
            f"b24.example.com/rest/1/{CODE}/",
            {},
            r"Expected a URL starting with https:// .*perhaps you meant 'https://b24.example.com/rest/1/\*\*\*/'",
        ),
        ("ftp://b24.example.com/rest/", {}, r"Expected an https:// or http:// URL, got scheme 'ftp'"),
        ("https:///rest/", {}, r"Expected a host name in the URL, got none"),
        ("https://h.example:port/rest/", {}, r"Expected a numeric port, got 'h.example:port'"),
        (
            "https://b24.example.com",
            {"access_token": "t"},
            r"Expected the path to end in /rest/ .*got '/'; perhaps you meant 'https://b24.example.com/rest/'",
        ),
        (
            f"https://h.example/rest/1/{CODE}/biconnector.connector.list",
            {},
            r"got a method name 'biconnector.connector.list' after it; use 'https://h.example/rest/1/\*\*\*/'",
        ),
        (
            "https://h.example/rest/biconnector.source.get.json",
            {"access_token": "t"},
            r"got a method name 'biconnector.source.get.json' after it; use 'https://h.example/rest/'",
        ),
        (f"https://h.example/rest/admin/{CODE}/", {}, r"Expected a numeric user id .*got 'admin'"),
        ("https://h.example/rest/1/", {}, r"got only '1' after /rest/; the webhook code is missing"),
        ("https://h.example/rest/", {}, r"Expected an access token for the OAuth target .*got none"),
        (f"https://h.example/rest/1/{CODE}/?x=1", {}, r"Expected no query string or fragment .*; drop it"),
        (f"https://u:p@h.example/rest/1/{CODE}/", {}, r"Expected no user name or password in the URL"),
        (
            f"https://h.example/rest/1/{CODE}/",
            {"auth": "oauth", "access_token": "t"},
            r"Expected an OAuth base URL .*got the webhook URL .*use 'https://h.example/rest/'",
        ),
        ("https://h.example/rest/", {"auth": "webhook"}, r"Expected a webhook URL .*got the OAuth base"),
        (
            f"https://h.example/rest/1/{CODE}/",
            {"access_token": "t"},
            r"Expected no access token with the webhook",
        ),
        ("https://h.example/rest/", {"auth": "basic"}, r"Expected auth 'oauth' or 'webhook', got 'basic'"),
    ],
)
def test_bad_targets_say_what_was_expected_and_got(url, options, message):
    with pytest.raises(TargetError, match=message) as caught:
        Target.parse(url, **options)
    text = str(caught.value)
    assert "\n" not in text
    assert CODE not in text, "a webhook code must never appear in an error message"


def test_redacted_url_masks_the_webhook_code_only():
    assert Target.parse(f"https://h.example/rest/7/{CODE}/").redacted_url() == "https://h.example/rest/7/***/"
    assert (
        Target.parse("https://h.example/rest/", access_token="t").redacted_url() == "https://h.example/rest/"
    )


def test_repr_shows_no_secret():
    webhook = Target.parse(f"https://h.example/rest/7/{CODE}/")
    oauth = Target.parse("https://h.example/rest/", access_token="secret-token-xyz")
    assert CODE not in repr(webhook)
    assert "secret-token-xyz" not in repr(oauth)
    assert repr(oauth) == "Target('https://h.example/rest/', auth='oauth')"


def test_secrets_lists_the_code_and_the_token():
    assert Target.parse(f"https://h.example/rest/7/{CODE}/").secrets() == (CODE,)
    assert Target.parse("https://h.example/rest/", access_token="tok").secrets() == ("tok",)


def test_in_process_targets_use_a_name_that_never_resolves():
    def app(environ, start_response):
        return []

    target = Target.in_process(app, "T")
    assert (target.base_url, target.auth, target.access_token, target.app) == (
        "http://mock.invalid/rest/",
        "oauth",
        "T",
        app,
    )
    assert "in-process" in repr(target)


def test_an_in_process_target_may_name_the_address_where_its_app_is_served():
    def app(environ, start_response):
        return []

    target = Target.in_process(app, "T", base_url="http://127.0.0.1:8000/rest")
    assert (target.base_url, target.auth, target.app) == ("http://127.0.0.1:8000/rest/", "oauth", app)
    with pytest.raises(TargetError, match="Expected an OAuth base URL like https://HOST/rest/ for auth"):
        Target.in_process(app, "T", base_url=f"http://127.0.0.1:8000/rest/1/{CODE}/")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (("https://h.example/rest/", "digest"), "Expected auth 'oauth' or 'webhook', got 'digest'"),
        (("https://h.example/rest", "oauth"), "Expected a base URL ending with '/'"),
        (("https://h.example/rest/", "webhook"), "Expected a webhook base URL like"),
    ],
)
def test_direct_construction_is_checked_too(fields, message):
    with pytest.raises(TargetError, match=message):
        Target(*fields)


def test_an_options_webhook_url_is_refused_without_quoting_it():
    code = "wh-code-0123456789"
    assert Target.webhook(f"https://h.example/rest/7/{code}/", "--webhook").auth == "webhook"
    with pytest.raises(TargetError) as refused:
        Target.webhook(f"https://h.example/rest/{code}/", "--webhook")
    assert str(refused.value) == "Expected --webhook to be a webhook URL https://HOST/rest/USER/CODE/"


def test_the_same_portal_through_its_webhook_carries_no_token():
    oauth = Target.parse("https://h.example/rest/", access_token="a-token")
    webhook = oauth.webhook_at("/rest/1/abc123/")
    assert (webhook.base_url, webhook.auth, webhook.access_token) == (
        "https://h.example/rest/1/abc123/",
        "webhook",
        None,
    )
