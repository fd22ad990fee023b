"""expect_list: the module's order and exact texts, from a FACTS table; the mock agrees on generated calls."""

from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.client import Client, Target
from conformance.contract import default_contract
from conformance.inputs import LIST_CLASSES, ListCase, list_params
from conformance.mock import MockPortal
from conformance.oracle import expect_list
from conformance.outcome import SUCCESS, Outcome

LISTS = default_contract().list_methods()
CODES = {cls.name: cls.code for cls in LIST_CLASSES}


def _expect(entity, params, encoding="json", auth="oauth"):
    method = default_contract().method(f"biconnector.{entity}.list")
    return expect_list(method, ListCase("list.test", encoding, params), auth=auth)


def _field(where, name):
    return f'Field "{name}" is not allowed in the "{where}".'


# (entity, params, code, exact error_description): FACTS "List" and 0.2, written out by hand
TABLE = [
    ("connector", {}, None, None),
    (
        "connector",
        {"select": ["*"], "filter": {">=id": 1, "logic": "or"}, "order": {"id": "desc"}},
        None,
        None,
    ),
    ("connector", {"select": "id"}, "VALIDATION_SELECT_TYPE", 'Parameter "select" must be array.'),
    ("connector", {"filter": "id"}, "VALIDATION_FILTER_TYPE", 'Parameter "filter" must be array.'),
    ("connector", {"order": "id"}, "VALIDATION_ORDER_TYPE", 'Parameter "order" must be array.'),
    # the three type checks come before any contents
    (
        "connector",
        {"select": ["foo"], "order": 5},
        "VALIDATION_ORDER_TYPE",
        'Parameter "order" must be array.',
    ),
    ("source", {"select": ["id", "ID"]}, "VALIDATION_FIELD_NOT_ALLOWED_IN_SELECT", _field("select", "ID")),
    (
        "table",
        {"select": ["csvDelimiter"]},
        "VALIDATION_FIELD_NOT_ALLOWED_IN_SELECT",
        _field("select", "csvDelimiter"),
    ),
    (
        "source",
        {"select": ["Title"], "filter": {"foo": 1}},
        "VALIDATION_FIELD_NOT_ALLOWED_IN_SELECT",
        _field("select", "Title"),
    ),
    (
        "source",
        {"filter": {"title": "x", "!%foo": 1}},
        "VALIDATION_FIELD_NOT_ALLOWED_IN_FILTER",
        _field("filter", "foo"),
    ),
    (
        "source",
        {"filter": {"0": {"id": 1, ">=bar": 2}}},
        "VALIDATION_FIELD_NOT_ALLOWED_IN_FILTER",
        _field("filter", "bar"),
    ),
    (
        "source",
        {"filter": [{"id": 1}, {"logic": "XOR"}]},
        "VALIDATION_INVALID_FILTER_LOGIC",
        'Field "logic" must be either "AND" or "OR".',
    ),
    ("source", {"filter": {"logic": "and", "0": {"logic": "Or", "@id": [1, 2]}}}, None, None),
    ("source", {"filter": {"0": 5}}, None, None),  # a numeric key with a numeric value passes
    (
        "source",
        {"filter": {"foo": 1}, "order": {"ID": "ASC"}},
        "VALIDATION_FIELD_NOT_ALLOWED_IN_FILTER",
        _field("filter", "foo"),
    ),
    ("table", {"order": {"!id": "ASC"}}, "VALIDATION_FIELD_NOT_ALLOWED_IN_ORDER", _field("order", "!id")),
    (
        "table",
        {"order": {"foo": "UP", "id": "ASC"}},
        "VALIDATION_FIELD_NOT_ALLOWED_IN_ORDER",
        _field("order", "foo"),
    ),
    ("table", {"order": {"id": "asc", "name": "upwards"}}, "ERROR_ARGUMENT", 'Invalid order "UPWARDS"'),
    (
        "dataset",
        {"order": {"id": "Descending"}, "page": 2, "start": 7},
        "ERROR_ARGUMENT",
        'Invalid order "DESCENDING"',
    ),
    ("dataset", {"page": 3, "start": 100}, None, None),
]


@pytest.mark.parametrize(("entity", "params", "code", "text"), TABLE)
def test_the_module_answers_what_facts_say(entity, params, code, text):
    expectation = _expect(entity, params)
    assert not expectation.diverges
    assert expectation.module == Outcome(code)
    assert expectation.module.description == text


def test_form_bodies_are_read_as_php_reads_them():
    assert (
        _expect("connector", {"select": ["id"], "order": {"id": "desc"}, "page": "2"}, "form").module
        == SUCCESS
    )
    assert _expect("connector", {"filter": {"0": {"@id": ["1", "2"]}}}, "form").module == SUCCESS
    # an empty list vanishes from a form body: the default select
    assert _expect("connector", {"select": []}, "form").module == SUCCESS


def test_webhook_calls_are_denied_before_anything_else():
    outcome = _expect("source", {"select": "id"}, auth="webhook").module
    assert outcome == Outcome("ACCESS_DENIED") and outcome.description == "Access denied."


def test_only_list_methods_and_known_auths_are_taken():
    with pytest.raises(ValueError, match="Expected a list method"):
        expect_list(default_contract().method("biconnector.connector.get"), ListCase("c", "json", {}))
    with pytest.raises(ValueError, match="auth"):
        _expect("connector", {}, auth="basic")


@cache
def _strategy(name, encoding):
    return list_params(default_contract().method(name), encoding=encoding)


@pytest.mark.parametrize("encoding", ["json", "form"])
@pytest.mark.parametrize("method", LISTS, ids=lambda m: m.name)
@settings(max_examples=25, deadline=None, database=None)
@given(data=st.data())
def test_every_generated_call_gets_its_class_code_with_a_documented_text(method, encoding, data):
    case = data.draw(_strategy(method.name, encoding))
    outcome = expect_list(method, case).module
    assert outcome.code == CODES[case.input_class], f"{case.input_class}: {case.params!r} -> {outcome}"
    if outcome.code == "ERROR_ARGUMENT":
        assert outcome.description.startswith('Invalid order "')
    elif outcome.code is not None:
        assert method.error(outcome.code).describes(outcome.description), outcome.description


@pytest.fixture(scope="module")
def mock_client():
    portal = MockPortal()
    with Client(Target.in_process(portal, portal.applications[0].access_token)) as client:
        yield client


@pytest.mark.parametrize("encoding", ["json", "form", "query"])
@pytest.mark.parametrize("method", LISTS, ids=lambda m: m.name)
@settings(max_examples=15, deadline=None, database=None)
@given(data=st.data())
def test_the_mock_reads_the_facts_the_same_way(mock_client, method, encoding, data):
    # two independent readings of the same facts: they must agree on code and text
    case = data.draw(_strategy(method.name, encoding))
    body = mock_client.call(method.name, case.params, encoding=encoding).response.json
    error = (
        body if "error" in body else body["result"].get("error") if isinstance(body["result"], dict) else None
    )
    expected = expect_list(method, case).module
    if expected.is_success:
        assert error is None, f"{case.params!r}: {error}"
    else:
        assert error == {"error": expected.code, "error_description": expected.description}, case.params
