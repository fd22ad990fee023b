"""The reference connector app: its four endpoints, the token check, and serving it over HTTP."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest
from werkzeug.test import Client

import conformance.connector_app as connector_app_module
from conformance.connector_app import TABLES, ConnectorApp, serve_connector

FORM = "application/x-www-form-urlencoded"


def post(app: ConnectorApp, path: str, pairs: list[tuple[str, str]]):
    response = Client(app).post(path, data=urlencode(pairs), content_type=FORM)
    return response.status_code, response.get_data(as_text=True)


def test_public_api_is_what_all_names():
    public = {name for name in dir(connector_app_module) if not name.startswith(("_", "@"))}
    assert public == set(connector_app_module.__all__)


def test_check_without_a_token_accepts_any_connection():
    status, body = post(ConnectorApp(), "/any/prefix/check", [("connection[login]", "u")])
    assert status == 200 and body


@pytest.mark.parametrize(
    ("pairs", "status"),
    [
        ([("connection[token]", "s3cret")], 200),
        ([("connection[token]", "s3cret"), ("connection[other]", "x")], 200),
        ([("connection[token]", "wrong")], 401),
        ([("connection[token]", "")], 401),
        ([("connection[login]", "s3cret")], 401),
        ([("connection", "s3cret")], 401),
        ([("connection[token][]", "s3cret")], 401),
        ([], 401),
    ],
)
def test_check_with_a_token_wants_exactly_it(pairs, status):
    assert post(ConnectorApp(token="s3cret"), "/check", pairs)[0] == status


def test_every_endpoint_refuses_a_wrong_token():
    app = ConnectorApp(token="t")
    for endpoint in connector_app_module.ENDPOINTS:
        assert post(app, f"/{endpoint}", [("table", "orders")])[0] == 401


def test_an_empty_token_is_refused_when_made():
    with pytest.raises(ValueError, match="Expected a non-empty token or None"):
        ConnectorApp(token="")


def test_unknown_paths_and_other_verbs_are_refused():
    client = Client(ConnectorApp())
    assert client.post("/nothing", data="", content_type=FORM).status_code == 404
    response = client.get("/check")
    assert (response.status_code, response.headers["Allow"]) == (405, "POST")
    assert json.loads(response.get_data())["error"] == "Expected POST, got GET"


@pytest.mark.parametrize(
    ("search", "codes"),
    [
        ("", ["orders", "customers", "events"]),
        ("ORD", ["orders"]),
        ("Orders", ["orders"]),
        ("клиенты", ["customers"]),
        ("nothing", []),
    ],
)
def test_table_list_selects_by_the_search_string(search, codes):
    status, body = post(ConnectorApp(), "/table_list", [("searchString", search)])
    assert status == 200
    listed = json.loads(body)
    assert [t["code"] for t in listed] == codes
    assert all(t["code"] and t["title"] for t in listed)


def test_table_description_lists_every_column_with_a_known_type():
    status, body = post(ConnectorApp(), "/table_description", [("table", "orders")])
    assert status == 200
    columns = json.loads(body)
    assert [c["code"] for c in columns] == ["order_id", "created_at", "customer", "amount"]
    assert {c["type"] for c in columns} <= {
        "int",
        "string",
        "double",
        "date",
        "datetime",
        "money",
        "timezone",
    }
    assert all(c["code"] and c["name"] for c in columns)


@pytest.mark.parametrize("endpoint", ["table_description", "data"])
def test_an_unknown_table_is_not_found(endpoint):
    assert post(ConnectorApp(), f"/{endpoint}", [("table", "missing")])[0] == 404


def data(pairs: list[tuple[str, str]]) -> list[list]:
    status, body = post(ConnectorApp(), "/data", [("table", "orders"), *pairs])
    assert status == 200
    return json.loads(body)


def test_data_without_options_is_a_header_row_then_every_row():
    rows = data([])
    table = TABLES["orders"]
    assert rows[0] == [c.code for c in table.columns]
    assert [tuple(r) for r in rows[1:]] == list(table.rows)


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        (
            [("select[]", "customer"), ("select[]", "order_id")],
            [["customer", "order_id"], ["Northwind", 1001]],
        ),
        ([("mapFields[order_id]", "ID"), ("select[]", "ID")], [["order_id"], [1001]]),
        ([("limit", "1"), ("select[]", "order_id")], [["order_id"], [1001]]),
        ([("filter[customer]", "Contoso"), ("select[]", "amount")], [["amount"], [310.0]]),
        (
            [("mapFields[customer]", "WHO"), ("filter[WHO]", "Contoso"), ("select[]", "order_id")],
            [["order_id"], [1002]],
        ),
    ],
)
def test_data_honours_select_map_fields_filter_and_limit(pairs, expected):
    assert data(pairs)[: len(expected)] == expected


def test_data_with_limit_zero_is_the_header_only():
    assert data([("limit", "0")]) == [[c.code for c in TABLES["orders"].columns]]


def test_served_over_http_and_stopped():
    with serve_connector(ConnectorApp(token="t")) as running:
        body = urlencode({"connection[token]": "t"}).encode()
        with urllib.request.urlopen(f"{running.url}/check", data=body, timeout=5) as response:
            assert response.status == 200 and response.read()
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{running.url}/check", data=b"connection[token]=x", timeout=5)
        refused.value.close()
        assert refused.value.code == 401
    assert "closed=True" in repr(running)


def test_serve_forever_prints_the_url_first_and_stops_on_sigterm():
    code = (
        "from conformance.connector_app import ConnectorApp, serve_connector_forever\n"
        "raise SystemExit(serve_connector_forever(ConnectorApp()))\n"
    )
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        first = child.stdout.readline().strip()
        assert first.startswith("listening on http://127.0.0.1:")
        url = first.removeprefix("listening on ")
        assert child.stdout.readline().strip() == f"urlCheck: {url}/check"
        with urllib.request.urlopen(f"{url}/check", data=b"", timeout=5) as response:
            assert response.status == 200
        child.terminate()
        assert child.wait(timeout=10) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()


def test_the_form_nests_as_php_reads_it():
    from conformance.connector_app._form import nested_form

    pairs = [("a[]", "1"), ("a[]", "2"), ("f[0][LOGIC]", "OR"), ("f[0][0][=x]", "1"), ("c[t]", "v")]
    assert nested_form(pairs) == {
        "a": {"0": "1", "1": "2"},
        "f": {"0": {"LOGIC": "OR", "0": {"=x": "1"}}},
        "c": {"t": "v"},
    }


@pytest.mark.parametrize(
    ("pairs", "ids"),
    [
        ([("filter[>=amount]", "310")], [1001, 1002, 1004]),
        ([("filter[><amount][0]", "87.25"), ("filter[><amount][1]", "310")], [1002, 1003]),
        ([("filter[=customer][0]", "Contoso"), ("filter[=customer][1]", "東京商事")], [1002, 1006]),
        ([("filter[%customer]", "РОМАШ")], [1004]),
        ([("filter[!%customer]", "north")], [1002, 1004, 1005, 1006]),
        ([("filter[!=amount]", "310")], [1001, 1003, 1004, 1006]),
        ([("filter[<created_at]", "06.01.2026 14:05:00")], [1001]),
        (
            [
                ("filter[0][LOGIC]", "OR"),
                ("filter[0][=order_id]", "1001"),
                ("filter[0][customer]", "Contoso"),
            ],
            [1001, 1002],
        ),
        (
            [
                ("filter[>order_id]", "1001"),
                ("filter[0][LOGIC]", "OR"),
                ("filter[0][0][<amount]", "0"),
                ("filter[0][1][%customer]", "north"),
            ],
            [1003, 1006],
        ),
    ],
)
def test_data_reads_the_orm_filter_dialect(pairs, ids):
    rows = data([*pairs, ("select[]", "order_id")])
    assert [r[0] for r in rows[1:]] == ids


def test_a_filter_on_an_unknown_field_is_refused():
    status, body = post(ConnectorApp(), "/data", [("table", "orders"), ("filter[>=nothing]", "1")])
    assert status == 400 and "Expected a filter on one of" in json.loads(body)["error"]


def test_the_backend_keeps_large_ids_nulls_and_non_ascii_text():
    status, body = post(ConnectorApp(), "/data", [("table", "customers")])
    assert status == 200
    rows = json.loads(body)
    assert rows[1][0] == 9007199254740993 and rows[2][2] is None and rows[3][1] == "Ромашка ООО"


def test_unknown_faults_are_refused_and_known_ones_change_the_answer():
    with pytest.raises(ValueError, match="Expected connector faults among"):
        ConnectorApp(faults=["nope"])
    planted = ConnectorApp(faults=["limit-off-by-one"])
    status, body = post(planted, "/data", [("table", "orders"), ("limit", "2")])
    assert status == 200 and len(json.loads(body)) == 1 + 3
    assert "limit-off-by-one" in repr(planted)
