"""The ledger file: JSON lines appended and fsync'd one by one, and read back into entries."""

from __future__ import annotations

import json
import os
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..contract import UnknownEntity, default_contract

LEDGER_NAME = "ledger.jsonl"
# The entity families, parents first; the contract's x-b24-entity blocks name them.
ENTITIES = tuple(entity.name for entity in default_contract().entities)
TITLE_PREFIX = "b24c-"  # every run's titles start with it (session.TITLE_PREFIX); tables use b24c_
PRIMARY = "primary"  # the label of the application under test; others are named by the session


class LedgerError(ValueError):
    """A ledger cannot be read or an entry cannot be written; the message says what and why."""


@dataclass(frozen=True)
class LedgerEntry:
    """One create the run announced: what, under which parents, and the id once the target answered."""

    key: str  # unique within the file: the writer's tag and its entry number
    entity: str  # connector, source or table
    title: str  # the title (for a table: its name) the add carried
    parent: dict[str, int] = field(default_factory=dict)  # e.g. {"connectorId": 5}
    app: str = PRIMARY  # which application made it (a label, never a token)
    time: str = ""
    id: int | None = None  # None: the add may or may not have happened
    deleted: bool = False
    abandoned: bool = False  # the add was answered without creating anything
    settled: bool = False  # a cleanup found (and deleted) whatever an id-less entry made

    @property
    def outstanding(self) -> bool:
        """Whether the object may still exist on the target."""
        return not (self.deleted or self.abandoned or self.settled)


@dataclass(frozen=True)
class LedgerContents:
    """One read of a ledger: every announced create, oldest first, and the title prefixes of its runs."""

    entries: list[LedgerEntry]
    prefixes: tuple[str, ...]

    def outstanding(self) -> list[LedgerEntry]:
        """Creates that may still exist: made and not deleted, or announced without an id; newest first."""
        return [entry for entry in reversed(self.entries) if entry.outstanding]


class Ledger:
    """Appends a run's creates and deletes to a JSON-lines file, fsync'd line by line.

    durable=False writes the same lines without forcing them to disk: for a target that lives and dies
    with the run's own process (the in-process mock), whose objects no crash can leave behind.
    """

    def __init__(self, path: str | os.PathLike[str], *, durable: bool = True) -> None:
        self.path = Path(path)
        self.durable = durable
        # Several writers (pytest-xdist workers) may share one file: entries are keyed by writer.
        self._tag = f"{os.getpid()}.{secrets.token_hex(3)}"
        self._count = 0
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Ledger({str(self.path)!r}{'' if self.durable else ', durable=False'})"

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> Ledger:
        """An existing ledger, for cleanup; LedgerError when there is no such file."""
        ledger = cls(path)
        if not ledger.path.is_file():
            raise LedgerError(f"Expected a ledger file at {str(ledger.path)!r}, found none")
        return ledger

    def begin(self, prefix: str) -> None:
        """Record the run's title prefix, so a cleanup can tell the run's objects by title alone."""
        if not prefix.startswith(TITLE_PREFIX):
            raise LedgerError(f"Expected a run prefix starting with {TITLE_PREFIX!r}, got {prefix!r}")
        with self._lock:
            self._append({"op": "run", "prefix": prefix, "pid": os.getpid(), "time": _now()})

    def prefixes(self) -> tuple[str, ...]:
        """The title prefixes of the runs that wrote this ledger."""
        return self.contents().prefixes

    def intend(
        self, entity: str, title: str, parent: Mapping[str, int] | None = None, *, app: str = PRIMARY
    ) -> int:
        """Announce an add before it is sent; returns the entry number to pass to created()."""
        entity = storage_entity(entity)
        if not isinstance(title, str):
            raise LedgerError(f"Expected the title as a string, got {type(title).__name__}")
        parents = dict(parent or {})
        for name, value in parents.items():
            if type(value) is not int:
                raise LedgerError(f"Expected parent {name!r} to be an integer id, got {value!r}")
        with self._lock:
            self._count += 1
            number = self._count
            self._append(
                {"op": "intend", "entry": self._key(number), "entity": entity, "title": title}
                | {"parent": parents, "app": app, "time": _now()}
            )
        return number

    def created(self, entry: int, object_id: int) -> None:
        """Record the id the add of entry answered."""
        if type(object_id) is not int:
            raise LedgerError(f"Expected an integer object id, got {object_id!r}")
        with self._lock:
            self._check_entry(entry)
            self._append({"op": "created", "entry": self._key(entry), "id": object_id, "time": _now()})

    def abandoned(self, entry: int) -> None:
        """Record that the add of entry was answered without making an object (an error, a refusal)."""
        with self._lock:
            self._check_entry(entry)
            self._append({"op": "abandoned", "entry": self._key(entry), "time": _now()})

    def deleted(self, entity: str, object_id: int) -> None:
        """Record that an object is gone (deleted, or found missing by a delete)."""
        with self._lock:
            # Not forced to disk: should the machine lose it, a cleanup only deletes a missing object again.
            record = {"op": "deleted", "entity": storage_entity(entity), "id": object_id, "time": _now()}
            self._append(record, durable=False)

    def settle(self, entry: LedgerEntry) -> None:
        """Record that nothing an id-less entry (of any writer) may have made is left on the target."""
        with self._lock:
            self._append({"op": "settled", "entry": entry.key, "time": _now()})

    def entries(self) -> list[LedgerEntry]:
        """Every announced create, oldest first, with what became of it."""
        return self.contents().entries

    def outstanding(self) -> list[LedgerEntry]:
        """Creates that may still exist: made and not deleted, or announced without an id; newest first."""
        return self.contents().outstanding()

    def contents(self) -> LedgerContents:
        """The entries and the run prefixes, from one read of the file."""
        # A line torn by a crash mid-write does not parse: the lines before it are whole.
        records = [record for line in _read(self.path).splitlines() if (record := _parse(line)) is not None]
        prefixes = tuple(dict.fromkeys(r["prefix"] for r in records if r.get("op") == "run"))
        return LedgerContents(_replay_records(records), prefixes)

    def _key(self, number: int) -> str:
        return f"{self._tag}:{number}"

    def _check_entry(self, entry: int) -> None:
        if not 1 <= entry <= self._count:
            raise LedgerError(
                f"Expected an entry number this ledger handed out (1..{self._count}), got {entry}"
            )

    def _append(self, record: dict[str, Any], *, durable: bool = True) -> None:
        line = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        fresh = not self.path.exists()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line)  # one write per line: appends of concurrent writers never interleave
            if durable and self.durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        if fresh and self.durable:
            _fsync_dir(self.path.parent)  # else a crash may lose the new file's name itself


