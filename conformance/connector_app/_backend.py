"""The reference app's database: the sample tables in an in-memory SQLite database."""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

from ._sample import TABLES, SampleTable

_SQL_TYPES = {"int": "INTEGER", "double": "REAL", "money": "REAL"}


class Backend:
    """The sample tables, loaded into SQLite once and queried with the filter's WHERE clause."""

    def __init__(self, tables: dict[str, SampleTable] = TABLES) -> None:
        self.tables = tables
        self._lock = threading.Lock()  # one connection, shared by the server's threads
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.create_function("contains", 2, _contains, deterministic=True)
        for table in tables.values():
            columns = ", ".join(f'"{c.code}" {_SQL_TYPES.get(c.type, "TEXT")}' for c in table.columns)
            self._db.execute(f'CREATE TABLE "{table.code}" ({columns})')
            marks = ", ".join("?" * len(table.columns))
            self._db.executemany(f'INSERT INTO "{table.code}" VALUES ({marks})', table.rows)
        self._db.commit()

    def rows(
        self,
        table: str,
        codes: list[str],
        where: str = "1=1",
        params: list[Any] | None = None,
        limit: int | None = None,
    ) -> list[tuple[Any, ...]]:
        """The rows of table (codes already checked against its columns) passing where, at most limit."""
        columns = ", ".join(f'"{code}"' for code in codes)
        sql = f'SELECT {columns} FROM "{table}" WHERE {where} ORDER BY rowid'
        arguments = list(params or [])
        if limit is not None:
            sql += " LIMIT ?"
            arguments.append(limit)
        with self._lock:
            return self._db.execute(sql, arguments).fetchall()

    def close(self) -> None:
        """Close the database."""
        self._db.close()


def _contains(value: Any, part: Any) -> int | None:
    # ORM's % is LIKE '%x%', case-insensitive under the usual collations; casefold covers non-ASCII too
    if value is None or part is None:
        return None
    return int(str(part).casefold() in str(value).casefold())
