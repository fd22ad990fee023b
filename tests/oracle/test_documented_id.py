"""documented_id: a JSON integer >= minimum or a string of ASCII digits, nothing else."""

import pytest

from conformance.inputs import MISSING
from conformance.oracle import documented_id


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5, 5), (5.0, 5), (1, 1), ("5", 5), ("007", 7), (2**63, 2**63), (2.0**64, 2**64),
        ("99999999999999999999", 99999999999999999999), (MISSING, "missing"),
        (0, None), (-3, None), (5.9, None), (0.5, None), ("5.9", None), ("5.0", None), (" 5", None),
        ("5 ", None), ("+5", None), ("1e3", None), ("0", None), ("-3", None), ("", None), (None, None),
        (True, None), (False, None), ([5], None), ({"id": 5}, None), ("٥", None), ("５", None),
    ],
)  # fmt: skip
def test_documented_id_of_json_values(value, expected):
    assert documented_id(value, "json") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("5", 5), ("007", 7), (MISSING, "missing"), ("", None), ("0", None), (" 5", None), ("+5", None),
     ("5.0", None), (["5"], None), ({"a": "5"}, None)],
)  # fmt: skip
def test_documented_id_of_form_values(value, expected):
    assert documented_id(value, "form") == expected


def test_documented_id_honours_the_minimum():
    assert documented_id(9, "json", minimum=10) is None
    assert documented_id("10", "query", minimum=10) == 10
    assert documented_id(10.0, "json", minimum=10) == 10
