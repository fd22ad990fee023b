"""What scenarios send: method names and a connector the portal accepts."""

from __future__ import annotations

FIELDS = "biconnector.connector.fields"
GET = "biconnector.connector.get"
ADD = "biconnector.connector.add"
LIST = "biconnector.connector.list"

CONNECTOR = {
    "title": "client-check connector",
    "logo": "https://connector.invalid/logo.png",
    "urlCheck": "https://connector.invalid/check",
    "urlTableList": "https://connector.invalid/tables",
    "urlTableDescription": "https://connector.invalid/describe",
    "urlData": "https://connector.invalid/data",
    "settings": [{"code": "token", "name": "Token", "type": "STRING"}],
}


def connector(title: str) -> dict:
    """The sample connector's fields with title."""
    return {**CONNECTOR, "title": title}


PAGE = 50  # items a list answers per page
