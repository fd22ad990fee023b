"""A tiny WSGI app that answers hand-made bodies, and bridges on the mock portal or wrapped versions of it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from conformance.client import Target
from conformance.contract import default_contract
from conformance.engine import Recorder, bundled_mock
from conformance.stbridge import Bridge

from ..conftest import RewrittenAnswers

TOKEN = "stbridge-test-token-5e1f"
TIME = {
    "start": 1725365418.056843,
    "finish": 1725365418.071506,
    "duration": 0.014662885665893555,
    "processing": 0.0134751701354980,
    "date_start": "2024-09-03T14:10:18+02:00",
    "date_finish": "2024-09-03T14:10:18+02:00",
}


def canned(body: Any, status: str = "200 OK", content_type: str = "application/json") -> Callable:
    """A WSGI app that answers every request with body (JSON-encoded unless bytes)."""

    def app(environ, start_response):
        environ["wsgi.input"].read()
        data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(data)))])
        return [data]

    return app


def rewriting(app: Callable, rewrite: Callable[[dict], dict]) -> Callable:
    """Middleware: the JSON answers of app passed through rewrite(body) -> body."""

    def edit(raw: bytes) -> bytes:
        try:
            return json.dumps(rewrite(json.loads(raw))).encode("utf-8")
        except ValueError:
            return raw

    return RewrittenAnswers(app, edit)


@pytest.fixture
def make_bridge():
    """bridge(app=None, **options): a bridge on app (default: a fresh faithful bundled mock)."""

    def make(app: Callable | None = None, *, token: str | None = None, **options: Any) -> Bridge:
        portal = bundled_mock()
        if app is None:
            app, token = portal, portal.applications[0].access_token
        options.setdefault("seed", 5)
        options.setdefault("examples", 3)
        target = Target.in_process(app, token or TOKEN)
        bridge = Bridge(default_contract(), target, Recorder(), **options)
        bridge.portal = portal  # type: ignore[attr-defined]
        return bridge

    return make
