"""The list methods: parameter checks, pages of 50, select, filter and order."""

from __future__ import annotations

import pytest

from conformance.contract import default_contract

CONNECTOR_LIST = "biconnector.connector.list"
SOURCE_LIST = "biconnector.source.list"


@pytest.fixture
def three(rest, connector_fields):
    """Connectors 1-3 titled Gamma, alpha, Beta with sort 30, 10, 20; only alpha has a description."""
    for title, sort in (("Gamma", 30), ("alpha", 10), ("Beta", 20)):
        fields = {**connector_fields, "title": title, "sort": sort}
        if title == "alpha":
            fields["description"] = "About alpha"
        rest.call("biconnector.connector.add", {"fields": fields})
    return rest


def ids(answer):
    return [item["id"] for item in answer.result]


def test_pages_hold_50_and_start_is_ignored(rest, connector_fields):
    for _ in range(51):
        rest.call("biconnector.connector.add", {"fields": connector_fields})
    first = rest.call(CONNECTOR_LIST)
    assert ids(first) == list(range(1, 51))
    assert default_contract().method(CONNECTOR_LIST).result_errors(first.result) == []
    assert ids(rest.call(CONNECTOR_LIST, {"page": 2})) == [51]
    assert ids(rest.call(CONNECTOR_LIST, {"page": "2"}, encoding="form")) == [51]
    assert ids(rest.call(CONNECTOR_LIST, {"page": 3})) == []
    assert ids(rest.call(CONNECTOR_LIST, {"start": 50})) == ids(first)
    for silly in (0, -1, "abc", None):
        assert ids(rest.call(CONNECTOR_LIST, {"page": silly})) == ids(first)
    assert set(first.body) == {"result", "time"}


def test_select_keeps_the_named_fields(three):
    answer = three.call(CONNECTOR_LIST, {"select": ["title", "id"]})
    assert answer.result == [
        {"title": "Gamma", "id": 1},
        {"title": "alpha", "id": 2},
        {"title": "Beta", "id": 3},
    ]
    everything = three.call(CONNECTOR_LIST, {"select": ["*"]}).result
    assert everything == three.call(CONNECTOR_LIST).result


def test_source_select_of_settings_only_has_no_id(rest, source_id):
    assert rest.call(SOURCE_LIST, {"select": ["settings"]}).result == [
        {"settings": [{"id": 1, "code": "token", "name": "Token", "type": "STRING", "value": "s3cret"}]}
    ]


def test_source_dates_named_in_select_come_out_unformatted(rest, source_id):
    item = rest.call(SOURCE_LIST, {"select": ["id", "dateCreate", "dateUpdate"]}).result[0]
    assert item == {"id": 1, "dateCreate": {}, "dateUpdate": {}}
    assert isinstance(rest.call(SOURCE_LIST).result[0]["dateCreate"], str)


def test_connector_dates_named_in_select_stay_formatted(rest, connector_id):
    item = rest.call(CONNECTOR_LIST, {"select": ["dateCreate"]}).result[0]
    assert isinstance(item["dateCreate"], str)


@pytest.mark.parametrize(
    ("filter_", "expected"),
    [
        ({"id": 2}, [2]),
        ({"=id": "2"}, [2]),
        ({"title": "beta"}, [3]),
        ({"!title": "Beta"}, [1, 2]),
        ({"@id": [1, 3]}, [1, 3]),
        ({"!@id": [1, 3]}, [2]),
        ({">sort": 10}, [1, 3]),
        ({"<=sort": "20"}, [2, 3]),
        ({"%title": "ET"}, [3]),
        ({"=%title": "%a"}, [1, 2, 3]),
        ({"=%title": "a%"}, [2]),
        ({"logic": "or", "id": 1, "title": "Beta"}, [1, 3]),
        ({"sort": 20, "0": {"logic": "OR", "id": 1, "title": "Beta"}}, [3]),
        ({"settings": "ignored"}, [1, 2, 3]),
        ({"id": [2, 3]}, [2, 3]),
        ({"description": None}, [1, 3]),
        ({"id": "abc"}, []),
        ({">id": [1]}, []),
        ({">description": "a"}, [2]),
        ({"description": "about ALPHA"}, [2]),
    ],
)
def test_filter(three, filter_, expected):
    assert ids(three.call(CONNECTOR_LIST, {"filter": filter_})) == expected


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ({"id": "DESC"}, [3, 2, 1]),
        ({"title": "asc"}, [2, 3, 1]),
        ({"sort": "Desc"}, [1, 3, 2]),
        ({"settings": "ASC", "id": "DESC"}, [3, 2, 1]),
        ({"description": "ASC", "id": "DESC"}, [3, 1, 2]),
        ({"description": "DESC", "id": "ASC"}, [2, 1, 3]),
    ],
)
def test_order(three, order, expected):
    assert ids(three.call(CONNECTOR_LIST, {"order": order})) == expected


