"""The id rule, row by row as the module answers it (PHP is_numeric and (int), JSON and form bodies)."""

from __future__ import annotations

import pytest

from conformance.contract import default_contract

MISSING = "VALIDATION_ID_NOT_PROVIDED"
INVALID = "VALIDATION_INVALID_ID_FORMAT"
INT64_MAX = 2**63 - 1
WRAPPED_1E20 = 7766279631452241920  # 1e20 modulo 2**64

# (JSON text of the id, None when absent) -> the error code, or the id that is looked up.
JSON_ROWS = [
    (None, MISSING),
    ("null", INVALID),
    ('""', INVALID),
    ("0", INVALID),
    ('"0"', INVALID),
    ("-3", INVALID),
    ('"-3"', INVALID),
    ("0.5", INVALID),
    ('"0.5"', INVALID),
    ("true", INVALID),
    ("false", INVALID),
    ("[1]", INVALID),
    ('{"a": 1}', INVALID),
    ('"abc"', INVALID),
    ('"5abc"', INVALID),
    ('"0x1A"', INVALID),
    ('"1_000"', INVALID),
    ('"\\u00a05"', INVALID),
    ("5", 5),
    ('"5"', 5),
    ("5.0", 5),
    ("5.9", 5),
    ('"5.9"', 5),
    ('" 5"', 5),
    ('"5 "', 5),
    ('"+5"', 5),
    ('"1e3"', 1000),
    ("9223372036854775807", INT64_MAX),
    ("9223372036854775808", INVALID),
    ("1.8446744073709552e19", INVALID),
    ("99999999999999999999", WRAPPED_1E20),
    ('"99999999999999999999"', INT64_MAX),
]

# The form body after auth=...; the same strings serve as query strings.
FORM_ROWS = [
    ("", MISSING),
    ("id=", INVALID),
    ("id=abc", INVALID),
    ("id[]=5", INVALID),
    ("id=0", INVALID),
    ("id=-1", INVALID),
    ("id=0x1A", INVALID),
    ("id=5", 5),
    ("id=+5", 5),
    ("id=%2B5", 5),
    ("id=%205", 5),
    ("id=5%20", 5),
    ("id=5.9", 5),
]


@pytest.fixture
def seeded(portal, rest, connector_id, connector_fields):
    """Connectors of the primary application at ids 1-5, 1000, 2**63-1 and 1e20 wrapped."""
    for _ in range(4):
        rest.call("biconnector.connector.add", {"fields": connector_fields})
    owner = portal.applications[0].client_id
    template = portal._store.find("connector", connector_id, owner).data
    for object_id in (1000, INT64_MAX, WRAPPED_1E20):
        portal._store.insert("connector", owner, template, object_id=object_id)
    return rest


def assert_outcome(answer, expected):
    if isinstance(expected, int):
        assert answer.result["item"]["id"] == expected
    else:
        assert answer.status == 200
        assert answer.error == expected, answer.body
        assert default_contract().module_errors[expected].describes(answer.description)


@pytest.mark.parametrize(("literal", "expected"), JSON_ROWS, ids=[str(r[0]) for r in JSON_ROWS])
def test_json_bodies(seeded, literal, expected):
    id_part = "" if literal is None else f', "id": {literal}'
    body = f'{{"auth": "{seeded.portal.applications[0].access_token}"{id_part}}}'
    answer = seeded.send(
        "POST", "/rest/biconnector.connector.get", body=body, content_type="application/json"
    )
    assert_outcome(answer, expected)


@pytest.mark.parametrize(("form", "expected"), FORM_ROWS, ids=[r[0] or "no-id" for r in FORM_ROWS])
def test_form_bodies(seeded, form, expected):
    body = f"auth={seeded.portal.applications[0].access_token}&{form}"
    content_type = "application/x-www-form-urlencoded"
    answer = seeded.send("POST", "/rest/biconnector.connector.get", body=body, content_type=content_type)
    assert_outcome(answer, expected)


@pytest.mark.parametrize(("query", "expected"), FORM_ROWS, ids=[r[0] or "no-id" for r in FORM_ROWS])
def test_query_strings(seeded, query, expected):
    token = seeded.portal.applications[0].access_token
    answer = seeded.send("GET", f"/rest/biconnector.connector.get?auth={token}&{query}")
    assert_outcome(answer, expected)


ID_METHODS = default_contract().id_methods()


@pytest.mark.parametrize("method", ID_METHODS, ids=[m.name for m in ID_METHODS])
@pytest.mark.parametrize(
    ("params", "expected"), [({}, MISSING), ({"id": "0x1A"}, INVALID), ({"id": None}, INVALID)]
)
def test_every_id_method_applies_the_rule(rest, method, params, expected):
    assert rest.call(method.name, params).error == expected


@pytest.mark.parametrize("method", ID_METHODS, ids=[m.name for m in ID_METHODS])
def test_an_unknown_id_is_not_found(rest, method):
    # update checks its fields before the lookup, so it gets a valid change to make.
    fields = {"fields": {"description": "x"}} if method.action == "update" else {}
    answer = rest.call(method.name, {"id": "77", **fields})
    assert answer.error == method.not_found_code
    assert method.documents(answer.error)
