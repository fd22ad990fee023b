"""What the replay tests share: a portal whose answers are rewritten on the way out."""

from __future__ import annotations

from collections.abc import Callable


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


def swap_invalid_for_missing(body: bytes) -> bytes:
    """VALIDATION_ID_NOT_PROVIDED wherever the portal said VALIDATION_INVALID_ID_FORMAT."""
    return body.replace(b"VALIDATION_INVALID_ID_FORMAT", b"VALIDATION_ID_NOT_PROVIDED")


def connector() -> dict:
    """The fields of a valid connector, as the suite makes them."""
    url = "https://connector.invalid/b24-conformance"
    return {
        "title": "b24c-abc connector",
        "logo": "data:image/svg+xml;base64,PHN2Zy8+",
        "urlCheck": f"{url}/check",
        "urlTableList": f"{url}/table_list",
        "urlTableDescription": f"{url}/table_description",
        "urlData": f"{url}/data",
        "settings": [{"code": "token", "name": "Token", "type": "STRING"}],
    }
