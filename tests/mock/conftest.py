"""Fixtures for the mock's tests: a portal with known credentials and an in-process REST caller."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pytest
from werkzeug.test import Client

from conformance.contract import default_contract
from conformance.engine import bundled_mock
from conformance.mock import MockConfig, MockPortal

PRIMARY = "primary-token"
FOREIGN = "foreign-token"
HOOK = "hookcode"


@dataclass(frozen=True)
class Answer:
    """One response of the mock, with the parsed body."""

    status: int
    content_type: str
    body: Any

    @property
    def error(self) -> str | None:
        """The error code, nested or at the root; None for a success."""
        if not isinstance(self.body, dict):
            return None
        result = self.body.get("result")
        if isinstance(result, dict) and isinstance(result.get("error"), dict):
            return result["error"]["error"]
        return self.body.get("error")

    @property
    def description(self) -> str | None:
        """The error_description, nested or at the root."""
        result = self.body.get("result")
        if isinstance(result, dict) and isinstance(result.get("error"), dict):
            return result["error"]["error_description"]
        return self.body.get("error_description")

    @property
    def result(self) -> Any:
        """The result of a success; fails the test on an error."""
        assert self.status == 200 and self.error is None, f"Expected a success, got {self.status} {self.body}"
        return self.body["result"]

    def envelope_errors(self, kind: str) -> list[str]:
        """Why the body breaks the contract's envelope of kind (empty when it fits)."""
        return [e.message for e in default_contract().envelope(kind).iter_errors(self.body)]


def php_query(params: dict[str, Any]) -> str:
    """http_build_query: nested arrays as fields[settings][0][code]=x."""
    pairs: list[tuple[str, str]] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict | list):
            entries = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in entries:
                walk(f"{prefix}[{key}]", item)
        elif isinstance(value, bool):
            pairs.append((prefix, "1" if value else "0"))
        else:
            pairs.append((prefix, str(value)))

    for name, value in params.items():
        walk(name, value)
    return "&".join(f"{quote(k, safe='[]')}={quote(v, safe='')}" for k, v in pairs)


class Rest:
    """Calls the portal in-process the way a client would, by encoding."""

    def __init__(self, portal: MockPortal) -> None:
        self.portal = portal
        self.client = Client(portal)

    def call(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        *,
        encoding: str = "json",
        token: str | None = None,
    ) -> Answer:
        """Send params with token (default: the primary application's; "" for none) as auth."""
        params = dict(params or {})
        token = self.portal.applications[0].access_token if token is None else token
        if token:
            params["auth"] = token
        path = f"/rest/{method}"
        if encoding == "json":
            return self.send("POST", path, body=json.dumps(params), content_type="application/json")
        if encoding == "form":
            content_type = "application/x-www-form-urlencoded"
            return self.send("POST", path, body=php_query(params), content_type=content_type)
        return self.send("GET", f"{path}?{php_query(params)}")

    @property
    def foreign(self) -> str:
        """The second application's token."""
        return self.portal.applications[1].access_token

    def hook(self, method: str, params: dict[str, Any] | None = None, *, code: str = HOOK) -> Answer:
        """Call through the webhook path /rest/1/CODE/METHOD with a JSON body."""
        body = json.dumps(params or {})
        return self.send("POST", f"/rest/1/{code}/{method}", body=body, content_type="application/json")

    def send(
        self,
        http_method: str,
        path: str,
        *,
        body: str | bytes = b"",
        content_type: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        """Send one raw request and parse the answer (the body as text when it is not JSON)."""
        response = self.client.open(
            path, method=http_method, data=body, content_type=content_type, headers=headers or {}
        )
        text = response.get_data(as_text=True)
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError:
            parsed = text
        return Answer(response.status_code, response.headers.get("Content-Type", ""), parsed)


CONNECTOR = {
    "title": "Warehouse",
    "logo": "https://example.com/logo.svg",
    "urlCheck": "https://connector.invalid/b24-conformance/check",
    "urlData": "https://example.com/data",
    "urlTableList": "https://example.com/tables",
    "urlTableDescription": "https://example.com/table",
    "settings": [{"code": "token", "name": "Token", "type": "STRING"}],
}


class FakeClock:
    """A portal clock that moves only when a test says so."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def known_config(**options: Any) -> MockConfig:
    """A config with fixed tokens and webhook code, and options on top."""
    return MockConfig(
        **{"access_token": PRIMARY, "second_access_token": FOREIGN, "webhook_code": HOOK, **options}
    )


@pytest.fixture
def portal() -> MockPortal:
    return bundled_mock(known_config())


@pytest.fixture
def rest(portal: MockPortal) -> Rest:
    return Rest(portal)


@pytest.fixture
def rest_for() -> Callable[..., Rest]:
    """Make a caller for a fresh bundled mock: rest_for(error_placement="root", url_check=...)."""
    return lambda **options: Rest(bundled_mock(known_config(**options)))


@pytest.fixture
def connector_fields() -> dict[str, Any]:
    """Valid fields for connector.add (a fresh copy each time)."""
    return copy.deepcopy(CONNECTOR)


@pytest.fixture
def connector_id(rest: Rest, connector_fields: dict[str, Any]) -> int:
    """A connector of the primary application."""
    return rest.call("biconnector.connector.add", {"fields": connector_fields}).result["id"]


@pytest.fixture
def source_id(rest: Rest, connector_id: int) -> int:
    """A source of the primary application, on connector_id."""
    fields = {"title": "Sales", "connectorId": connector_id, "settings": {"token": "s3cret"}}
    return rest.call("biconnector.source.add", {"fields": fields}).result["id"]


TABLE = {
    "sourceId": 1,
    "name": "sales_orders",
    "externalName": "Sales orders",
    "externalCode": "orders",
    "description": "Orders",
    "fields": [
        {"name": "ID", "externalCode": "order_id", "type": "int"},
        {"name": "CREATED", "externalCode": "created_at", "type": "datetime"},
    ],
}


@pytest.fixture
def table_fields(source_id: int) -> dict[str, Any]:
    """Valid fields for table.add on source_id (a fresh copy each time)."""
    return {**copy.deepcopy(TABLE), "sourceId": source_id}


@pytest.fixture
def table_id(rest: Rest, table_fields: dict[str, Any]) -> int:
    """A table of the primary application, on source_id."""
    return rest.call("biconnector.table.add", {"fields": table_fields}).result["id"]
