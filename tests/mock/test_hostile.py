"""Hostile input to the mock: each answered in the portal's JSON, none with a 500 of the mock's own."""

from __future__ import annotations

import json

import httpx
import pytest

from conformance.mock import MockPortal, serve
from conformance.mock import _parse_str as parse_str_module
from conformance.mock._batch import MAX_EXPANSION_CHARS
from conformance.mock._parse_str import parse_str

from .conftest import CONNECTOR, known_config

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


def _raw_json(rest, method: str, text: str, query: str = ""):
    return rest.send("POST", f"/rest/{method}{query}", body=text.encode(), content_type=JSON)


@pytest.mark.parametrize(
    "text",
    [
        '{"auth": "\\ud800"}',
        '{"\\ud800": 1, "auth": "TOKEN"}',
        '{"auth": "TOKEN", "select": ["\\udc00"]}',
        '{"auth": "TOKEN", "fields": {"title": "\\ud800poison"}}',
    ],
)
def test_a_lone_surrogate_makes_the_body_undecodable_as_php_does(rest, text):
    # PHP's json_decode returns NULL, so the request has no parameters from its body at all.
    token = rest.portal.applications[0].access_token
    answer = _raw_json(rest, "biconnector.connector.list", text.replace("TOKEN", token))
    assert (answer.status, answer.error) == (401, "NO_AUTH_FOUND")


def test_a_surrogate_title_is_never_stored(rest):
    token = rest.portal.applications[0].access_token
    body = '{"fields": {"title": "\\ud800poison", "logo": "x"}}'
    added = _raw_json(rest, "biconnector.connector.add", body, f"?auth={token}")
    assert (added.status, added.error) == (200, "VALIDATION_FIELDS_NOT_PROVIDED")
    assert rest.call("biconnector.connector.list").status == 200
    assert rest.portal.count("connector") == 0


def test_a_paired_surrogate_escape_is_one_character(rest):
    token = rest.portal.applications[0].access_token
    fields = {**CONNECTOR, "title": "PLACEHOLDER"}
    text = json.dumps({"auth": token, "fields": fields}).replace("PLACEHOLDER", "\\ud83d\\ude00")
    created = _raw_json(rest, "biconnector.connector.add", text)
    item = rest.call("biconnector.connector.get", {"id": created.result["id"]}).result["item"]
    assert item["title"] == "\U0001f600"


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("select[]=a%0Ab", "select"),
        ("filter[a%0Ab]=1", "filter"),
        ("order[a%0Ab]=ASC", "order"),
    ],
)
def test_a_newline_in_a_list_field_name_is_repeated_as_it_came(rest, query, named):
    token = rest.portal.applications[0].access_token
    answer = rest.send("GET", f"/rest/biconnector.connector.list?auth={token}&{query}")
    assert (answer.status, answer.description) == (200, f'Field "a\nb" is not allowed in the "{named}".')


def test_a_newline_in_an_add_field_name_is_an_unknown_parameter(rest):
    token = rest.portal.applications[0].access_token
    answer = rest.send(
        "POST", "/rest/biconnector.connector.add", body=f"auth={token}&fields[a%0Ab]=1", content_type=FORM
    )
    assert (answer.status, answer.description) == (200, "Unknown parameters: a\nb")


class _CountingPattern:
    """Stands in for the integer-key pattern and counts how many keys parse_str looks at."""

    def __init__(self, pattern) -> None:
        self.pattern = pattern
        self.visits = 0

    def fullmatch(self, text: str):
        self.visits += 1
        return self.pattern.fullmatch(text)


def test_appending_to_a_form_array_looks_at_each_key_once(monkeypatch):
    counting = _CountingPattern(parse_str_module._INT_KEY)
    monkeypatch.setattr(parse_str_module, "_INT_KEY", counting)
    entries = 4000
    parsed = parse_str("&".join(["a[]=x"] * entries + ["b[7]=y", "b[]=z"]))
    assert len(parsed["a"]) == entries and parsed["b"] == {"7": "y", "8": "z"}
    # Scanning every key per append would look at about entries * entries / 2 keys.
    assert counting.visits <= 2 * (entries + 2)


def test_next_index_follows_php_after_explicit_and_negative_keys():
    assert parse_str("a[5]=x&a[]=y&a[-9]=z&a[]=w") == {"a": {"5": "x", "6": "y", "-9": "z", "7": "w"}}
    assert parse_str("a[-3]=x&a[]=y") == {"a": {"-3": "x", "0": "y"}}
    assert parse_str("a[x]=1&a[]=2") == {"a": {"x": "1", "0": "2"}}


@pytest.mark.parametrize(
    ("field", "limit"), [("title", 512), ("urlCheck", 2048), ("urlData", 2048), ("sourceCode", 64)]
)
def test_a_string_over_its_column_is_refused(rest, field, limit):
    fields = {**CONNECTOR, field: "h" * (limit + 1)}
    answer = rest.call("biconnector.connector.add", {"fields": fields})
    assert (answer.status, answer.error) == (400, "ERROR_ARGUMENT")
    assert answer.description == f'Expected field "{field}" of at most {limit} characters, got {limit + 1}.'
    assert rest.portal.count("connector") == 0
    assert rest.call("biconnector.connector.add", {"fields": {**CONNECTOR, field: "h" * limit}}).status == 200


def test_an_update_over_a_column_is_refused(rest, connector_id):
    answer = rest.call("biconnector.connector.update", {"id": connector_id, "fields": {"title": "t" * 513}})
    assert (answer.status, answer.error) == (400, "ERROR_ARGUMENT")
    item = rest.call("biconnector.connector.get", {"id": connector_id}).result["item"]
    assert item["title"] == CONNECTOR["title"]


def test_the_table_name_keeps_its_own_length_error(rest, table_fields):
    answer = rest.call("biconnector.table.add", {"fields": {**table_fields, "name": "n" * 231}})
    assert answer.error == "VALIDATION_DATASET_NAME_TOO_LONG"


def test_batch_references_are_bounded_in_total(rest):
    description = "d" * 10_000
    references = MAX_EXPANSION_CHARS // len(description) + 1
    cmd = {
        "add": "biconnector.connector.add?"
        + _php_query({"fields": {**CONNECTOR, "description": description}})
    }
    cmd["get"] = "biconnector.connector.get?id=$result[add][id]"
    cmd["use"] = "biconnector.connector.list?" + "&".join(
        f"filter[title][{n}]=$result[get][item][description]" for n in range(references)
    )
    answer = rest.call("batch", {"cmd": cmd})
    assert (answer.status, answer.error) == (400, "ERROR_BATCH_LENGTH_EXCEEDED")
    fewer = {**cmd, "use": cmd["use"].rsplit("&", 2)[0]}
    assert rest.call("batch", {"cmd": fewer}).status == 200


def _php_query(params):
    from .conftest import php_query

    return php_query(params)


@pytest.mark.http
@pytest.mark.parametrize("code", ["SECRET+CODE%41x", "a b?c#d", "ключ&=;"])
def test_the_printed_webhook_url_reaches_the_mock(code):
    portal = MockPortal(known_config(webhook_code=code.replace(" ", "_")))
    with serve(portal) as running:
        answer = httpx.get(f"{running.url}{portal.webhook_path}biconnector.connector.fields", timeout=5)
    assert answer.status_code == 200, answer.text
    assert answer.json()["result"]["fields"][0]["title"] == "id"
