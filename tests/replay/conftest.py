"""What the replay tests share: an edit for tests/conftest.py's RewrittenAnswers, and a valid connector."""

from __future__ import annotations


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
