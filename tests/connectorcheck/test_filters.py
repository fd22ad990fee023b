"""Filters in the ORM dialect: the suite's reading, and the reference app's SQL reading held to it."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from werkzeug.test import Client

from conformance.connector_app import TABLES, ConnectorApp
from conformance.connectorcheck import draw_filters, http_build_query, matches
from conformance.connectorcheck._strategies import orm_filters

FORM = "application/x-www-form-urlencoded"
APP = ConnectorApp(token="t")
CLIENT = Client(APP)
TYPES = {"n": "int", "s": "string", "d": "datetime", "m": "money"}


def rows_of(table: str, filter_=None) -> list[list]:
    form = {"table": table, "filter": filter_, "connection": {"token": "t"}}
    response = CLIENT.post("/data", data=http_build_query(form), content_type=FORM)
    assert response.status_code == 200, response.get_data(as_text=True)
    return json.loads(response.get_data())


def suite_rows(table: str, filter_) -> list[list]:
    full = rows_of(table)
    types = {c.code: c.type for c in TABLES[table].columns}
    return [row for row in full[1:] if matches(filter_, dict(zip(full[0], row, strict=True)), types)]


@pytest.mark.parametrize(
    ("filter_", "row", "expected"),
    [
        ({">=n": "5"}, {"n": 5}, True),
        ({">n": "5"}, {"n": 5}, False),
        ({"><n": ["1", "5"]}, {"n": 5}, True),
        ({"=n": ["1", "2"]}, {"n": 2}, True),
        ({"!=n": "2"}, {"n": None}, False),
        ({"%s": "OMA"}, {"s": "Ромашка" + "oma"}, True),
        ({"!%s": "x"}, {"s": None}, False),
        ({"<d": "05.01.2026 09:30:01"}, {"d": "2026-01-05T09:30:00+02:00"}, True),
        ({"0": {"LOGIC": "OR", "=n": "1", "=s": "a"}}, {"n": 2, "s": "a"}, True),
        ({"0": {"LOGIC": "AND", "=n": "1", "=s": "a"}}, {"n": 2, "s": "a"}, False),
        ({">=m": "10"}, {"m": "1 250,50"}, True),
    ],
)
def test_the_suite_reads_the_dialect(filter_, row, expected):
    assert matches(filter_, row, TYPES) is expected


@pytest.mark.parametrize("table", list(TABLES))
def test_the_drawn_filters_pass_some_rows_and_not_others(table):
    full = rows_of(table)
    columns = TABLES[table].describe()
    records = [dict(zip(full[0], r, strict=True)) for r in full[1:]]
    drawn = draw_filters(random.Random(7), columns, records)
    assert len(drawn) >= 6
    picky = [label for label, f in drawn if 0 < len(suite_rows(table, f)) < len(records)]
    assert len(picky) >= len(drawn) // 2, picky


@pytest.mark.parametrize("table", list(TABLES))
def test_the_app_and_the_suite_agree_on_generated_filters(table):
    full = rows_of(table)
    records = [dict(zip(full[0], r, strict=True)) for r in full[1:]]

    @settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(orm_filters(columns=TABLES[table].describe(), rows=records))
    def agree(filter_):
        answer = rows_of(table, filter_)
        assert sorted(map(json.dumps, answer[1:])) == sorted(map(json.dumps, suite_rows(table, filter_)))

    agree()
