"""module_id against every row of FACTS section 2a, and the PHP pieces it is built from."""

import json
import math

import pytest

from conformance.inputs import MISSING
from conformance.oracle import documented_id, module_id
from conformance.oracle._php import float_to_int, is_numeric, json_decode_number, numeric_string_to_int

INVALID = None

# (JSON body, what the module does), one row per body of section 2a.
JSON_ROWS = [
    ("{}", "missing"),
    *[
        (f'{{"id":{literal}}}', INVALID)
        for literal in (
            "null", '""', "0", '"0"', "-3", '"-3"', "0.5", '"0.5"', "true", "false", "[1]", '{"a":1}',
            '"abc"', '"5abc"', '"0x1A"', '"1_000"', '"\\u00a05"',
        )
    ],
    *[(f'{{"id":{literal}}}', 5) for literal in ("5", '"5"', "5.0", "5.9", '"5.9"', '" 5"', '"5 "', '"+5"')],
    ('{"id":"1e3"}', 1000),
    ('{"id":9223372036854775807}', 9223372036854775807),
    ('{"id":9223372036854775808}', INVALID),
    ('{"id":1.8446744073709552e19}', INVALID),
    ('{"id":99999999999999999999}', 7766279631452241920),
    ('{"id":"99999999999999999999"}', 9223372036854775807),
]  # fmt: skip

# (form value as parse_str leaves it, what the module does).
FORM_ROWS = [
    (MISSING, "missing"),
    ("", INVALID),
    ("abc", INVALID),
    (["5"], INVALID),
    ("0", INVALID),
    ("-1", INVALID),
    ("0x1A", INVALID),
    ("5", 5),
    ("+5", 5),
    (" 5", 5),
    ("5 ", 5),
    ("5.9", 5),
]


@pytest.mark.parametrize(("body", "expected"), JSON_ROWS, ids=[body for body, _ in JSON_ROWS])
def test_module_id_matches_facts_for_json_bodies(body, expected):
    params = json.loads(body)
    value = params.get("id", MISSING)
    assert module_id(value, "json") == expected, f"body {body}"


@pytest.mark.parametrize(("value", "expected"), FORM_ROWS, ids=[repr(v) for v, _ in FORM_ROWS])
@pytest.mark.parametrize("encoding", ["form", "query"])
def test_module_id_matches_facts_for_form_bodies(value, expected, encoding):
    assert module_id(value, encoding) == expected


@pytest.mark.parametrize(
    ("text", "numeric"),
    [
        ("5", True), (" \t\n\r\x0b\x0c5", True), ("5 \t\n\r\x0b\x0c", True), ("+5", True), ("-5", True),
        ("5.", True), (".5", True), ("-.5e-3", True), ("1.5E+3", True), ("007", True),
        ("", False), (" ", False), (".", False), ("+", False), ("1e", False), ("1e+", False), ("e3", False),
        ("5 5", False), ("+ 5", False), ("--5", False), ("5..0", False), ("1.5e3.0", False),
        ("0x1A", False), ("0b1", False), ("1_000", False), ("\u00a05", False), ("5\u00a0", False),
        ("٥", False), ("５", False), ("5\x00", False), ("inf", False), ("NAN", False),
    ],
)  # fmt: skip
def test_is_numeric_follows_php_8(text, numeric):
    assert is_numeric(text) is numeric, repr(text)


def test_is_numeric_of_non_strings():
    assert is_numeric(5) and is_numeric(0.0) and is_numeric(-3)
    assert not any(is_numeric(v) for v in (None, True, False, [5], {"a": 5}))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9223372036854775807", 2**63 - 1), ("9223372036854775808", 2**63 - 1),
        ("-9223372036854775808", -(2**63)),
        ("-9223372036854775809", -(2**63)), ("000000000000000000000000042", 42), ("1e19", 2**63 - 1),
        ("-1e19", -(2**63)), ("1e1000", 0), ("-1e1000", 0), ("1.7e1", 17), ("170e-1", 17), ("5.", 5),
        (" -0.9 ", 0), ("9.9e-1", 0), ("+.5e1", 5),
    ],
)  # fmt: skip
def test_numeric_strings_saturate(text, expected):
    assert numeric_string_to_int(text) == expected


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (5.9, 5), (-5.9, -5), (-0.0, 0), (2.0**63, -(2**63)), (-(2.0**63), -(2**63)), (2.0**64, 0),
        (1e20, 7766279631452241920), (-1e20, -7766279631452241920), (-(2.0**64) + 2**62 * 1.0, 2**62),
        (2.0**64 + 2.0**12, 4096), (math.inf, 0), (-math.inf, 0), (math.nan, 0),
    ],
)  # fmt: skip
def test_floats_wrap_modulo_2_64(number, expected):
    assert float_to_int(number) == expected


def test_json_decode_turns_integers_beyond_64_bits_into_floats():
    assert json_decode_number(2**63 - 1) == 2**63 - 1 and isinstance(json_decode_number(2**63 - 1), int)
    assert json_decode_number(-(2**63)) == -(2**63) and isinstance(json_decode_number(-(2**63)), int)
    assert json_decode_number(2**63) == 2.0**63 and isinstance(json_decode_number(2**63), float)
    assert json_decode_number(-(2**63) - 1) == -(2.0**63)
    assert json_decode_number(10**400) == math.inf and json_decode_number(-(10**400)) == -math.inf


def test_module_id_of_json_numbers_past_the_float_range_is_invalid():
    assert module_id(10**400, "json") is INVALID


@pytest.mark.parametrize("encoding", ["form", "query"])
@pytest.mark.parametrize("value", [5, 5.0, None, True])
def test_form_values_must_be_strings_lists_or_dicts(value, encoding):
    with pytest.raises(TypeError, match=r"Expected a string, list or dict.*got"):
        module_id(value, encoding)
    with pytest.raises(TypeError, match=r"Expected a string, list or dict"):
        documented_id(value, encoding)


def test_unknown_encoding_and_non_json_values_are_refused():
    with pytest.raises(ValueError, match="Expected an encoding among json, form, query; got 'xml'"):
        module_id("5", "xml")
    with pytest.raises(ValueError, match="JSON can carry"):
        module_id(math.nan, "json")
    with pytest.raises(TypeError, match="Expected a JSON value"):
        module_id((5,), "json")
