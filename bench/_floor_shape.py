"""A pytest plugin for the bench's suite runs (`-p _floor_shape`): the requests each test sent, in order.

They are written as a JSON list to the file named by B24_BENCH_SHAPE when the run ends; `_floor.py`
builds a floor suite of the same shape from them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conformance.plugin import RECORDER

_sent: list[int] = []


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    recorder = item.config.stash[RECORDER]
    before = recorder.requests
    try:
        return (yield)
    finally:
        _sent.append(recorder.requests - before)


def pytest_unconfigure(config: pytest.Config) -> None:
    Path(os.environ["B24_BENCH_SHAPE"]).write_text(json.dumps(_sent), encoding="utf-8")
