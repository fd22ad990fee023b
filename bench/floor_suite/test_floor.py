"""One test per test of a suite run, each a Hypothesis run of as many examples as that test sent
requests (none: skipped), each example the bare loop's one call. Nothing is drawn that costs, nothing
is checked: what is left is what pytest, Hypothesis and pytest-html cost per test and per example."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, seed
from hypothesis import strategies as st

# the suite's own Hypothesis settings, so that each example pays what one of the suite's pays
from conformance.suite._shared import _settings as suite_settings

SHAPE = json.loads(Path(os.environ["B24_FLOOR_SHAPE"]).read_text(encoding="utf-8"))


@pytest.mark.parametrize("requests", SHAPE)
def test_floor(bare_call, requests):
    if not requests:
        pytest.skip("the suite's test sent nothing")

    @seed(1)
    @suite_settings(requests, False)
    @given(st.integers(min_value=0))  # unbounded: Hypothesis never runs out of new examples
    def probe(number):
        bare_call(number)

    probe._hypothesis_internal_database_key = None  # as the suite's tests: no database key worked out
    probe()
