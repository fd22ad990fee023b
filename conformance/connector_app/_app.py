"""ConnectorApp: the four endpoints a BIconnector connector points at, over an SQLite backend."""

from __future__ import annotations

import hmac
import json
import time
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from werkzeug.wrappers import Request, Response

from ._backend import Backend
from ._faults import CONNECTOR_FAULTS
from ._filter import FilterError, where_clause
from ._form import nested_form, values
from ._sample import SampleTable

ENDPOINTS = ("check", "table_list", "table_description", "data")
_UNKNOWN_TYPES = {"int": "integer", "string": "varchar", "datetime": "timestamp"}


class ConnectorApp:
    """A WSGI app answering urlCheck, urlTableList, urlTableDescription and urlData.

    The endpoint is the last path segment (…/check, …/table_list, …/table_description, …/data),
    so any prefix works. Requests are form-encoded POSTs with connection[code]=value; when token
    is set, connection[token] must equal it, and any other request is refused with HTTP 401.
    faults plants contract breaks by name (CONNECTOR_FAULTS); slow_s is how long slow-body stalls.
    """

    def __init__(self, token: str | None = None, *, faults: Iterable[str] = (), slow_s: float = 61.0) -> None:
        if token is not None and not token:
            raise ValueError("Expected a non-empty token or None (accept any), got ''")
        unknown = [name for name in faults if name not in CONNECTOR_FAULTS]
        if unknown:
            raise ValueError(f"Expected connector faults among {', '.join(CONNECTOR_FAULTS)}, got {unknown}")
        self.token = token
        self.faults = frozenset(faults)
        self.slow_s = slow_s
        self.backend = Backend()

    def __repr__(self) -> str:
        planted = f", faults={sorted(self.faults)}" if self.faults else ""
        return f"ConnectorApp(token={'set' if self.token else None}{planted})"

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        """The WSGI entry point."""
        return self._respond(Request(environ))(environ, start_response)

    def _respond(self, request: Request) -> Response:
        endpoint = request.path.rstrip("/").rsplit("/", 1)[-1]
        if endpoint not in ENDPOINTS:
            return _json(404, {"error": f"Expected a path ending in one of {', '.join(ENDPOINTS)}"})
        if request.method != "POST":
            return _json(405, {"error": f"Expected POST, got {request.method}"}, {"Allow": "POST"})
        form = self._form(request)
        connection = form.get("connection")
        if not isinstance(connection, dict):
            connection = {}
        if self.token is not None and not _same(connection.get("token"), self.token):
            if endpoint == "check" and "check-accepts-bad-credentials" in self.faults:
                return _json(200, {"status": "ERROR"})
            return _json(401, {"error": "Expected connection[token] to be the configured token"})
        if endpoint == "check":
            if "check-empty-body" in self.faults:
                return Response(b"", status=200)
            if "check-zero-body" in self.faults:
                return Response(b"0", status=200, content_type="text/plain")
            return _json(200, {"status": "ok"})
        if endpoint == "table_list":
            return _json(200, self._table_list(str(form.get("searchString") or "")))
        table = self.backend.tables.get(str(form.get("table") or ""))
        if table is None:
            return _json(404, {"error": f"Expected table to be one of {', '.join(self.backend.tables)}"})
        if endpoint == "table_description":
            return _json(200, self._describe(table))
        if "missing-limit-crash" in self.faults and "limit" not in form:
            return Response(
                "<html><body><h1>500 Internal Server Error</h1></body></html>",
                status=500,
                content_type="text/html",
            )
        try:
            rows = self._data(table, form)
        except FilterError as exc:
            return _json(400, {"error": str(exc)})
        if "slow-body" in self.faults and not {"select", "filter", "limit"} & set(form):
            # a full-table read, the slowest the portal asks for
            return Response(self._trickle(rows), status=200, content_type="application/json; charset=utf-8")
        return _json(200, rows)

    def _form(self, request: Request) -> dict[str, Any]:
        if "json-body-expected" in self.faults:
            try:
                body = json.loads(request.get_data() or b"{}")
            except ValueError:
                return {}
            return body if isinstance(body, dict) else {}
        return nested_form(request.form.items(multi=True))

    def _table_list(self, search: str) -> list[dict[str, str]]:
        wanted = search.casefold()
        found = [
            {"code": t.code, "title": t.title}
            for t in self.backend.tables.values()
            if wanted in t.code.casefold() or wanted in t.title.casefold()
        ]
        if found and "empty-title" in self.faults:
            found[0]["title"] = ""
        return found

    def _describe(self, table: SampleTable) -> list[dict[str, str]]:
        if "description-empty" in self.faults:
            return []
        described = table.describe()
        if "unknown-type-names" in self.faults:
            for column in described:
                column["type"] = _UNKNOWN_TYPES.get(column["type"], column["type"])
        return described

    def _data(self, table: SampleTable, form: dict[str, Any]) -> list[list[Any]]:
        """The urlData answer: a header row of codes, then the rows that pass filter, cut to limit."""
        by_code = {c.code: c for c in table.columns}
        mapped = form.get("mapFields") if isinstance(form.get("mapFields"), dict) else {}
        # A column is known by its code or by the name mapFields gives it in the portal.
        fields = dict(by_code) | {str(n): by_code[c] for c, n in mapped.items() if c in by_code}
        select = form.get("select")
        wanted = (
            [fields[str(s)].code for s in values(select) if str(s) in fields] if select is not None else []
        )
        if "select-ignored" in self.faults:
            wanted = []
        codes = wanted or list(by_code)
        filter_ = form.get("filter")
        where, params = "1=1", []
        if filter_ is not None and filter_ != "":
            dates = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d") if "iso-dates-in-filter" in self.faults else None
            options = {"date_formats": dates} if dates else {}
            where, params = where_clause(filter_, fields, faults=self.faults, **options)
        limit_text = str(form.get("limit") or "")
        limit = int(limit_text) if limit_text.isdigit() else None
        if limit is not None and "limit-ignored" in self.faults:
            limit = None
        elif limit is not None and "limit-off-by-one" in self.faults:
            limit += 1
        elif limit is not None and "limit-before-filter" in self.faults:
            # the first limit rows of the table, then the filter: rows that pass further down are lost
            where = f'({where}) AND rowid IN (SELECT rowid FROM "{table.code}" ORDER BY rowid LIMIT {limit})'
        rows = [list(r) for r in self.backend.rows(table.code, codes, where, params, limit)]
        types = [by_code[code].type for code in codes]
        for row in rows:
            self._plant_value_faults(row, types)
        if "data-as-objects" in self.faults:
            return [dict(zip(codes, row, strict=False)) for row in rows]  # type: ignore[misc]
        header = [by_code[c].name for c in codes] if "header-names-not-codes" in self.faults else codes
        return rows if "no-header-row" in self.faults else [header, *rows]

    def _plant_value_faults(self, row: list[Any], types: list[str]) -> None:
        for i, kind in enumerate(types):
            value = row[i]
            if kind == "datetime" and value and "datetime-us-format" in self.faults:
                row[i] = datetime.strptime(value, "%Y-%m-%d %H:%M:%S").strftime("%m/%d/%Y %I:%M %p")
            if (
                kind == "int"
                and isinstance(value, int)
                and abs(value) > 2**53
                and ("large-ids-as-float" in self.faults)
            ):
                row[i] = float(value)
        if "unequal-row-width" in self.faults:
            while row and row[-1] is None:
                row.pop()

    def _trickle(self, rows: list[list[Any]]) -> Iterator[bytes]:
        text = json.dumps(rows, ensure_ascii=False).encode("utf-8")
        half = len(text) // 2
        yield text[:half]
        time.sleep(self.slow_s)
        yield text[half:]


def _same(given: Any, expected: str) -> bool:
    return isinstance(given, str) and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def _json(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    text = json.dumps(body, ensure_ascii=False)
    return Response(text, status=status, headers=headers, content_type="application/json; charset=utf-8")
