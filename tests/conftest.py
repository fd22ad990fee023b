"""What the tests of several parts share: the bundled contract, and answers rewritten on the way out.

A folder's conftest or test module reaches the helpers here with `from ..conftest import ...`.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conformance.contract import Contract, default_contract


@pytest.fixture(scope="session")
def contract() -> Contract:
    return default_contract()


class RewrittenAnswers:
    """WSGI middleware that passes every answer body through edit (bytes -> bytes), fixing its length."""

    def __init__(self, app, edit: Callable[[bytes], bytes]) -> None:
        self.app, self.edit = app, edit

    def __call__(self, environ, start_response):
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers

        body = self.edit(b"".join(self.app(environ, capture)))
        headers = [(k, v) for k, v in captured["headers"] if k.lower() != "content-length"]
        start_response(captured["status"], [*headers, ("Content-Length", str(len(body)))])
        return [body]
