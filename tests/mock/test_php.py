"""The mock's PHP emulation: is_numeric, (int), (string), json_decode and parse_str."""

from __future__ import annotations

import math

import pytest

from conformance.mock._parse_str import MAX_NESTING, parse_str
from conformance.mock._php import INT64_MAX, INT64_MIN, is_numeric, json_decode, to_int, to_str

NUMERIC = [
    5,
    5.0,
    -3,
    0,
    "5",
    " 5",
    "5 ",
    "\t\n5\r\v\f",
    "+5",
    "-5",
    "5.",
    ".5",
    "1e3",
    "1E-3",
    "007",
    "-.5e+2",
]
NOT_NUMERIC = [
    True, False, None, [], {}, [1], "", " ", ".", "+", "e3", "1e", "0x1A", "1_000", "5abc", "\u00a05",
    "٥", "inf", "NAN", "5 5", "+-5", "1e3.5",
]  # fmt: skip


@pytest.mark.parametrize("value", NUMERIC, ids=repr)
def test_numeric_values(value):
    assert is_numeric(value)


@pytest.mark.parametrize("value", NOT_NUMERIC, ids=repr)
def test_values_that_are_not_numeric(value):
    assert not is_numeric(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, 0),
        (True, 1),
        (False, 0),
        (5.9, 5),
        (-5.9, -5),
        (math.inf, 0),
        (math.nan, 0),
        (2.0**63, INT64_MIN),
        (2.0**64, 0),
        (1e20, 7766279631452241920),
        (-1e20, -7766279631452241920),
        (2**64 + 5, 5),
        ("5.9", 5),
        (" 5 ", 5),
        ("+5", 5),
        ("1e3", 1000),
        ("5abc", 5),
        ("abc", 0),
        ("1e", 1),
        ("99999999999999999999", INT64_MAX),
        ("-99999999999999999999", INT64_MIN),
        ("1e30", INT64_MAX),
        ("-1e30", INT64_MIN),
        ("1e400", 0),
        ("9223372036854775807", INT64_MAX),
        ([], 0),
        ({"a": 1}, 1),
    ],
    ids=repr,
)
def test_int_cast(value, expected):
    assert to_int(value) == expected


def test_int_cast_refuses_what_php_has_no_value_for():
    with pytest.raises(TypeError, match="Expected a PHP-like value"):
        to_int(object())


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (True, "1"),
        (False, ""),
        (7, "7"),
        (5.0, "5"),
        (0.5, "0.5"),
        (-0.0, "-0"),
        (1e20, "1.0E+20"),
        (1.5e-7, "1.5E-7"),
        (123456789012345.0, "1.2345678901234E+14"),
        (math.inf, "INF"),
        (-math.inf, "-INF"),
        (math.nan, "NAN"),
        ("x", "x"),
        ([1], "Array"),
    ],
    ids=repr,
)
def test_string_cast(value, expected):
    assert to_str(value) == expected


def test_json_decode_turns_integers_beyond_64_bits_into_floats():
    decoded = json_decode(b'{"a": 9223372036854775807, "b": 9223372036854775808, "c": -9223372036854775809}')
    assert decoded == {"a": INT64_MAX, "b": 2.0**63, "c": -(2.0**63)}
    assert isinstance(decoded["a"], int) and isinstance(decoded["b"], float)


@pytest.mark.parametrize("text", [b"NaN", b'{"a": Infinity}', b"\xff", b"{"])
def test_json_decode_rejects_what_php_cannot_decode(text):
    with pytest.raises(ValueError):
        json_decode(text)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("a=1&b=2", {"a": "1", "b": "2"}),
        ("a", {"a": ""}),
        ("a=1&a=2", {"a": "2"}),
        ("=x&&b=1", {"b": "1"}),
        ("a=x+y%20z%2", {"a": "x y z%2"}),
        ("a%5Bb%5D=1", {"a": {"b": "1"}}),
        (
            "fields[title]=x&fields[settings][0][code]=y",
            {"fields": {"title": "x", "settings": [{"code": "y"}]}},
        ),
        ("id[]=5", {"id": ["5"]}),
        ("id[]=5&id[]=6", {"id": ["5", "6"]}),
        ("id[a]=1", {"id": {"a": "1"}}),
        ("a[2]=x&a[]=y", {"a": {"2": "x", "3": "y"}}),
        ("a[1]=x&a[0]=y", {"a": {"1": "x", "0": "y"}}),
        ("a[ ]=1", {"a": ["1"]}),
        ("a[ b]=1", {"a": {" b": "1"}}),
        ("a[b[c]=1", {"a": {"b[c": "1"}}),
        ("a[b]junk=1", {"a": {"b": "1"}}),
        ("a[b][c=1", {"a": {"b": "1"}}),
        ("a[b=1", {"a_b": "1"}),
        ("a[b.c d=1", {"a_b_c_d": "1"}),
        ("a.b c=1", {"a_b_c": "1"}),
        ("a.b[c.d]=1", {"a_b": {"c.d": "1"}}),
        ("  a=1", {"a": "1"}),
        ("[a]=1", {}),
        ("a%00b=1", {"a": "1"}),
        ("a=1&a[x]=2", {"a": {"x": "2"}}),
        ("a[x]=1&a=2", {"a": "2"}),
        ("a[x]=1&a[x][y]=2", {"a": {"x": {"y": "2"}}}),
        ("0=a&1=b", {"0": "a", "1": "b"}),
        ("t=%E2%82%AC%FF", {"t": "€\ufffd"}),
    ],
)
def test_parse_str(query, expected):
    assert parse_str(query) == expected


def test_parse_str_drops_variables_nested_too_deep():
    deep = "a" + "[x]" * (MAX_NESTING + 1) + "=1"
    allowed = "a" + "[x]" * MAX_NESTING + "=1"
    assert parse_str(deep) == {}
    assert parse_str(allowed) != {}


def test_parse_str_reads_bytes_and_wsgi_text_alike():
    assert parse_str(b"t=%C3%A9") == parse_str("t=%C3%A9") == {"t": "é"}