def storage_entity(entity: str) -> str:
    """The family a method entity name belongs to, as the ledger records it: dataset is table."""
    # dataset.* is the deprecated name of the table storage: one object, one ledger entity.
    try:
        return default_contract().entity(entity).name
    except UnknownEntity as exc:
        raise LedgerError(exc.args[0]) from None


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""


def _replay_records(records: list[dict[str, Any]]) -> list[LedgerEntry]:
    entries: dict[str, LedgerEntry] = {}
    # (entity, id) -> keys of the entries given that id: a run's ledger holds thousands of lines
    made: dict[Any, list[str]] = {}
    for record in records:
        op = record.get("op")
        key = record.get("entry")
        if op == "intend":
            entries[key] = LedgerEntry(
                key=key,
                entity=record["entity"],
                title=record["title"],
                parent=dict(record.get("parent") or {}),
                app=record.get("app", PRIMARY),
                time=record.get("time", ""),
            )
        elif op == "created" and key in entries:
            entries[key] = entry = _with(entries[key], id=record["id"])
            if (identity := _identity(entry.entity, entry.id)) is not None:
                made.setdefault(identity, []).append(key)
        elif op in ("abandoned", "settled") and key in entries:
            entries[key] = _with(entries[key], **{op: True})
        elif op == "deleted":
            # in file order: a delete only settles objects created before it
            gone = (record["entity"], record["id"])
            identity = _identity(*gone)
            names = entries if identity is None else made.get(identity, ())
            for name in names:
                entry = entries[name]
                if (entry.entity, entry.id) == gone:
                    entries[name] = _with(entry, deleted=True)
    return list(entries.values())


def _identity(entity: Any, object_id: Any) -> tuple[Any, Any] | None:
    """The index key of an object, or None where only a scan compares it as before (no id, or odd JSON)."""
    if object_id is None:
        return None
    try:
        hash((entity, object_id))
    except TypeError:
        return None
    return (entity, object_id)


def _with(entry: LedgerEntry, **changes: Any) -> LedgerEntry:
    return LedgerEntry(**{**entry.__dict__, **changes})


def _parse(line: bytes) -> dict[str, Any] | None:
    try:
        record = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return record if isinstance(record, dict) else None


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # some platforms cannot open a directory; the file's own fsync still holds
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
