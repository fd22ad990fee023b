"""One conformance session against one target: the sender, the object keeper and the probes, wired up."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from ..client import Client, Target, TransportError
from ..contract import Contract, Method
from ..inputs import IdFacts
from ..ledger import LEDGER_NAME, TITLE_PREFIX, Ledger
from ._batch_probes import BatchProbes
from ._keeper import ObjectKeeper, SetupFailed
from ._listed import listed_ids, listed_items
from ._probes import Probes
from ._recorder import Recorder
from ._runconfig import ConfigError, RunConfig
from ._sender import BudgetSpent, Sender
from ._target_setup import OpenedTarget, open_target, open_webhook

# Far above any id a portal hands out, so a lookup of it means "no such object".
UNKNOWN_ID = 999_999_937
# Codes with which a target refuses the credentials themselves: the run cannot go on.
_REFUSED_CREDENTIALS = ("NO_AUTH_FOUND", "expired_token", "INVALID_CREDENTIALS")


class Unreachable(RuntimeError):
    """The target could not be talked to at all."""


@dataclass
class Objects:
    """Ids the suite can use per entity: its own, another application's, and why any is missing."""

    own: dict[str, int] = field(default_factory=dict)
    foreign: dict[str, int] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    foreign_missing: dict[str, str] = field(default_factory=dict)


