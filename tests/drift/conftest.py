"""Fixtures of the drift tests: a fake b24restdocs tree and a small contract written for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.contract import Contract, load_contract

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def docs_root() -> Path:
    """The root of the fake docs checkout (three method pages)."""
    return FIXTURES / "b24restdocs"


@pytest.fixture(scope="session")
def small_contract() -> Contract:
    """A contract of connector.get, .list and .delete, built only for these tests."""
    return load_contract(FIXTURES / "schemas")
