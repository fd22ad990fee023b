"""http_build_query against what PHP's http_build_query writes (expected strings written from PHP's rules)."""

from __future__ import annotations

from urllib.parse import unquote_plus

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.client import http_build_query


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ""),
        ({"id": 5}, "id=5"),
        ({"id": "5"}, "id=5"),
        # null is left out at any depth; an empty string is kept
        ({"foo": "bar", "null": None, "php": "hypertext processor"}, "foo=bar&php=hypertext+processor"),
        ({"id": ""}, "id="),
        ({"a": True, "b": False}, "a=1&b=0"),
        # only letters, digits and -_. stay as they are; ~ is escaped (urlencode, RFC 1738)
        ({"q": "a-b_c.d~e f+g&h=i/j"}, "q=a-b_c.d%7Ee+f%2Bg%26h%3Di%2Fj"),
        ({"title": "Отчёт"}, "title=%D0%9E%D1%82%D1%87%D1%91%D1%82"),
        ({"id": " 5"}, "id=+5"),
        # nested keys: brackets encoded, lists indexed from 0, keys encoded too
        ({"fields": {"title": "x"}}, "fields%5Btitle%5D=x"),
        ({"a": {"b": [{"c": "x"}]}}, "a%5Bb%5D%5B0%5D%5Bc%5D=x"),
        ({"select": ["id", "title"]}, "select%5B0%5D=id&select%5B1%5D=title"),
        ({"filter": {">id": 3}}, "filter%5B%3Eid%5D=3"),
        ({"id": [5]}, "id%5B0%5D=5"),
        # empty arrays produce nothing
        ({"select": [], "id": 1}, "id=1"),
        ({"a": {"b": {}}}, ""),
        ({0: "zero", 1: "one"}, "0=zero&1=one"),
        # integers of any size are written exactly
        ({"id": 2**64}, "id=18446744073709551616"),
        ({"id": -3}, "id=-3"),
    ],
)
def test_matches_php(params, expected):
    assert http_build_query(params) == expected


@given(st.text())
def test_any_text_is_written_with_only_php_s_kept_characters_and_reads_back(text):
    written = http_build_query({"q": text}).removeprefix("q=")
    assert set(written) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.+%")
    assert unquote_plus(written) == text


def test_the_php_manual_example():
    params = {
        "user": {"name": "Bob Smith", "age": 47, "sex": "M", "dob": "5/12/1956"},
        "pastimes": ["golf", "opera", "poker", "rap"],
        "children": {"bobby": {"age": 12, "sex": "M"}, "sally": {"age": 8, "sex": "F"}},
        0: "CEO",
    }
    assert http_build_query(params) == (
        "user%5Bname%5D=Bob+Smith&user%5Bage%5D=47&user%5Bsex%5D=M&user%5Bdob%5D=5%2F12%2F1956"
        "&pastimes%5B0%5D=golf&pastimes%5B1%5D=opera&pastimes%5B2%5D=poker&pastimes%5B3%5D=rap"
        "&children%5Bbobby%5D%5Bage%5D=12&children%5Bbobby%5D%5Bsex%5D=M"
        "&children%5Bsally%5D%5Bage%5D=8&children%5Bsally%5D%5Bsex%5D=F&0=CEO"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # PHP turns a float into text with precision=14 and writes exponents as 1.0E+25
        (0.5, "0.5"),
        (1.0, "1"),
        (0.1 + 0.2, "0.3"),
        (1e14, "1.0E%2B14"),
        (1e13, "10000000000000"),
        (1e-5, "1.0E-5"),
        (0.0001, "0.0001"),
        (-2.5e-7, "-2.5E-7"),
        (float("inf"), "INF"),
    ],
)
def test_floats_are_written_as_php_writes_them(value, expected):
    assert http_build_query({"x": value}) == f"x={expected}"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"a": {"b": b"raw"}},
            r"Expected str, int, float, bool, None, list or dict values .*got bytes at a\[b\]",
        ),
        ({"a": {1.5: "x"}}, r"Expected str or int keys in the params, got float 1.5 at a"),
        (["id", 5], r"Expected a mapping of parameters, got list"),
    ],
)
def test_unencodable_params_are_refused_with_the_place(params, message):
    with pytest.raises(TypeError, match=message):
        http_build_query(params)