@dataclass
class ConformanceSession:
    """A run against one target: sender (requests), keeper (objects), probes and batched probes."""

    config: RunConfig
    contract: Contract
    recorder: Recorder
    target: Target
    client: Client
    sender: Sender
    keeper: ObjectKeeper
    probes: Probes
    batch: BatchProbes
    portal: Any = None  # the in-process MockPortal, when the target is mock
    second_access_token: str | None = field(default=None, repr=False)  # another application's, for id.foreign
    # entity -> the title (a table's name) of the object made for the application under test
    own_titles: dict[str, str] = field(default_factory=dict)
    closed: bool = False

    @classmethod
    def open(cls, config: RunConfig, contract: Contract, recorder: Recorder) -> ConformanceSession:
        """Open the target and wire a sender, an object keeper and the probes to it."""
        opened = open_target(config)
        sender = Sender(
            opened.client, contract, recorder, placement=config.error_placement, budget=config.budget
        )
        # derived from the seed, so a seed repeats a run exactly, names included
        run_id = hashlib.sha256(str(config.seed).encode()).hexdigest()[:6]
        ledger = None
        if config.report_dir is not None:
            # the in-process mock ends with the run's process: nothing a crash leaves can outlive it
            ledger = Ledger(config.report_dir / LEDGER_NAME, durable=not config.is_mock)
            ledger.begin(f"{TITLE_PREFIX}{run_id}")
        keeper = ObjectKeeper(
            sender,
            ledger=ledger,
            run_id=run_id,
            second_access_token=opened.second_access_token,
            makes_objects=opened.target.auth != "webhook",
            batch_calls=config.batch,
        )
        probes = Probes(sender, keeper, auth=opened.target.auth)
        return cls(
            config,
            contract,
            recorder,
            opened.target,
            opened.client,
            sender,
            keeper,
            probes,
            BatchProbes(probes),
            opened.portal,
            opened.second_access_token,
        )

    @property
    def auth(self) -> str:
        """oauth or webhook."""
        return self.target.auth

    @property
    def run_id(self) -> str:
        """Six hex characters that name everything the run makes."""
        return self.keeper.run_id

    def webhook_client(self) -> Client | None:
        """A client that calls the target through its webhook (the mock's own, or --webhook), else None.

        It goes through the run client's pacer and retry policy: the webhook draws on the same bucket.
        """
        return open_webhook(self.config, OpenedTarget(self.target, self.client, self.portal))

    def redacted_target(self) -> str:
        """The target as reports may show it."""
        return "mock" if self.config.is_mock else self.target.redacted_url()

    def probe_reachable(self) -> None:
        """Send one harmless call; raise Unreachable or ConfigError when the run cannot go on."""
        try:
            exchange = self.sender.call("biconnector.connector.list", {})
        except TransportError as exc:
            raise Unreachable(exc.message) from None
        self.sender.probing_done = True
        self.sender.check(self.contract.method("biconnector.connector.list"), exchange)
        body = exchange.response.json if exchange.response.is_json else None
        if isinstance(body, dict) and body.get("error") in _REFUSED_CREDENTIALS:
            raise ConfigError(
                f"The target refused the credentials: HTTP {exchange.response.status} {body['error']}: "
                f"{body.get('error_description', '')}. Check --access-token or the webhook URL."
            )

    def prepare_objects(self) -> Objects:
        """Make (or, read-only, find) one object of each entity for each application of the run."""
        families = [entity.name for entity in self.contract.entities]
        if self.auth == "webhook":
            # Without an application context every call answers ACCESS_DENIED and nothing can be made:
            # the ids and the titles only have to be well-formed.
            for entity in self.contract.entities:
                self.own_titles[entity.name] = self.keeper.sample(entity.name, 1, n=0)[entity.title_field]
            own, foreign = dict.fromkeys(families, 1), dict.fromkeys(families, 2)
            return Objects(own=self._with_aliases(own), foreign=self._with_aliases(foreign))
        objects = Objects()
        self._prepare_for(None, objects.own, objects.missing)
        if self.second_access_token:
            self._prepare_for(self.second_access_token, objects.foreign, objects.foreign_missing)
        else:
            reason = "needs a second application: pass --second-access-token"
            objects.foreign_missing.update(dict.fromkeys(families, reason))
        return objects

    def id_facts(self, method: Method, objects: Objects) -> IdFacts | str:
        """The ids one method's probes use, or why the method cannot be probed."""
        own = objects.own.get(method.entity)
        if own is None:
            return objects.missing.get(method.entity, f"no {method.entity} to probe with")
        return IdFacts(existing=own, unknown=UNKNOWN_ID, foreign=objects.foreign.get(method.entity))

    def cleanup(self) -> list[str]:
        """Delete what this run made; returns messages for what could not be deleted."""
        if self.closed:
            return []  # cleaned up already, by the session fixture's teardown
        return self.keeper.cleanup()

    def close(self) -> None:
        """Release the client."""
        self.closed = True
        self.client.close()

    def _prepare_for(self, token: str | None, ids: dict[str, int], missing: dict[str, str]) -> None:
        """Fill ids (entity -> id, parents first) for one application, and missing with the reasons."""
        for entity in self.contract.entities:
            if self.config.read_only:
                found = self._first_listed(entity.name, token)
                if found is None:
                    missing[entity.name] = (
                        f"read-only run and biconnector.{entity.name}.list returned no {entity.name}"
                    )
                else:
                    ids[entity.name] = found
                continue
            if entity.name in missing:
                continue
            try:
                parent = ids[entity.parent.entity] if entity.parent is not None else None
                fields = self.keeper.sample(entity.name, parent)
                ids[entity.name] = self.keeper.create(entity.name, fields, access_token=token)
            except (SetupFailed, BudgetSpent) as exc:
                # what is not made yet cannot be made now: its parents are missing, or the budget is
                missing.update(
                    {other.name: str(exc) for other in self.contract.entities if other.name not in ids}
                )
                continue
            if token is None:
                self.own_titles[entity.name] = fields[entity.title_field]
        ids.update(self._with_aliases(ids))
        missing.update(self._with_aliases(missing))

    def _with_aliases(self, by_entity: dict[str, Any]) -> dict[str, Any]:
        """by_entity with each alias (dataset for table) holding its family's value."""
        return {
            **by_entity,
            **{
                alias: by_entity[entity.name]
                for entity in self.contract.entities
                for alias in entity.aliases
                if entity.name in by_entity
            },
        }

    def _first_listed(self, entity: str, token: str | None) -> int | None:
        try:
            exchange = self.sender.call(f"biconnector.{entity}.list", {}, access_token=token)
        except (TransportError, BudgetSpent):
            return None
        return next(iter(listed_ids(listed_items(exchange) or [])), None)
