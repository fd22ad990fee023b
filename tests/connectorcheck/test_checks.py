"""Each connector check: one recording where it fires and one where it stays quiet."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest

from conformance.connectorcheck import (
    CONNECTOR_CHECKS,
    Budget,
    Call,
    ConnectorFinding,
    DataReader,
    DataRequest,
    Recording,
    acceptance,
    answer_time,
    bad_credentials,
    column_types,
    data_filter,
    data_header,
    data_limit,
    data_shape,
    row_width,
    table_description_shape,
    table_list_shape,
    transport,
    value_types,
)

COLUMNS = [
    {"code": "id", "name": "ID", "type": "int"},
    {"code": "who", "name": "Who", "type": "string"},
    {"code": "at", "name": "At", "type": "datetime"},
]
ROWS = [[1, "Ann", "2026-01-05 09:30:00"], [2, "Bob", None], [3, "Ann", "2026-02-01T10:00:00+02:00"]]


def answer(endpoint: str, body: Any, status: int = 200, **extra: Any) -> Call:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return Call(endpoint, "case", "http://connector.test/x", {}, status=status, body=raw, **extra)


def data(body: Any, status: int = 200, **request: Any) -> Call:
    call = answer("urlData", body, status, data=DataRequest("t", COLUMNS, **request))
    reader = DataReader({c["code"]: c["type"] for c in COLUMNS})
    reader.feed(call.body, final=True)
    call.answer = reader.answer
    return call


def recording(**parts: Any) -> Recording:
    rec = Recording(budget=Budget(connect_s=5, body_s=10))
    for key, value in parts.items():
        setattr(rec, key, value)
    return rec


def with_baseline(*calls: Call) -> Recording:
    return recording(data=[data([["id", "who", "at"], *ROWS]), *calls])


def names(found: list[ConnectorFinding]) -> list[str]:
    return [f.check for f in found]


# acceptance
@pytest.mark.parametrize(("status", "body"), [(200, b""), (200, b"0"), (401, b'{"ok":1}'), (500, b"x")])
def test_fires_acceptance(status, body):
    found = acceptance(recording(check=answer("urlCheck", body, status)))
    assert names(found) == ["acceptance"] and found[0].severity == "fail"


@pytest.mark.parametrize("body", [b"ok", b"00", b" ", b'{"status":"ERROR"}', b"false"])
def test_quiet_acceptance(body):
    assert acceptance(recording(check=answer("urlCheck", body))) == []


# bad-credentials
def test_fires_bad_credentials_on_a_200_status_error():
    found = bad_credentials(recording(bad_check=answer("urlCheck", {"status": "ERROR"})))
    assert names(found) == ["bad-credentials"]
    assert found[0].method == "urlCheck" and "wrong settings were accepted" in found[0].message


@pytest.mark.parametrize(("status", "body"), [(401, b'{"error":"no"}'), (200, b""), (200, b"0"), (403, b"")])
def test_quiet_bad_credentials(status, body):
    assert bad_credentials(recording(bad_check=answer("urlCheck", body, status))) == []


# transport
def test_fires_transport():
    refused = Call("urlTableList", "case", "http://127.0.0.1:9/t", {}, error="ConnectError")
    assert names(transport(recording(table_list=refused))) == ["transport"]


def test_quiet_transport():
    assert transport(recording(table_list=answer("urlTableList", []))) == []


# answer-time
def test_fires_answer_time_over_the_budget_and_warns_over_half():
    late = answer("urlData", [["id"]], elapsed_s=11.0, timed_out=True, error="too slow")
    slow = answer("urlCheck", "ok", elapsed_s=6.0)
    found = answer_time(recording(check=slow, data=[late]))
    assert sorted((f.severity, f.method) for f in found) == [("fail", "urlData"), ("warn", "urlCheck")]


def test_quiet_answer_time():
    assert answer_time(recording(check=answer("urlCheck", "ok", elapsed_s=4.9))) == []


# table-list-shape
@pytest.mark.parametrize(
    "body",
    [
        [{"code": "a", "title": ""}],
        [{"code": "0", "title": "T"}],
        [{"title": "T"}],
        {"code": "a", "title": "T"},
        [["a", "T"]],
        b"<html>oops</html>",
    ],
)
def test_fires_table_list_shape(body):
    assert names(table_list_shape(recording(table_list=answer("urlTableList", body)))) == ["table-list-shape"]


@pytest.mark.parametrize("body", [[], [{"code": "a", "title": "T"}, {"code": "b", "title": "B", "id": "x"}]])
def test_quiet_table_list_shape(body):
    assert table_list_shape(recording(table_list=answer("urlTableList", body))) == []


# table-description-shape
@pytest.mark.parametrize(
    "body",
    [
        [],
        [{"code": "a", "name": "A"}],
        [{"code": "a", "name": "", "type": "int"}],
        "x",
        [{"code": "a", "name": "A", "type": "int"}, {"code": "a", "name": "B", "type": "int"}],
    ],
)
def test_fires_table_description_shape(body):
    rec = recording(descriptions={"t": answer("urlTableDescription", body)})
    assert names(table_description_shape(rec)) == ["table-description-shape"]


def test_quiet_table_description_shape():
    rec = recording(descriptions={"t": answer("urlTableDescription", COLUMNS)})
    assert table_description_shape(rec) == []


# column-types
def test_fires_column_types_as_a_warning():
    rec = recording(
        descriptions={"t": answer("urlTableDescription", [{"code": "a", "name": "A", "type": "integer"}])}
    )
    found = column_types(rec)
    assert (
        names(found) == ["column-types"] and found[0].severity == "warn" and "'integer'" in found[0].observed
    )


def test_quiet_column_types_in_any_case():
    described = [{"code": "a", "name": "A", "type": "INT"}, {"code": "b", "name": "B", "type": "Timezone"}]
    assert column_types(recording(descriptions={"t": answer("urlTableDescription", described)})) == []


# data-shape
@pytest.mark.parametrize(
    ("body", "status"),
    [([{"id": 1}], 200), ({"rows": []}, 200), (b"<html></html>", 200), ([], 200), ([["id"]], 500)],
)
def test_fires_data_shape(body, status):
    assert names(data_shape(recording(data=[data(body, status)]))) == ["data-shape"]


def test_quiet_data_shape():
    assert data_shape(recording(data=[data([["id"], [1]]), data([["id"]])])) == []


# data-header
@pytest.mark.parametrize(
    ("body", "request_"),
    [
        ([[1, "Ann", None]], {}),
        ([["ID", "Who", "At"], [1, "Ann", None]], {}),
        ([["id", "id"]], {}),
        ([["id", "who"]], {"select": ["who", "id"]}),
        ([["id", "who", "at"]], {"select": ["who"]}),
    ],
)
def test_fires_data_header(body, request_):
    assert names(data_header(recording(data=[data(body, **request_)]))) == ["data-header"]


def test_quiet_data_header():
    rec = recording(data=[data([["at", "id"], [None, 1]]), data([["who", "id"]], select=["who", "id"])])
    assert data_header(rec) == []


# row-width
def test_fires_row_width():
    assert names(row_width(recording(data=[data([["id", "who"], [1, "a"], [2]])]))) == ["row-width"]


def test_quiet_row_width():
    assert row_width(recording(data=[data([["id", "who"], [1, "a"], [2, None]])])) == []


# data-limit
@pytest.mark.parametrize("rows", [[[1, "Ann", None]] * 3, []])
def test_fires_data_limit_on_too_many_and_too_few(rows):
    rec = with_baseline(data([["id", "who", "at"], *rows], select=["id", "who", "at"], limit=2))
    assert names(data_limit(rec)) == ["data-limit"]


def test_quiet_data_limit():
    rec = with_baseline(
        data([["id", "who", "at"], *ROWS[:2]], select=["id", "who", "at"], limit=2),
        data([["id", "who", "at"], *ROWS], limit=5),
    )
    assert data_limit(rec) == []


# value-types
@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("id", 1.5),
        ("id", "12a"),
        ("id", 9.007199254740992e15),
        ("at", "01/05/2026 09:30 AM"),
        ("at", 1767605400),
        ("who", ["a"]),
        ("id", True),
    ],
)
def test_fires_value_types(column, value):
    row = {"id": 1, "who": "x", "at": None, column: value}
    rec = recording(data=[data([["id", "who", "at"], [row["id"], row["who"], row["at"]]])])
    found = value_types(rec)
    assert names(found) == ["value-types"] and column in found[0].message


def test_quiet_value_types():
    rows = [
        [1, "x", "2026-01-05 09:30:00"],
        ["-7", 5, "05.01.2026 09:30:00"],
        [None, None, "2026-01-05T09:30:00Z"],
    ]
    assert value_types(recording(data=[data([["id", "who", "at"], *rows])])) == []


# data-filter
def test_fires_data_filter_when_the_rows_differ():
    wrong = data(
        [["id", "who", "at"], ROWS[0]], select=["id", "who", "at"], filter={"=who": "Bob"}, role="filter"
    )
    found = data_filter(with_baseline(wrong))
    assert names(found) == ["data-filter"] and "1 missing, 1 not passing" in found[0].message


def test_fires_data_filter_when_an_or_group_is_read_as_and():
    group = {"0": {"LOGIC": "OR", "0": {"=who": "Bob"}, "1": {"=id": "1"}}}
    wrong = data([["id", "who", "at"]], select=["id", "who", "at"], filter=group, role="filter")
    assert names(data_filter(with_baseline(wrong))) == ["data-filter"]


def test_quiet_data_filter_in_any_row_order():
    between = {"><at": ["05.01.2026 00:00:00", "01.02.2026 10:00:00"]}
    right = data(
        [["id", "who", "at"], ROWS[2], ROWS[0]], select=["id", "who", "at"], filter=between, role="filter"
    )
    assert data_filter(with_baseline(right)) == []


TESTS = Path(__file__).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", list(CONNECTOR_CHECKS))
def test_every_connector_check_has_a_firing_and_a_quiet_test(name):
    defined = {n.name for n in ast.parse(TESTS).body if isinstance(n, ast.FunctionDef)}
    snake = name.replace("-", "_")
    assert any(d.startswith(f"test_fires_{snake}") for d in defined), name
    assert any(d.startswith(f"test_quiet_{snake}") for d in defined), name


def test_a_finding_names_a_connector_check_with_one_of_its_severities():
    with pytest.raises(ValueError, match="Expected check to be one of"):
        ConnectorFinding("error-code", "fail", "urlData", "m")
    with pytest.raises(ValueError, match="Expected severity"):
        ConnectorFinding("column-types", "fail", "urlTableDescription", "m")


def test_public_api_is_what_all_names():
    import conformance.connectorcheck as module

    public = {name for name in dir(module) if not name.startswith(("_", "@"))}
    assert public == set(module.__all__)


def test_fires_data_filter_when_a_limited_filter_returns_a_row_that_fails_or_too_few():
    passing = {"=who": "Ann"}
    failing_row = data(
        [["id", "who", "at"], ROWS[1]], select=["id", "who", "at"], filter=passing, limit=1, role="filter"
    )
    too_few = data([["id", "who", "at"]], select=["id", "who", "at"], filter=passing, limit=1, role="filter")
    assert names(data_filter(with_baseline(failing_row))) == ["data-filter"]
    assert "fewer rows than limit" in data_filter(with_baseline(too_few))[0].message


def test_quiet_data_filter_on_any_limited_choice_of_passing_rows():
    passing = {"=who": "Ann"}
    for row in (ROWS[0], ROWS[2]):
        one = data(
            [["id", "who", "at"], row], select=["id", "who", "at"], filter=passing, limit=1, role="filter"
        )
        assert data_filter(with_baseline(one)) == []
