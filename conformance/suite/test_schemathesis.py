"""Schemathesis' positive and negative generation and its stateful links, held to the suite's checks."""

from __future__ import annotations

import pytest

from conformance.contract import default_contract

pytestmark = pytest.mark.b24

# One test per operation, driven by the bridge rather than schemathesis.pytest.from_fixture: the lazy
# loader rewrites Node._nodeid, which pytest 9.2 no longer has, and the schema needs the session's
# target, so it cannot be loaded at import time for schema.parametrize().
OPERATIONS = sorted(default_contract().methods)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_schemathesis_operation(b24_stbridge, operation):
    if operation not in b24_stbridge.operations():
        pytest.skip("a read-only run sends no add, update or delete")
    failure = b24_stbridge.fuzz_operation(operation)
    if failure is not None:
        raise failure  # its findings are recorded already; raised, the plugin knows them as findings


def test_schemathesis_stateful(b24_stbridge, b24_config):
    if b24_config.read_only:
        pytest.skip("a read-only run sends no add or delete, and the links start at add")
    failure = b24_stbridge.stateful()
    if failure is not None:
        raise failure
