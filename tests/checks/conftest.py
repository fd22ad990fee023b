"""Hand-built exchanges for the checks: faithful module answers and ways to break them."""

from __future__ import annotations

import json
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from conformance.checks import CheckContext
from conformance.contract import Contract
from conformance.exchange import Exchange, Request, Response
from conformance.outcome import Expectation

JSON_TYPE = "application/json; charset=utf-8"

# The time block of a real answer (float start), and one with the module's truncated integer start.
FLOAT_TIME = {
    "start": 1725365418.056843,
    "finish": 1725365419.671506,
    "duration": 1.6146628856658936,
    "processing": 1.3475170135498047,
    "date_start": "2024-09-03T14:10:18+02:00",
    "date_finish": "2024-09-03T14:10:19+02:00",
}
INTEGER_START_TIME = {
    "start": 1789549489,
    "finish": 1789549489.125967,
    "duration": 0.12596702575683594,
    "processing": 0,
    "date_start": "2026-09-16T12:04:49+03:00",
    "date_finish": "2026-09-16T12:04:49+03:00",
}
CONNECTOR_ITEM = {
    "id": 5,
    "title": "REST connector",
    "dateCreate": "2025-03-24 07:25:59",
    "logo": "https://app.example/logo.png",
    "description": "Connector with token",
    "sort": 100,
    "urlCheck": "https://app.example/check",
    "urlData": "https://app.example/data",
    "urlTableList": "https://app.example/table_list",
    "urlTableDescription": "https://app.example/table_description",
    "settings": [{"name": "Token", "code": "token", "type": "STRING"}],
}
NOT_FOUND = {"error": "CONNECTOR_NOT_FOUND", "error_description": "Connector was not found."}
INVALID_ID = {
    "error": "VALIDATION_INVALID_ID_FORMAT",
    "error_description": "ID has to be a positive integer.",
}


def success(result: Any = None, time: dict | None = None) -> dict:
    """A success envelope of connector.get (or of result, when given)."""
    return {"result": {"item": CONNECTOR_ITEM} if result is None else result, "time": time or FLOAT_TIME}


def nested(error: dict = NOT_FOUND, time: dict | None = None) -> dict:
    """A method error as the real module places it: inside result, with time."""
    return {"result": {"error": error}, "time": time or FLOAT_TIME}


def root(error: dict = NOT_FOUND) -> dict:
    """A method error at the top level, as the seed documents show it."""
    return dict(error)


def framework(code: str = "QUERY_LIMIT_EXCEEDED", description: str = "Too many requests") -> dict:
    """A framework error body (root, no time)."""
    return {"error": code, "error_description": description}


def exchange(body: Any, status: int = 200, content_type: str = JSON_TYPE, method: str = "") -> Exchange:
    """An exchange of connector.get with id 5 answered by body (bytes are sent as they are)."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = Request(
        method=method or "biconnector.connector.get",
        http_method="POST",
        url="http://127.0.0.1:8080/rest/biconnector.connector.get",
        encoding="json",
        params={"id": 5},
        body=b'{"id": 5}',
        headers={"Content-Type": "application/json"},
    )
    return Exchange(request, Response.from_bytes(status, content_type, raw, 0.01))


@pytest.fixture(scope="session")
def answers() -> SimpleNamespace:
    """The builders and constants above, for test modules (importlib mode keeps conftest unimportable)."""
    return SimpleNamespace(
        FLOAT_TIME=FLOAT_TIME,
        INTEGER_START_TIME=INTEGER_START_TIME,
        CONNECTOR_ITEM=CONNECTOR_ITEM,
        NOT_FOUND=NOT_FOUND,
        INVALID_ID=INVALID_ID,
        success=success,
        nested=nested,
        root=root,
        framework=framework,
        exchange=exchange,
    )


@pytest.fixture
def make_ctx(contract: Contract) -> Callable[..., CheckContext]:
    """Build a CheckContext for a method of the bundled contract."""

    def build(
        method: str = "biconnector.connector.get",
        placement: str = "nested",
        expectation: Expectation | None = None,
        input_class: str | None = "id.unknown",
    ) -> CheckContext:
        return CheckContext(contract, contract.method(method), placement, expectation, input_class)

    return build


@pytest.fixture
def ctx(make_ctx: Callable[..., CheckContext]) -> CheckContext:
    """connector.get against a target that nests its method errors."""
    return make_ctx()
