"""No secret reaches a recorded Request: not its url, body, params, headers or curl line."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance.client import Client, Target, redact

TOKEN = "oauth-token-0123456789abcdef"
OTHER_TOKEN = "second-app-token-fedcba9876543210"
CODE = "wh7k2p9x4m1q8z3c"


def test_redact_masks_every_secret_longest_first():
    assert redact("a=abc123&b=abc123xyz", ["abc123", "abc123xyz"]) == "a=***&b=***"
    assert redact("nothing here", []) == "nothing here"
    assert redact("keep", ["", "zz"]) == "keep"


def _everything(request) -> str:
    return "\n".join(
        [
            request.url,
            request.body.decode(),
            json.dumps(request.params),
            json.dumps(request.headers),
            request.curl(),
        ]
    )


@pytest.mark.parametrize("encoding", ["json", "form", "query"])
def test_webhook_code_and_tokens_never_appear(echo_app, encoding):
    target = Target(f"http://mock.invalid/rest/1/{CODE}/", "webhook", app=echo_app)
    params = {
        "id": 5,
        "auth": TOKEN,
        "fields": {"title": f"contains {TOKEN} and {CODE}", "settings": [{"refresh_token": "r-0123456789"}]},
        "client_secret": "cs-0123456789",
    }
    with Client(target) as client:
        exchange = client.call("biconnector.source.get", params, encoding=encoding, access_token=OTHER_TOKEN)
    recorded = _everything(exchange.request)
    for secret in (TOKEN, OTHER_TOKEN, CODE, "r-0123456789", "cs-0123456789"):
        assert secret not in recorded
    assert exchange.request.url.startswith("http://mock.invalid/rest/1/***/biconnector.source.get")
    # ... while the target did receive them all
    [seen] = echo_app.arrived
    assert seen["path"] == f"/rest/1/{CODE}/biconnector.source.get"
    assert TOKEN in seen["body"] + seen["query"], "the suite's own auth value went out unmasked"


@pytest.mark.parametrize("encoding", ["json", "form", "query"])
def test_the_oauth_token_is_masked_where_it_was_sent(echo_app, encoding):
    with Client(Target.in_process(echo_app, TOKEN)) as client:
        exchange = client.call("biconnector.connector.get", {"id": 1}, encoding=encoding)
    request = exchange.request
    assert TOKEN not in _everything(request)
    assert request.params == {"id": 1}, "params hold what the suite meant, without the added token"
    if encoding == "json":
        assert json.loads(request.body) == {"id": 1, "auth": "***"}
    elif encoding == "form":
        assert request.body == b"id=1&auth=%2A%2A%2A"
    else:
        assert request.url == "http://mock.invalid/rest/biconnector.connector.get?id=1&auth=%2A%2A%2A"
    [seen] = echo_app.arrived
    assert TOKEN in seen["body"] + seen["query"]


def test_a_short_token_is_masked_by_name_without_mangling_other_text(echo_app):
    # "T" is what the mock's tests use; masking it as text would turn "Title" into "***itle".
    with Client(Target.in_process(echo_app, "T")) as client:
        exchange = client.call("biconnector.connector.add", {"fields": {"title": "Title T"}})
    assert json.loads(exchange.request.body) == {"fields": {"title": "Title T"}, "auth": "***"}
    assert exchange.request.params == {"fields": {"title": "Title T"}}


# keys the masking treats apart, and text with the token inside
_KEYS = st.sampled_from(["id", "auth", "access_token", "fields", "settings", "cmd", "title", f"k{TOKEN}"])
_PARAMS = st.dictionaries(
    _KEYS | st.text(max_size=3),
    st.recursive(
        st.none() | st.integers() | st.text(max_size=4) | st.sampled_from([TOKEN, f"a {TOKEN} b"]),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=3),
        max_leaves=8,
    ),
    max_size=4,
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # what echo_app keeps is not read
@given(params=_PARAMS)
def test_the_recorded_body_is_the_recorded_params_with_the_token_it_added_masked(echo_app, params):
    # The body is recorded from the params' masked copy, not from a second masking of the whole payload.
    with Client(Target.in_process(echo_app, TOKEN)) as client:
        request = client.call("biconnector.connector.get", params).request
    added = {} if "auth" in params else {"auth": "***"}
    assert json.loads(request.body) == {**request.params, **added}
    assert TOKEN not in request.body.decode()


def test_an_answer_keeps_its_text_where_a_secret_is_too_short_to_mask_as_text():
    from conformance.client import masked_response

    body = b'{"result": {"title": "Title T", "note": "oauth-token-0123456789abcdef"}}'
    answer = masked_response(200, "application/json", body, 0.01, ["T", TOKEN])
    assert answer.json == {"result": {"title": "Title T", "note": "***"}}


def test_credential_headers_are_masked_but_keep_their_scheme():
    from conformance.client._redact import redact_headers

    headers = {"Authorization": "Bearer abc", "Cookie": "PHPSESSID=1", "Accept": "application/json"}
    assert redact_headers(headers) == {
        "Authorization": "Bearer ***",
        "Cookie": "***",
        "Accept": "application/json",
    }


def test_the_reproduce_line_is_a_runnable_curl_without_secrets(echo_app):
    with Client(Target.in_process(echo_app, TOKEN)) as client:
        exchange = client.call("biconnector.source.get", {"id": 3})
    assert exchange.reproduce == (
        "curl -sS -X POST -H 'Accept: application/json' -H 'User-Agent: b24-conformance/0.1.0'"
        ' -H \'Content-Type: application/json\' --data-binary \'{"id": 3, "auth": "***"}\''
        " http://mock.invalid/rest/biconnector.source.get"
    )


def _connector_asking_for(client, *codes: str) -> int:
    """A connector of client's application whose sources carry settings of codes."""
    base = "https://connector.invalid/b24-conformance"
    urls = {
        "Check": "check",
        "TableList": "table_list",
        "TableDescription": "table_description",
        "Data": "data",
    }
    fields = {
        "title": "t",
        "logo": "x",
        **{f"url{name}": f"{base}/{path}" for name, path in urls.items()},
        "settings": [{"code": code, "name": code.title(), "type": "STRING"} for code in codes],
    }
    return client.call("biconnector.connector.add", {"fields": fields}).response.json["result"]["id"]


