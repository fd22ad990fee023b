"""The floor suite's client and clock: the bare loop's call, and the run's time from configure to end,
as a suite run's summary counts it."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conformance.client import Client, Target
from conformance.engine import bundled_mock
from conformance.mock import MockConfig

_SETTINGS = ("B24_FLOOR_SHAPE", "B24_FLOOR_RESULT", "B24_FLOOR_TARGET", "B24_FLOOR_TOKEN")
_clock = {"requests": 0}


def pytest_configure(config: pytest.Config) -> None:
    missing = [name for name in _SETTINGS if name not in os.environ]
    if missing:
        raise pytest.UsageError(
            f"the floor suite is run by bench/run.py (see bench/_floor.py); {', '.join(missing)} not set"
        )
    _clock["started"] = time.monotonic()


def pytest_unconfigure(config: pytest.Config) -> None:
    if "started" not in _clock:
        return
    result = {"requests": _clock["requests"], "duration_s": time.monotonic() - _clock["started"]}
    Path(os.environ["B24_FLOOR_RESULT"]).write_text(json.dumps(result), encoding="utf-8")


@pytest.fixture(scope="session")
def bare_call() -> Iterator[Callable[[int], None]]:
    """connector.get with an id, as the bare loop sends it, against B24_FLOOR_TARGET (a REST URL, or
    `in-process` for the bundled mock in this process)."""
    url, token = os.environ["B24_FLOOR_TARGET"], os.environ["B24_FLOOR_TOKEN"]
    if url == "in-process":
        target = Target.in_process(bundled_mock(MockConfig(access_token=token)), token)
    else:
        target = Target.parse(url, access_token=token)
    with Client(target) as client:

        def call(number: int) -> None:
            client.call("biconnector.connector.get", {"id": number % 50 + 1})
            _clock["requests"] += 1

        yield call