def test_source_active_filters_as_a_boolean(rest, source_id):
    assert ids(rest.call(SOURCE_LIST, {"filter": {"active": "Y"}})) == [1]
    assert ids(rest.call(SOURCE_LIST, {"filter": {"active": False}})) == []


@pytest.mark.parametrize(
    ("params", "code", "description"),
    [
        ({"select": "id"}, "VALIDATION_SELECT_TYPE", 'Parameter "select" must be array.'),
        ({"filter": "id"}, "VALIDATION_FILTER_TYPE", 'Parameter "filter" must be array.'),
        ({"order": "id"}, "VALIDATION_ORDER_TYPE", 'Parameter "order" must be array.'),
        ({"order": "id", "select": ["nope"]}, "VALIDATION_ORDER_TYPE", None),
        (
            {"select": ["id", "nope"]},
            "VALIDATION_FIELD_NOT_ALLOWED_IN_SELECT",
            'Field "nope" is not allowed in the "select".',
        ),
        (
            {"select": [1]},
            "VALIDATION_FIELD_NOT_ALLOWED_IN_SELECT",
            'Field "1" is not allowed in the "select".',
        ),
        ({"select": ["ID"]}, "VALIDATION_FIELD_NOT_ALLOWED_IN_SELECT", None),
        (
            {"filter": {">=nope": 1}},
            "VALIDATION_FIELD_NOT_ALLOWED_IN_FILTER",
            'Field "nope" is not allowed in the "filter".',
        ),
        ({"filter": {"0": {"bad": 1}}}, "VALIDATION_FIELD_NOT_ALLOWED_IN_FILTER", None),
        # an empty key is a field name like any other (found by schemathesis: the mock used to crash)
        (
            {"filter": {"": 1}},
            "VALIDATION_FIELD_NOT_ALLOWED_IN_FILTER",
            'Field "" is not allowed in the "filter".',
        ),
        (
            {"order": {"": "ASC"}},
            "VALIDATION_FIELD_NOT_ALLOWED_IN_ORDER",
            'Field "" is not allowed in the "order".',
        ),
        (
            {"filter": ["title"]},
            "VALIDATION_FIELD_NOT_ALLOWED_IN_FILTER",
            'Field "0" is not allowed in the "filter".',
        ),
        (
            {"filter": {"logic": "XOR"}},
            "VALIDATION_INVALID_FILTER_LOGIC",
            'Field "logic" must be either "AND" or "OR".',
        ),
        ({"filter": {"0": {"logic": 1}}}, "VALIDATION_INVALID_FILTER_LOGIC", None),
        (
            {"order": {"nope": "ASC"}},
            "VALIDATION_FIELD_NOT_ALLOWED_IN_ORDER",
            'Field "nope" is not allowed in the "order".',
        ),
        ({"order": {"nope": "UP"}}, "VALIDATION_FIELD_NOT_ALLOWED_IN_ORDER", None),
    ],
)
def test_list_parameter_errors(rest, params, code, description):
    answer = rest.call(SOURCE_LIST, params)
    assert answer.status == 200
    assert answer.error == code, answer.body
    assert default_contract().method(SOURCE_LIST).error(code).describes(answer.description)
    if description is not None:
        assert answer.description == description


def test_filter_allows_a_numeric_key_with_a_numeric_value(rest, source_id):
    assert ids(rest.call(SOURCE_LIST, {"filter": {"0": 5}})) == [1]


@pytest.mark.parametrize(("direction", "shown"), [("upwards", "UPWARDS"), ("", ""), (5, "5"), ([1], "ARRAY")])
def test_a_bad_order_direction_fails_at_the_root_with_400(rest, direction, shown):
    answer = rest.call(CONNECTOR_LIST, {"order": {"id": direction}})
    assert (answer.status, answer.error) == (400, "ERROR_ARGUMENT")
    assert answer.description == f'Invalid order "{shown}"'
    assert answer.envelope_errors("framework-error") == []
