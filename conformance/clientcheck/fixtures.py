"""The b24_portal pytest fixture for a client team's own tests, as a module of its own.

The package's pytest plugin provides the same fixture to every run where the package is installed;
this module is for a run without the plugin (`-p no:b24_conformance`): enable it with
`pytest_plugins = ["conformance.clientcheck.fixtures"]` in the root conftest.py (or `pytest -p
conformance.clientcheck.fixtures`). Each test gets a fresh LivePortal: a mock on a free loopback port
with .url, .token, .access, .scenario(name), .requests, .script and .assert_contract().
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ._live import LivePortal


@pytest.fixture
def b24_portal() -> Iterator[LivePortal]:
    """A live mock portal for one test, stopped after it."""
    with LivePortal() as portal:
        yield portal
