"""The mock portal's objects: one lock, ids counted per entity from 1, each object owned by an app."""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ..contract import default_contract

# One table of rows per entity family: dataset.* methods act on the table family's rows.
ENTITIES = tuple(entity.name for entity in default_contract().entities)
# Source settings, table columns and BI Builder datasets have ids of their own in the module.
_COUNTERS = (*ENTITIES, "source_setting", "table_column", "bi_dataset")


@dataclass
class Record:
    """One stored object: its id, the client_id of the application that made it, its columns."""

    entity: str
    id: int
    owner: str
    data: dict[str, Any]


def object_date(moment: float | None = None) -> str:
    """An object date as the module formats it: Y-m-d H:i:s in the portal's time zone."""
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(moment))


class Store:
    """Thread-safe storage; callers hold locked() around a read-then-write that must not interleave."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._rows: dict[str, dict[int, Record]] = {}
        self._next: dict[str, int] = {}
        self.clear()

    @contextmanager
    def locked(self) -> Iterator[Store]:
        """Hold the store's lock for a block of several operations."""
        with self._lock:
            yield self

    def clear(self) -> None:
        """Drop every object; ids start again at 1."""
        with self._lock:
            self._rows = {entity: {} for entity in ENTITIES}
            self._next = dict.fromkeys(_COUNTERS, 1)

    def next_id(self, counter: str) -> int:
        """Take the next id of counter (an entity or source_setting)."""
        with self._lock:
            value = self._next[counter]
            self._next[counter] = value + 1
            return value

    def insert(
        self, entity: str, owner: str, data: dict[str, Any], *, object_id: int | None = None
    ) -> Record:
        """Store a new object and return it; object_id lets tests place one at a chosen id."""
        with self._lock:
            rows = self._table(entity)
            if object_id is None:
                object_id = self.next_id(entity)
            elif object_id in rows:
                raise ValueError(f"Expected a free {entity} id, got {object_id}, which is taken")
            record = Record(entity, object_id, owner, copy.deepcopy(data))
            rows[object_id] = record
            return record

    def find(self, entity: str, object_id: int, owner: str) -> Record | None:
        """The object with this id if owner made it; another application's object is not found."""
        with self._lock:
            record = self._table(entity).get(object_id)
            return record if record is not None and record.owner == owner else None

    def owned(self, entity: str, owner: str) -> list[Record]:
        """Every object of entity that owner made, by id."""
        with self._lock:
            return [r for _, r in sorted(self._table(entity).items()) if r.owner == owner]

    def every(self, entity: str) -> list[Record]:
        """Every object of entity, whichever application made it, by id."""
        with self._lock:
            return [r for _, r in sorted(self._table(entity).items())]

    def delete(self, entity: str, object_id: int) -> None:
        """Remove one object (a missing one is no error)."""
        with self._lock:
            self._table(entity).pop(object_id, None)

    def count(self, entity: str, owner: str | None = None) -> int:
        """How many objects of entity are stored, all of them or owner's."""
        with self._lock:
            return sum(1 for r in self._table(entity).values() if owner is None or r.owner == owner)

    def _table(self, entity: str) -> dict[int, Record]:
        try:
            return self._rows[entity]
        except KeyError:
            raise ValueError(f"Expected an entity among {ENTITIES}, got {entity!r}") from None
