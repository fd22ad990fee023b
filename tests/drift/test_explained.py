"""explained.json: loading, validation, matching, and the packaged file itself."""

from __future__ import annotations

import json

import pytest

from conformance.drift import KINDS, Drift, Explained, Explanation, load_explained


def write(tmp_path, data):
    path = tmp_path / "explained.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_the_packaged_file_loads_and_every_entry_is_reasoned():
    entries = load_explained().entries
    assert entries
    for entry in entries:
        assert entry.kind in KINDS
        assert len(entry.reason.split()) >= 8, f"{entry} needs a real reason, not a label"
        if entry.kind.startswith("method-"):
            assert entry.name == entry.method, f"{entry}: a method difference is named after its method"


def test_the_packaged_file_explains_no_difference_twice():
    keys = [(e.method, e.kind, e.name) for e in load_explained().entries]
    assert len(keys) == len(set(keys))


def test_a_file_entry_becomes_an_explanation(tmp_path):
    entry = {"method": "*", "kind": "description-differs", "name": "ERROR_ARGUMENT", "reason": "why"}
    assert load_explained(write(tmp_path, [entry])).entries == (Explanation(**entry),)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"method": "*"}, "Expected a list of explanations"),
        ([{"method": "*", "kind": "description-differs", "name": "X"}], "exactly the keys"),
        ([{"method": "*", "kind": "typo", "name": "X", "reason": "r"}], "got 'typo'"),
        ([{"method": "*", "kind": "description-differs", "name": "X", "reason": " "}], "['reason']"),
    ],
)
def test_a_malformed_file_says_what_was_expected(tmp_path, data, message):
    with pytest.raises(ValueError, match="Expected") as caught:
        load_explained(write(tmp_path, data))
    assert message in str(caught.value)


def test_a_file_that_is_not_json_is_refused(tmp_path):
    path = tmp_path / "explained.json"
    path.write_text("[{", encoding="utf-8")
    with pytest.raises(ValueError, match="Expected JSON in"):
        load_explained(path)


def test_a_star_method_covers_every_method_and_stale_entries_are_found():
    star = Explanation("*", "description-differs", "ERROR_ARGUMENT", "r1")
    stale = Explanation("biconnector.x.get", "error-code-not-in-docs", "ACCESS_DENIED", "r2")
    explained = Explained((star, stale))
    drift = Drift("biconnector.source.list", "description-differs", "ERROR_ARGUMENT", "d")
    assert explained.reason_for(drift) == "r1"
    assert explained.reason_for(Drift("biconnector.source.list", "description-differs", "OTHER", "d")) is None
    assert explained.unused([drift]) == [stale]
