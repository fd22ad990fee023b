"""The object keeper: what a run made on the target, in memory and in the ledger, and how it goes again."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..batch import BATCH, MAX_COMMANDS, command_exchanges
from ..checks import BATCH_COMMAND_CHECKS
from ..client import OAuthError, TransportError, batch_params, fits_in_batch
from ..contract import Contract, Method, fill_placeholders
from ..exchange import Exchange, made_id
from ..ledger import PRIMARY, Deletion, Ledger
from ._sender import Sender

# Why a delete failed once the target was lost : it ends the cleanup's deletes.
_NO_ANSWER = "no answer: the target stopped answering"


class SetupFailed(RuntimeError):
    """The suite could not make an object it needs; the message says what the target answered."""


@dataclass
class Created:
    """An object this run made, to delete at the end."""

    entity: str  # the entity family (connector, source, table)
    id: int
    access_token: str | None = field(repr=False)  # a secret: never in a repr (tracebacks show them)
    owner: str = ""  # who made it within the run: "" for the suite, "schemathesis" for the bridge


class ObjectKeeper:
    """Makes the objects a run needs, tells the ledger before and after, and deletes them all again.

    Every create of a run (the suite's, the probes' and schemathesis') is remembered here, so one
    cleanup path deletes them, newest first, through the run's sender: paced and retried like probes.
    With batch_calls (a run with --batch), objects made or deleted many at a time (create_many,
    discard_many, the cleanup) travel as the commands of batch calls, 50 to a call.
    """

    def __init__(
        self,
        sender: Sender,
        *,
        ledger: Ledger | None = None,
        run_id: str = "",
        second_access_token: str | None = None,
        makes_objects: bool = True,
        batch_calls: bool = False,
    ) -> None:
        self.sender = sender
        self.contract: Contract = sender.contract
        self.ledger = ledger
        self.run_id = run_id
        self.second_access_token = second_access_token
        # False for a webhook: without an application context nothing can be made
        self.makes_objects = makes_objects
        self.batch_calls = batch_calls
        self.created: list[Created] = []
        self._samples: Counter[str] = Counter()

    def __repr__(self) -> str:
        return f"ObjectKeeper(run_id={self.run_id!r}, created={self.created!r})"

    def sample(self, entity: str, parent: int | None = None, *, n: int | None = None) -> dict:
        """A valid add payload (fields) of entity for this run, under parent; names stay unique per run
        (n numbers them: by default the count of samples of the entity so far)."""
        family = self.contract.entity(entity)
        if n is None:
            self._samples[family.name] += 1
            n = self._samples[family.name]
        return fill_placeholders(family.sample, run=self.run_id, n=n, parent=parent)

    def update_probe(self, entity: str) -> dict:
        """The fields an update probe of entity sends besides the id, to get past validation."""
        return fill_placeholders(self.contract.entity(entity).update_probe, run=self.run_id)

    def create(self, entity: str, fields: dict, *, access_token: str | None = None) -> int:
        """Add an object through entity.add and remember it for cleanup; SetupFailed if refused."""
        method = self.contract.method(f"biconnector.{entity}.add")
        try:
            exchange, made = self.send_create(method, {"fields": fields}, access_token=access_token)
        except TransportError as exc:
            raise SetupFailed(f"{method.name} could not be sent: {exc.message}") from None
        self.sender.check(method, exchange)
        if made is None:
            raise SetupFailed(
                f"Expected {method.name} to answer result.id, got HTTP {exchange.response.status}: "
                f"{exchange.response.snippet()}"
            )
        return made

    def create_disposable(self, entity: str, own: dict[str, int]) -> int:
        """A fresh object of entity under the run's own parents (own: entity -> id), for a probe that
        may change or delete it; without an application context, the run's own object of entity."""
        if not self.makes_objects:
            return own[entity]
        family = self.contract.entity(entity)
        parent = own[family.parent.entity] if family.parent is not None else None
        return self.create(family.name, self.sample(family.name, parent))

    def create_many(self, entity: str, count: int, own: dict[str, int]) -> list[int]:
        """count fresh objects of entity, each as create_disposable makes one; with batch_calls their adds
        are the commands of batch calls (the ledger told before and after each). SetupFailed if one is
        refused."""
        if not self.makes_objects:
            return [own[entity]] * count
        family = self.contract.entity(entity)
        parent = own[family.parent.entity] if family.parent is not None else None
        payloads = [{"fields": self.sample(family.name, parent)} for _ in range(count)]
        if not (self.batch_calls and all(fits_in_batch(params) for params in payloads)):
            return [self.create(family.name, params["fields"]) for params in payloads]
        made: list[int] = []
        for start in range(0, count, MAX_COMMANDS):
            made += self._create_in_batch(family.name, payloads[start : start + MAX_COMMANDS])
        return made

    def _create_in_batch(self, entity: str, payloads: list[dict]) -> list[int]:
        method = self.contract.method(f"biconnector.{entity}.add")
        calls = {f"add{n}": (method.name, params) for n, params in enumerate(payloads)}
        entries = [self._intend(method.storage, params, None) for params in payloads]
        try:
            exchange = self.sender.call(BATCH, batch_params(calls))
        except TransportError as exc:
            # the adds may have happened: their intents stay in the ledger for the cleanup to settle
            raise SetupFailed(f"a batch call of {method.name} could not be sent: {exc.message}") from None
        answers = command_exchanges(exchange)
        made, refused = [], ""
        for (key, (_, params)), entry in zip(calls.items(), entries, strict=True):
            answer = answers.get(key)
            if answer is None:  # unanswered: it may have made the object, so its intent stays
                refused = refused or f"no answer to a command: HTTP {exchange.response.status}"
                continue
            self.sender.check(method, answer, checks=BATCH_COMMAND_CHECKS)
            new_id = made_id(answer)
            if new_id is None:
                if entry is not None:
                    self.ledger.abandoned(entry)
                refused = refused or f"HTTP {answer.response.status}: {answer.response.snippet()}"
                continue
            self.note_made(method.storage, params, new_id, entry=entry)
            made.append(new_id)
        if refused:
            raise SetupFailed(
                f"Expected each {method.name} of a batch call to answer result.id, got {refused}"
            )
        return made

    def send_create(
        self,
        method: Method,
        params: dict,
        *,
        encoding: str = "json",
        access_token: str | None = None,
        may_create: bool = True,
    ) -> tuple[Exchange, int | None]:
        """Send an add, with the ledger told before and after; returns the exchange and the new id, if any.

        may_create is False for a payload the oracle expects to be refused: the ledger then records
        only an object the target makes all the same, after the fact, so an interrupted run never
        leaves an intent for an object that cannot exist.
        """
        entry = self._intend(method.storage, params, access_token) if may_create else None
        exchange = self.sender.call(method.name, params, encoding=encoding, access_token=access_token)
        made = made_id(exchange)
        if made is not None:
            self.note_made(method.storage, params, made, access_token, entry=entry)
        elif entry is not None:
            self.ledger.abandoned(entry)
        return exchange, made

    def note_made(
        self,
        entity: str,
        params: Any,
        made: int,
        access_token: str | None = None,
        *,
        entry: int | None = None,
        owner: str = "",
    ) -> None:
        """Remember an object a call made and tell the ledger (after the fact, when no intent was written)."""
        self.created.append(Created(self.contract.entity(entity).name, made, access_token, owner))
        if entry is None:
            entry = self._intend(entity, params, access_token)
        if entry is not None:
            self.ledger.created(entry, made)

    def made_ids(self, entity: str, owner: str = "") -> set[int]:
        """The ids of entity's family that owner made and that are not deleted yet."""
        family = self.contract.entity(entity).name
        return {item.id for item in self.created if item.entity == family and item.owner == owner}

    def discard(self, entity: str, object_id: int) -> None:
        """Delete an object if a probe left it, and stop tracking it."""
        family = self.contract.entity(entity).name
        if any((c.entity, c.id) == (family, object_id) for c in self.created):
            self.sender.call(f"biconnector.{family}.delete", {"id": object_id})
            self.forget(family, object_id)

    def discard_many(self, objects: Iterable[tuple[str, int]]) -> list[str]:
        """discard each (entity, id) of objects, newest first (in batch calls with batch_calls); what
        could not be deleted stays tracked for the cleanup, and is returned."""
        wanted = {(self.contract.entity(entity).name, object_id) for entity, object_id in objects}
        return self._delete_all([c for c in reversed(self.created) if (c.entity, c.id) in wanted])

    def intend(self, entity: str, params: Any) -> int | None:
        """Tell the ledger an add of entity with params is about to go out (in a batch command); its entry."""
        return self._intend(entity, params, None)

    def abandon(self, entry: int | None) -> None:
        """Tell the ledger an intended add made nothing (its command was refused)."""
        if entry is not None and self.ledger is not None:
            self.ledger.abandoned(entry)

    def forget(self, entity: str, object_id: int) -> None:
        """Drop an object the run has deleted itself from the cleanup list (and tell the ledger)."""
        family = self.contract.entity(entity).name
        self.created = [c for c in self.created if (c.entity, c.id) != (family, object_id)]
        if self.ledger is not None:
            self.ledger.deleted(family, object_id)

    def cleanup(self, owner: str | None = None) -> list[str]:
        """Delete what the run made (only owner's, when given), newest first; what could not be deleted.

        Deletes go out past the budget. At the end of the run (no owner), adds whose answer never
        arrived are settled from the ledger the way `cleanup` does. Once the target has stopped
        answering (the sender calls it lost), the first delete without an answer leaves the rest,
        untried, to the ledger.
        """
        mine = [c for c in reversed(self.created) if owner is None or c.owner == owner]
        problems = self._delete_all(mine)
        outstanding = self.ledger.outstanding() if owner is None and self.ledger is not None else []
        if outstanding and self.sender.lost is None:
            problems += self._settle_interrupted_adds()
        elif any(entry.id is None for entry in outstanding):
            problems.append(
                "adds whose answer never arrived were not looked for: the target stopped answering"
            )
        return problems

    def _delete_all(self, items: list[Created]) -> list[str]:
        """Delete items in their order (in batch calls of one application's objects with batch_calls);
        each one deleted or gone is forgotten; what could not be deleted. Once the target has stopped
        answering, the first delete without an answer leaves the rest, untried, to the ledger."""
        problems = []
        groups = self._batch_groups(items) if self.batch_calls else [[item] for item in items]
        for done, group in enumerate(groups):
            said = self._delete_in_batch(group) if len(group) > 1 else {id(group[0]): self._delete(group[0])}
            for item in group:
                problem = said.get(id(item))
                if problem is None:
                    self.created.remove(item)
                    if self.ledger is not None:
                        self.ledger.deleted(item.entity, item.id)
                else:
                    problems.append(f"{item.entity} {item.id}: {problem}")
            if self.sender.lost is not None and _NO_ANSWER in said.values():
                problems += [
                    f"{c.entity} {c.id}: not tried, the target stopped answering"
                    for rest in groups[done + 1 :]
                    for c in rest
                ]
                break
        return problems

    @staticmethod
    def _batch_groups(items: list[Created]) -> list[list[Created]]:
        """items cut into batch calls: one application's objects each (an application's objects never
        hold another's), in their order, 50 at most."""
        by_token: dict[str | None, list[Created]] = {}
        for item in items:
            by_token.setdefault(item.access_token, []).append(item)
        return [
            mine[start : start + MAX_COMMANDS]
            for mine in by_token.values()
            for start in range(0, len(mine), MAX_COMMANDS)
        ]

    def _delete_in_batch(self, items: list[Created]) -> dict[int, str | None]:
        """Delete items as the commands of one batch call, in their order; per item (by id()) None when
        it is gone, else why not. A batch call that answers none of them is retried one delete at a time."""
        calls = {
            f"delete{n}": (f"biconnector.{item.entity}.delete", {"id": item.id})
            for n, item in enumerate(items)
        }
        try:
            exchange = self.sender.call_past_budget(
                BATCH, batch_params(calls), access_token=items[0].access_token
            )
        except TransportError as exc:
            if self.sender.lost is not None:
                return dict.fromkeys(map(id, items), _NO_ANSWER)
            return {id(item): exc.message for item in items}
        except OAuthError as exc:
            return dict.fromkeys(map(id, items), f"the access token could not be renewed: {exc}")
        answers = command_exchanges(exchange)
        if not answers:
            return {id(item): self._delete(item) for item in items}
        said: dict[int, str | None] = {}
        for key, item in zip(calls, items, strict=True):
            answer = answers.get(key)
            if answer is None:
                said[id(item)] = self._delete(item)
                continue
            deletion = Deletion.of(answer.response)
            said[id(item)] = None if deletion.state != "left" else deletion.said
        return said

    def _delete(self, item: Created) -> str | None:
        """Delete one object; None when it is gone (deleted now, or already), else why it is not."""
        try:
            exchange = self.sender.call_past_budget(
                f"biconnector.{item.entity}.delete", {"id": item.id}, access_token=item.access_token
            )
        except TransportError as exc:
            return _NO_ANSWER if self.sender.lost is not None else exc.message
        except OAuthError as exc:
            return f"the access token could not be renewed: {exc}"
        deletion = Deletion.of(exchange.response)
        return None if deletion.state != "left" else deletion.said

    def _intend(self, entity: str, params: Any, access_token: str | None) -> int | None:
        if self.ledger is None:
            return None
        family = self.contract.entity(entity)
        fields = params.get("fields") if isinstance(params, dict) else None
        fields = fields if isinstance(fields, dict) else {}
        title = fields.get(family.title_field, "")
        parent = {}
        if family.parent is not None and isinstance(fields.get(family.parent.field), int):
            parent[family.parent.field] = fields[family.parent.field]
        app = PRIMARY if access_token is None else "second"
        return self.ledger.intend(family.name, title if isinstance(title, str) else "", parent, app=app)

    def _settle_interrupted_adds(self) -> list[str]:
        """Resolve adds whose answer never arrived (a run interrupted mid-request) the way cleanup does."""
        from ..ledger import cleanup

        report = io.StringIO()
        tokens = {"second": self.second_access_token} if self.second_access_token else None
        try:
            if (
                cleanup(self.sender.client, ledger_path=self.ledger.path, out=report, access_tokens=tokens)
                == 0
            ):
                return []
        except OAuthError as exc:
            return [f"could not look for adds whose answer never arrived: {exc}"]
        return [line for line in report.getvalue().splitlines() if not line.startswith("cleanup:")]
