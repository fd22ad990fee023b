"""Fixtures for the fault zoo's tests: twin mock portals in the same state, and an in-process caller."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from werkzeug.test import Client

from conformance.mock import MockConfig, MockPortal

PRIMARY = "primary-token"
FOREIGN = "foreign-token"
HOOK = "hookcode"
LOGO = "data:image/png;base64,AAAA"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")


@dataclass(frozen=True)
class Call:
    """One REST call: method, params, encoding, and who sends it (primary, foreign, webhook, nobody)."""

    method: str
    params: dict[str, Any]
    encoding: str = "json"
    who: str = "primary"


def connector_fields(title: str = "conn") -> dict[str, Any]:
    """A valid connector."""
    url = "https://connector.invalid/x"
    return {
        "title": title,
        "logo": LOGO,
        "description": "kept",
        "urlCheck": url,
        "urlTableList": url,
        "urlTableDescription": url,
        "urlData": url,
        "settings": [{"code": "token", "name": "Token", "type": "STRING"}],
    }


def new_portal(placement: str = "nested") -> MockPortal:
    """A portal with known credentials and, per application, a connector and a source (primary's are 1)."""
    portal = MockPortal(
        MockConfig(
            error_placement=placement,
            access_token=PRIMARY,
            second_access_token=FOREIGN,
            webhook_code=HOOK,
            url_check=lambda url, settings: True,
        )
    )
    for who in ("primary", "foreign"):
        send(portal, Call("biconnector.connector.add", {"fields": connector_fields()}, who=who))
    for who, connector in (("primary", 1), ("foreign", 2)):
        source = {"title": "src", "connectorId": connector, "settings": {"token": "secret"}}
        send(portal, Call("biconnector.source.add", {"fields": source}, who=who))
    return portal


def send(app: Callable[..., Any], call: Call) -> tuple[int, str, bytes]:
    """Send call to a WSGI app in-process; (status, content type, body)."""
    token = {"primary": PRIMARY, "foreign": FOREIGN, "nobody": "wrong-token"}.get(call.who)
    params = dict(call.params)
    path = f"/rest/1/{HOOK}/{call.method}" if call.who == "webhook" else f"/rest/{call.method}"
    if call.method.startswith("/"):
        path = call.method
    if token is not None:
        params["auth"] = token
    client = Client(app)
    if call.encoding == "json":
        response = client.post(path, data=json.dumps(params), content_type="application/json")
    else:
        response = client.post(path, data=_form(params), content_type="application/x-www-form-urlencoded")
    return response.status_code, response.headers.get("Content-Type", ""), response.get_data()


def _form(params: dict[str, Any]) -> str:
    pairs: list[tuple[str, str]] = []

    def add(name: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                add(f"{name}[{key}]", item)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                add(f"{name}[{index}]", item)
        else:
            pairs.append((name, str(value)))

    for key, value in params.items():
        add(key, value)
    return urlencode(pairs)


def normal(answer: tuple[int, str, bytes]) -> Any:
    """An answer with the clock taken out: time blocks become their facts, object dates a placeholder."""
    status, content_type, body = answer
    try:
        decoded = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return status, content_type, body
    return status, content_type, _without_clock(decoded)


def _without_clock(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _clock_free(key, item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_clock(item) for item in value]
    if isinstance(value, str) and _DATE.match(value):
        return "<date>"
    return value


def _clock_free(key: str, item: Any) -> Any:
    if key == "time":
        return _time_facts(item)
    if key == "result_time" and isinstance(item, dict):  # a batch's time block per command
        return {command: _time_facts(time) for command, time in item.items()}
    return _without_clock(item)


def _time_facts(time: Any) -> Any:
    if not isinstance(time, dict):
        return time
    facts: dict[str, Any] = {key: type(value).__name__ for key, value in time.items()}
    numbers = [time.get(k) for k in ("start", "finish", "duration", "processing")]
    if all(isinstance(n, int | float) for n in numbers):
        start, finish, duration, processing = numbers
        facts["ordered"] = finish >= start
        facts["duration fits"] = abs(finish - start - duration) < 0.5
        facts["processing fits"] = processing <= duration + 0.01
    facts["offsets"] = [str(time.get(k, ""))[19:] != "" for k in ("date_start", "date_finish")]
    return facts


@pytest.fixture
def twins() -> Callable[[str], tuple[MockPortal, MockPortal]]:
    """Two portals in the same state: one to fault, one to compare with."""
    return lambda placement="nested": (new_portal(placement), new_portal(placement))
