"""The portal's form encoding: PHP's http_build_query, byte for byte (against php-cli where installed)."""

from __future__ import annotations

import json
import shutil
import subprocess
from urllib.parse import parse_qsl

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.connectorcheck import http_build_query


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"connection": {"login": "user", "password": "secret"}},
            "connection%5Blogin%5D=user&connection%5Bpassword%5D=secret",
        ),
        (
            {"table": "sales_2024", "limit": 100, "mapFields": {"deal_id": "Deal"}},
            "table=sales_2024&limit=100&mapFields%5Bdeal_id%5D=Deal",
        ),
        ({"select": ["A", "B"]}, "select%5B0%5D=A&select%5B1%5D=B"),
        ({"filter": {">=DATE": "31.05.2025 17:01:55"}}, "filter%5B%3E%3DDATE%5D=31.05.2025+17%3A01%3A55"),
        ({"filter": {"><x": [1, 2.5]}}, "filter%5B%3E%3Cx%5D%5B0%5D=1&filter%5B%3E%3Cx%5D%5B1%5D=2.5"),
        (
            {"f": {"0": {"LOGIC": "OR", "0": {"=a": "1"}}}},
            "f%5B0%5D%5BLOGIC%5D=OR&f%5B0%5D%5B0%5D%5B%3Da%5D=1",
        ),
        ({"a": True, "b": False, "c": None, "d": ""}, "a=1&b=0&d="),
        ({"s": "a b~c-d_e.f*g'h"}, "s=a+b%7Ec-d_e.f%2Ag%27h"),
        ({"s": "Ромашка & 東京"}, "s=%D0%A0%D0%BE%D0%BC%D0%B0%D1%88%D0%BA%D0%B0+%26+%E6%9D%B1%E4%BA%AC"),
        ({"f": 310.0, "g": 0.1, "h": -15}, "f=310&g=0.1&h=-15"),
        ({"empty": [], "searchString": ""}, "searchString="),
    ],
)
def test_encodes_as_http_build_query_does(data, expected):
    assert http_build_query(data) == expected


values = st.recursive(
    st.text(max_size=8) | st.integers(-(2**63), 2**63 - 1),
    lambda inner: (
        st.dictionaries(st.text(min_size=1, max_size=5), inner, max_size=3) | st.lists(inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=6), values, max_size=4))
def test_the_encoding_decodes_to_the_same_flat_pairs(data):
    pairs = parse_qsl(http_build_query(data), keep_blank_values=True)
    flat: list[tuple[str, str]] = []

    def walk(name: str, value):
        if isinstance(value, dict):
            for key, item in value.items():
                walk(f"{name}[{key}]", item)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(f"{name}[{index}]", item)
        else:
            flat.append((name, str(value)))

    for key, value in data.items():
        walk(key, value)
    assert pairs == flat


PHP = shutil.which("php")
SAMPLES = [
    {
        "table": "t",
        "select": ["a", "b c"],
        "filter": {"0": {"LOGIC": "OR", "0": {"><x": ["1", "2"]}}},
        "connection": {"token": "s~e c&r=e+t", "ÿ": "東京"},
        "limit": 5,
        "flag": True,
    },
    {"searchString": "", "connection": {"login": "u", "password": "p%20"}},
]


@pytest.mark.skipif(PHP is None, reason="php-cli is not installed")
@pytest.mark.parametrize("data", SAMPLES)
def test_agrees_with_php_cli_byte_for_byte(data):
    code = "echo http_build_query(json_decode(stream_get_contents(STDIN), true));"
    php = subprocess.run(
        [PHP, "-r", code], input=json.dumps(data), capture_output=True, text=True, check=True
    )
    assert http_build_query(data) == php.stdout


def _random_value(rng, depth: int = 0):
    roll = rng.random()
    if depth < 3 and roll < 0.25:
        return {_random_text(rng) or "k": _random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))}
    if depth < 3 and roll < 0.4:
        return [_random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    if roll < 0.55:
        return rng.choice([True, False, None, 0, -1, 2**63 - 1, -(2**63)])
    if roll < 0.75:
        return rng.choice(
            [
                0.1,
                310.0,
                -0.0,
                1e15,
                1e-5,
                2.5e-300,
                123456789012345.0,
                rng.uniform(-1e20, 1e20),
                rng.uniform(-1, 1),
                float(rng.randint(-(10**16), 10**16)),
            ]
        )
    return _random_text(rng)


def _random_text(rng) -> str:
    alphabet = "aZ09 ~-_.*'!()[]{}&=+%#?/\\\"\t\nüЖ東😀"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))


@pytest.mark.skipif(PHP is None, reason="php-cli is not installed")
def test_agrees_with_php_cli_on_300_random_forms():
    import random

    rng = random.Random(11)
    forms = [
        {_random_text(rng) or "k": _random_value(rng) for _ in range(rng.randint(1, 4))} for _ in range(300)
    ]
    code = (
        "$all = json_decode(stream_get_contents(STDIN), true);"
        "echo json_encode(array_map(fn($f) => http_build_query($f), $all));"
    )
    php = subprocess.run(
        [PHP, "-r", code], input=json.dumps(forms), capture_output=True, text=True, check=True
    )
    expected = json.loads(php.stdout)
    mismatched = [(f, e) for f, e in zip(forms, expected, strict=True) if http_build_query(f) != e]
    assert not mismatched, mismatched[:3]
