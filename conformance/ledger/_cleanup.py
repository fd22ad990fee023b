"""cleanup: delete what a crashed run left on a target, from its ledger or by its title prefix."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, TextIO

from ..client import Client, TransportError
from ..contract import default_contract
from ..exchange import Response
from ._file import PRIMARY, TITLE_PREFIX, Ledger, LedgerEntry

# Children before parents: a source with tables, or a connector with sources, refuses to go.
DELETE_ORDER = default_contract().cleanup_order
PAGE_SIZE = 50  # the module's fixed page size
MAX_PAGES = 200  # 10,000 objects of one entity: past that, listing stops and says so


@dataclass(frozen=True)
class _Leftover:
    entity: str
    id: int
    title: str
    app: str


class _CannotList(Exception):
    pass


def table_prefix(prefix: str) -> str:
    """The name prefix of a run's tables: table names allow only a-z, 0-9 and _, so - becomes _."""
    return prefix.replace("-", "_")


def _title_start(entity: str, prefix: str) -> str:
    """How the run's titles of entity start: the prefix, as table_prefix where a pattern limits titles."""
    return prefix if default_contract().entity(entity).title_pattern is None else table_prefix(prefix)


def cleanup(
    client: Client,
    *,
    ledger_path: str | os.PathLike[str] | None = None,
    prefix: str | None = None,
    out: TextIO = sys.stdout,
    access_tokens: Mapping[str, str] | None = None,
) -> int:
    """Delete a crashed run's objects (ledger, title prefix or both), tables first; 0 when none is left.

    access_tokens maps the ledger's application labels other than "primary" to their tokens; the
    primary application is the client's own. Only objects the ledger names, or whose title (a table's
    name) starts with the prefix, are touched.
    """
    if ledger_path is None and not prefix:
        raise ValueError("Expected a ledger path or a title prefix to clean up by, got neither")
    if prefix and not prefix.startswith(TITLE_PREFIX):
        # Titles are the only mark a run leaves on what it made; anything else belongs to someone.
        raise ValueError(
            f"Expected a prefix starting with {TITLE_PREFIX!r} (the suite's titles), got {prefix!r}"
        )
    job = _Cleanup(client, out, {PRIMARY: None, **dict(access_tokens or {})})
    ledger = Ledger.read(ledger_path) if ledger_path is not None else None
    if ledger is not None:
        contents = ledger.contents()
        job.from_ledger(contents.outstanding(), (*contents.prefixes, *([prefix] if prefix else [])))
    if prefix:
        job.by_prefix(prefix)
    job.delete_all(ledger)
    return job.finish()