def test_a_sources_settings_values_are_masked_in_requests_and_answers():
    from conformance.client import MASK, Client, Target
    from conformance.engine import bundled_mock

    portal = bundled_mock()
    token = portal.applications[0].access_token
    with Client(Target.in_process(portal, token)) as client:
        connector = _connector_asking_for(client, "password")
        added = client.call(
            "biconnector.source.add",
            {"fields": {"title": "s", "connectorId": connector, "settings": {"password": "hunter2-canary"}}},
        )
        got = client.call("biconnector.source.get", {"id": added.response.json["result"]["id"]})
    assert "hunter2-canary" not in added.reproduce
    assert added.request.params["fields"]["settings"] == {"password": MASK}
    assert b"hunter2-canary" not in got.response.body
    assert got.response.json["result"]["item"]["settings"][0]["value"] == MASK


def test_settings_inside_a_batch_command_are_masked_by_name_wherever_the_command_is_recorded():
    from conformance.batch import command_exchanges
    from conformance.client import batch_params, redact_command
    from conformance.mock import MockConfig, MockPortal

    checked = []  # what the portal's urlCheck got: the real values
    portal = MockPortal(MockConfig(url_check=lambda url, settings: checked.append(settings) or True))
    with Client(Target.in_process(portal, portal.applications[0].access_token)) as client:
        connector = _connector_asking_for(client, "password", "host")
        # a value too short to mask as text is masked for its name; the same text elsewhere stays
        settings = {"password": "pw", "host": "hunter2-canary"}
        fields = {"title": "pw", "connectorId": connector, "settings": settings}
        calls = {"add": ("biconnector.source.add", {"fields": fields})}
        exchange = client.call("batch", batch_params(calls))
        [answer] = command_exchanges(exchange).values()
    assert checked == [settings] and answer.response.json["result"]["id"] >= 1
    shown = exchange.request.params["cmd"]["add"]
    assert shown == redact_command(batch_params(calls)["cmd"]["add"])
    assert "fields%5Btitle%5D=pw&" in shown and "fields%5Bsettings%5D%5Bpassword%5D=%2A%2A%2A" in shown
    for text in (shown, exchange.request.body.decode(), exchange.reproduce, answer.reproduce):
        assert "hunter2" not in text and "password%5D=pw" not in text


@pytest.mark.parametrize(
    ("command", "shown"),
    [
        ("m?fields%5Bsettings%5D%5Bh%5D=x&id=5", "m?fields%5Bsettings%5D%5Bh%5D=%2A%2A%2A&id=5"),
        ("m?auth=tok&a%5Baccess_token%5D=t", "m?auth=%2A%2A%2A&a%5Baccess_token%5D=%2A%2A%2A"),
        ("m?fields%5Bsettings%5D=x&settings=y", "m?fields%5Bsettings%5D=x&settings=y"),  # no value below
        ("m?settings%5B0%5D=x", "m?settings%5B0%5D=%2A%2A%2A"),  # a source setting coded 0
        # a connector's setting definitions are no secret
        ("m?fields%5Bsettings%5D%5B0%5D%5Bcode%5D=pw", "m?fields%5Bsettings%5D%5B0%5D%5Bcode%5D=pw"),
        ("m?fields%5Bsettings%5D%5Bh%5D=", "m?fields%5Bsettings%5D%5Bh%5D="),  # nothing to hide
        ("m", "m"),
        ("m?a=1&&b", "m?a=1&&b"),
    ],
)
def test_redact_command_masks_values_by_their_names_only(command, shown):
    from conformance.client import redact_command

    assert redact_command(command) == shown
