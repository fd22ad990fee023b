"""ConnectorApp: the four endpoints a BIconnector connector points at, over a sample table."""

from __future__ import annotations

import hmac
import json
import re
from collections.abc import Iterable
from typing import Any

from werkzeug.wrappers import Request, Response

from ._sample import TABLES, SampleTable

ENDPOINTS = ("check", "table_list", "table_description", "data")
_BRACKETED = re.compile(r"([^\[\]]+)\[([^\[\]]*)\]")


class ConnectorApp:
    """A WSGI app answering urlCheck, urlTableList, urlTableDescription and urlData.

    The endpoint is the last path segment (…/check, …/table_list, …/table_description, …/data),
    so any prefix works. Requests are form-encoded POSTs with connection[code]=value; when token
    is set, connection[token] must equal it, and any other request is refused with HTTP 401.
    """

    def __init__(self, token: str | None = None) -> None:
        if token is not None and not token:
            raise ValueError("Expected a non-empty token or None (accept any), got ''")
        self.token = token

    def __repr__(self) -> str:
        return f"ConnectorApp(token={'set' if self.token else None})"

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        """The WSGI entry point."""
        return self._respond(Request(environ))(environ, start_response)

    def _respond(self, request: Request) -> Response:
        endpoint = request.path.rstrip("/").rsplit("/", 1)[-1]
        if endpoint not in ENDPOINTS:
            return _json(404, {"error": f"Expected a path ending in one of {', '.join(ENDPOINTS)}"})
        if request.method != "POST":
            return _json(405, {"error": f"Expected POST, got {request.method}"}, {"Allow": "POST"})
        form = _nested(request.form.items(multi=True))
        connection = form.get("connection")
        if not isinstance(connection, dict):
            connection = {}
        if self.token is not None and not _same(connection.get("token"), self.token):
            return _json(401, {"error": "Expected connection[token] to be the configured token"})
        if endpoint == "check":
            return _json(200, {"status": "ok"})
        if endpoint == "table_list":
            search = str(form.get("searchString") or "").casefold()
            found = [
                t for t in TABLES.values() if search in t.code.casefold() or search in t.title.casefold()
            ]
            return _json(200, [{"code": t.code, "title": t.title} for t in found])
        table = TABLES.get(str(form.get("table") or ""))
        if table is None:
            return _json(404, {"error": f"Expected table to be one of {', '.join(TABLES)}"})
        if endpoint == "table_description":
            return _json(200, table.describe())
        return _json(200, _data(table, form))


def _data(table: SampleTable, form: dict[str, Any]) -> list[list[Any]]:
    """The urlData answer: a header row of codes, then the rows that pass filter, cut to limit."""
    mapped = form.get("mapFields") if isinstance(form.get("mapFields"), dict) else {}
    # A column is known by its code or by the name mapFields gives it in the portal.
    aliases = {c.code: c.code for c in table.columns} | {name: code for code, name in mapped.items()}
    select = form.get("select")
    wanted = [aliases[s] for s in _values(select) if s in aliases] if select is not None else []
    codes = wanted or [c.code for c in table.columns]
    positions = {c.code: i for i, c in enumerate(table.columns)}
    filters = form.get("filter") if isinstance(form.get("filter"), dict) else {}
    conditions = [(positions[aliases[k]], v) for k, v in filters.items() if k in aliases]
    rows = [r for r in table.rows if all(str(r[i]) in _values(v) for i, v in conditions)]
    limit = str(form.get("limit") or "")
    if limit.isdigit():
        rows = rows[: int(limit)]
    return [codes, *([row[positions[code]] for code in codes] for row in rows)]


def _values(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [str(v) for v in value.values()]
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def _nested(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """One bracket level of PHP's form notation: a[k]=v into a dict, a[]=v into a list."""
    form: dict[str, Any] = {}
    for key, value in pairs:
        match = _BRACKETED.fullmatch(key)
        if match is None:
            form[key] = value
            continue
        name, index = match.groups()
        if index:
            container = form.get(name)
            form[name] = {**(container if isinstance(container, dict) else {}), index: value}
        else:
            container = form.get(name)
            form[name] = [*(container if isinstance(container, list) else []), value]
    return form


def _same(given: Any, expected: str) -> bool:
    return isinstance(given, str) and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def _json(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    text = json.dumps(body, ensure_ascii=False)
    return Response(text, status=status, headers=headers, content_type="application/json; charset=utf-8")