class _Cleanup:
    def __init__(self, client: Client, out: TextIO, tokens: dict[str, str | None]) -> None:
        self.client = client
        self.out = out
        self.tokens = tokens
        self.found: dict[tuple[str, int], _Leftover] = {}
        self.listings: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.resolved: list[tuple[LedgerEntry, list[tuple[str, int]]]] = []
        self.deleted = self.gone = self.left = 0

    def say(self, line: str) -> None:
        print(line, file=self.out)

    def from_ledger(self, outstanding: list[LedgerEntry], prefixes: tuple[str, ...]) -> None:
        for entry in outstanding:
            if entry.id is not None:
                self._add(_Leftover(entry.entity, entry.id, entry.title, entry.app))
                continue
            if not (entry.parent or _has_prefix(entry, prefixes)):
                # Neither a parent of the run's nor the run's prefix ties a title to this run.
                self.left += 1
                self.say(
                    f"could not tell which {entry.entity} titled {entry.title!r} the run made (no parent,"
                    " no run prefix): look for it by hand"
                )
                continue
            # The add was sent, but its answer never made it to the ledger: look for the object.
            try:
                items = self.listing(entry.entity, entry.app)
            except _CannotList as exc:
                self.left += 1
                self.say(f"could not look for {entry.entity} {entry.title!r}: {exc}")
                continue
            matches = [item for item in items if _made_by(entry, item)]
            for item in matches:
                self._add(_Leftover(entry.entity, item["id"], entry.title, entry.app))
            self.resolved.append((entry, [(entry.entity, item["id"]) for item in matches]))

    def by_prefix(self, prefix: str) -> None:
        for app in self.tokens:
            for entity in DELETE_ORDER:
                try:
                    items = self.listing(entity, app)
                except _CannotList as exc:
                    self.left += 1
                    self.say(f"could not list {entity}s of application {app!r}: {exc}")
                    continue
                start = _title_start(entity, prefix)
                for item in items:
                    title = _title(entity, item)
                    if isinstance(title, str) and title.startswith(start):
                        self._add(_Leftover(entity, item["id"], title, app))

    def listing(self, entity: str, app: str) -> list[dict[str, Any]]:
        """Every object of entity the application sees, page by page, fetched once."""
        if (entity, app) not in self.listings:
            if app not in self.tokens:
                raise _CannotList(f"it was made by application {app!r}, and no access token was given for it")
            self.listings[(entity, app)] = self._list_pages(entity, self.tokens[app])
        return self.listings[(entity, app)]

    def _list_pages(self, entity: str, token: str | None) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        for page in range(1, MAX_PAGES + 1):
            try:
                exchange = self.client.call(f"biconnector.{entity}.list", {"page": page}, access_token=token)
            except TransportError as exc:
                raise _CannotList(exc.message) from None
            result = _result(exchange.response)
            if not isinstance(result, list):
                raise _CannotList(_refusal(exchange.response))
            items.extend(item for item in result if isinstance(item, dict) and type(item.get("id")) is int)
            if len(result) < PAGE_SIZE:
                return items
        self.say(f"listed only the first {MAX_PAGES * PAGE_SIZE} {entity}s; run cleanup again for the rest")
        return items

    def _add(self, leftover: _Leftover) -> None:
        self.found.setdefault((leftover.entity, leftover.id), leftover)

    def delete_all(self, ledger: Ledger | None) -> None:
        order = sorted(self.found.values(), key=lambda item: (DELETE_ORDER.index(item.entity), -item.id))
        removed: set[tuple[str, int]] = set()
        for item in order:
            if self._delete(item):
                removed.add((item.entity, item.id))
                if ledger is not None:
                    ledger.deleted(item.entity, item.id)
        if ledger is None:
            return
        for entry, made in self.resolved:
            if all(key in removed for key in made):
                ledger.settle(entry)
            if not made:
                self.say(f"nothing to delete for {entry.entity} {entry.title!r}: the add made no object")

    def _delete(self, item: _Leftover) -> bool:
        """Delete one object; True when it is gone (deleted now, or already)."""
        shown = f"{item.entity} {item.id} ({item.title})"
        if item.app not in self.tokens:
            self.left += 1
            self.say(f"could not delete {shown}: made by application {item.app!r}, and no token was given")
            return False
        try:
            exchange = self.client.call(
                f"biconnector.{item.entity}.delete", {"id": item.id}, access_token=self.tokens[item.app]
            )
        except TransportError as exc:
            self.left += 1
            self.say(f"could not delete {shown}: {exc.message}")
            return False
        deletion = Deletion.of(exchange.response)
        if deletion.state == "deleted":
            self.deleted += 1
            self.say(f"deleted {shown}")
        elif deletion.state == "gone":
            self.gone += 1
            self.say(f"already gone: {shown} ({deletion.said})")
        else:
            self.left += 1
            self.say(f"could not delete {shown}: {deletion.said}")
        return deletion.state != "left"

    def finish(self) -> int:
        self.say(f"cleanup: {self.deleted} deleted, {self.gone} already gone, {self.left} left")
        return 0 if self.left == 0 else 1


def _title(entity: str, item: Mapping[str, Any]) -> Any:
    return item.get(default_contract().entity(entity).title_field)


def _has_prefix(entry: LedgerEntry, prefixes: tuple[str, ...]) -> bool:
    starts = tuple(_title_start(entry.entity, p) for p in prefixes)
    return bool(starts) and entry.title.startswith(starts)


def _made_by(entry: LedgerEntry, item: Mapping[str, Any]) -> bool:
    """Whether a listed object is the one an id-less entry announced: same title, same parents."""
    if _title(entry.entity, item) != entry.title:
        return False
    return all(item.get(key, value) == value for key, value in entry.parent.items())


@dataclass(frozen=True)
class Deletion:
    """What a delete's answer says: the object was deleted, was gone already, or is left, and why."""

    state: Literal["deleted", "gone", "left"]
    said: str = ""  # the not-found code when gone, the refusal when left

    @classmethod
    def of(cls, response: Response) -> Deletion:
        """Read a delete's answer; a *_NOT_FOUND error means something else deleted it first."""
        if _result(response) is True:
            return cls("deleted")
        code, _ = _error(response)
        if code is not None and code.endswith("_NOT_FOUND"):
            return cls("gone", code)
        return cls("left", _refusal(response))


def _result(response: Response) -> Any:
    body = response.json if response.is_json else None
    return body.get("result") if isinstance(body, dict) and "error" not in body else None


def _error(response: Response) -> tuple[str | None, str]:
    """The error code and text of an answer, root or nested; (None, "") when it carries none."""
    body = response.json if response.is_json else None
    if isinstance(body, dict) and isinstance(body.get("result"), dict) and "error" in body["result"]:
        body = body["result"]["error"]
    if not (isinstance(body, dict) and "error" in body):
        return None, ""
    return str(body["error"]), str(body.get("error_description", ""))


def _refusal(response: Response) -> str:
    code, text = _error(response)
    if code is not None:
        return f"HTTP {response.status} {code}: {text}"
    return f"Expected a REST answer, got HTTP {response.status}: {response.snippet()}"
