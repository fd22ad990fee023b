"""matching(): strings a schema's pattern fully matches, within a length, drawn from the pattern's parts."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.contract import default_schema_dir
from conformance.inputs._patterns import Part, matching, simple_parts

SIMPLE = (
    r"^[a-z][a-z0-9_]*$",
    r"^[A-Z][A-Z0-9_]*$",
    r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$",
    r"^rest_\d+$",
    r"[0-9]{0,3}[1-9]",
    r"^a\.b?c{2,}\w$",
)
# alternation, groups, negated classes, a dot, a lazy quantifier, an escape inside a class: from_regex
FROM_REGEX = (r"^(a|b)$", r"^(ab)+$", r"^[^a]+$", r"^a.b$", r"^a*?$", r"^[\d_]+$")
# \s too, though blanks alone never pass the no-blanks-at-the-ends rule, so nothing is drawn from it
NOT_SIMPLE = (*FROM_REGEX, r"^\s+$")


def _schema_patterns(value: object) -> list[str]:
    if isinstance(value, dict):
        own = [value["pattern"]] if isinstance(value.get("pattern"), str) else []
        return own + [p for item in value.values() for p in _schema_patterns(item)]
    if isinstance(value, list):
        return [p for item in value for p in _schema_patterns(item)]
    return []


@pytest.mark.parametrize("pattern", SIMPLE + FROM_REGEX)
@settings(max_examples=60, deadline=None, database=None)
@given(limit=st.integers(19, 30), data=st.data())
def test_every_string_fully_matches_and_fits(pattern, limit, data):
    text = data.draw(matching(pattern, limit))
    assert re.fullmatch(pattern, text), f"{text!r} does not fully match {pattern}"
    assert len(text) <= limit, f"{text!r} is longer than {limit}"
    assert text.strip() == text


@pytest.mark.parametrize("pattern", SIMPLE)
def test_simple_patterns_are_read_into_parts(pattern):
    assert simple_parts(pattern)


@pytest.mark.parametrize("pattern", NOT_SIMPLE)
def test_other_patterns_are_left_to_from_regex(pattern):
    assert simple_parts(pattern) is None


def test_a_pattern_is_read_into_alphabets_and_counts():
    assert simple_parts(r"^[a-c][x-z0_]*\d{2,4}\.?$") == (
        Part("abc", 1, 1),
        Part("xyz0_", 0, None),
        Part("0123456789", 2, 4),
        Part(".", 0, 1),
    )


def test_an_escaped_dollar_is_a_literal_not_an_anchor():
    assert simple_parts(r"^a\$") == (Part("a", 1, 1), Part("$", 1, 1))


def test_every_pattern_a_fields_payload_draws_is_simple():
    # the fast path is the one the suite's draws take: a pattern it cannot read should be noticed
    root = default_schema_dir()
    files = [root / "types.json", *sorted((root / "fields").glob("*.json"))]
    patterns = {p for path in files for p in _schema_patterns(json.loads(path.read_text(encoding="utf-8")))}
    assert len(patterns) >= 3, patterns
    hard = sorted(p for p in patterns if simple_parts(p) is None)
    assert hard == [], f"patterns left to from_regex: {hard}"


def test_a_pattern_longer_than_the_limit_is_refused():
    with pytest.raises(ValueError, match=r"at most 5 characters; .* needs at least 8"):
        matching(r"^[a-z]{8}$", 5)
