"""One conformance session against one target: the client, the objects it made, and the probes it sends."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NoReturn

from ..checks import ALL_CHECKS, Check, CheckContext, observed_outcome, run_checks, transport_finding
from ..client import Client, OAuthError, OAuthRefresh, Pacer, RetryPolicy, Target, TargetError, TransportError
from ..contract import Contract, Method
from ..exchange import Exchange, made_id
from ..findings import ConformanceFailure, Finding
from ..inputs import IdCase, IdFacts

# ENTITIES: what the suite makes for each application, parents first; the ledger owns these names.
from ..ledger import ENTITIES, LEDGER_NAME, TITLE_PREFIX, Ledger, storage_entity
from ..oracle import expect_fields, expect_id, expect_list
from ..outcome import Expectation, Outcome
from ._batch_probes import BatchProbes
from ._recorder import Recorder
from ._runconfig import ConfigError, RunConfig

# Far above any id a portal hands out, so a lookup of it means "no such object".
UNKNOWN_ID = 999_999_937
LOGO = "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4="


class Unreachable(RuntimeError):
    """The target could not be talked to at all."""


class BudgetSpent(RuntimeError):
    """The run's request budget is used up."""


class SetupFailed(RuntimeError):
    """The suite could not make an object it needs; the message says what the target answered."""


@dataclass
class Created:
    """An object this run made, to delete at the end."""

    entity: str
    id: int
    access_token: str | None = field(repr=False)  # a secret: never in a repr (tracebacks show them)


@dataclass
class Objects:
    """Ids the suite can use per entity: its own, another application's, and why any is missing."""

    own: dict[str, int] = field(default_factory=dict)
    foreign: dict[str, int] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    foreign_missing: dict[str, str] = field(default_factory=dict)


@dataclass
class ConformanceSession(BatchProbes):
    """Talks to the target for the suite: probes, object setup and cleanup, recording."""

    config: RunConfig
    contract: Contract
    recorder: Recorder
    target: Target
    client: Client
    portal: Any = None  # the in-process MockPortal, when the target is mock
    second_access_token: str | None = field(default=None, repr=False)  # another application's, for id.foreign
    run_id: str = ""  # names what the run makes; derived from the seed so a seed repeats a run exactly
    ledger: Ledger | None = None  # what the run made, on disk, for cleanup after a crash
    probing_done: bool = False  # past the first call, a refused renewal ends the run
    closed: bool = False
    own_table_name: str | None = None  # the name of the table made for the application under test
    created: list[Created] = field(default_factory=list)
    _tables: int = 0

    @classmethod
    def open(cls, config: RunConfig, contract: Contract, recorder: Recorder) -> ConformanceSession:
        """Build the target (and the in-process mock when asked for) and a client for it."""
        portal = None
        second = config.second_access_token
        if config.mock_faults and not config.is_mock:
            raise ConfigError("--b24-mock-faults plants faults in the bundled mock; use it with target mock")
        if config.is_mock:
            from ..mock import MockConfig, MockPortal

            portal = MockPortal(MockConfig(error_placement=config.mock_error_placement))
            primary, foreign = portal.applications
            target = Target.in_process(_with_faults(portal, config.mock_faults), primary.access_token)
            second = foreign.access_token
        else:
            try:
                target = Target.parse(config.target, auth=config.auth, access_token=config.access_token)
            except TargetError as exc:
                raise ConfigError(str(exc)) from None
        client = Client(target, timeout=config.timeout, **_client_options(config, target, portal))
        run_id = hashlib.sha256(str(config.seed).encode()).hexdigest()[:6]
        ledger = None
        if config.report_dir is not None:
            ledger = Ledger(config.report_dir / LEDGER_NAME)
            ledger.begin(f"{TITLE_PREFIX}{run_id}")
        return cls(config, contract, recorder, target, client, portal, second, run_id, ledger=ledger)

    @property
    def auth(self) -> str:
        """oauth or webhook."""
        return self.target.auth

    def webhook_client(self) -> Client | None:
        """A client that calls the same in-process mock through its webhook, or None for other targets."""
        if self.portal is None:
            return None
        base = self.target.base_url.removesuffix("/rest/") + self.portal.webhook_path
        return Client(replace(self.target, base_url=base, auth="webhook", access_token=None))

    def redacted_target(self) -> str:
        """The target as reports may show it."""
        return "mock" if self.config.is_mock else self.target.redacted_url()

    def probe_reachable(self) -> None:
        """Send one harmless call; raise Unreachable or ConfigError when the run cannot go on."""
        try:
            exchange = self.call("biconnector.connector.list", {})
        except TransportError as exc:
            raise Unreachable(exc.message) from None
        self.probing_done = True
        self.check(self.contract.method("biconnector.connector.list"), exchange)
        body = exchange.response.json if exchange.response.is_json else None
        if isinstance(body, dict) and body.get("error") in (
            "NO_AUTH_FOUND",
            "expired_token",
            "INVALID_CREDENTIALS",
        ):
            raise ConfigError(
                f"The target refused the credentials: HTTP {exchange.response.status} {body['error']}: "
                f"{body.get('error_description', '')}. Check --b24-access-token or the webhook URL."
            )

    def call(
        self,
        method: str,
        params: dict | None,
        *,
        encoding: str = "json",
        access_token: str | None = None,
        via: Client | None = None,
    ) -> Exchange:
        """Send one request within the budget, through the session's client or the one given as via."""
        if self.config.budget is not None and self.recorder.requests >= self.config.budget:
            self.recorder.budget_spent = True
            raise BudgetSpent(f"the budget of {self.config.budget} requests is spent")
        self.recorder.count_request()
        try:
            exchange = (via or self.client).call(method, params, encoding=encoding, access_token=access_token)
        except TransportError as exc:
            self.recorder.count_request(exc.attempts - 1)
            raise
        except OAuthError as exc:
            message = f"The access token expired and could not be renewed: {exc}"
            self.recorder.fail_run("configuration", message, 2)
            if self.probing_done:
                # mid-run, every further request would fail the same way: stop the run here
                import pytest

                pytest.exit(message, returncode=2)
            raise ConfigError(message) from None
        self.recorder.count_request(exchange.attempts - 1)
        return exchange

    def check(
        self,
        method: Method,
        exchange: Exchange,
        *,
        expectation=None,
        input_class=None,
        checks: Sequence[Check] = ALL_CHECKS,
    ) -> list[Finding]:
        """Run the checks (all of them unless told) on one exchange and record the result."""
        context = CheckContext(self.contract, method, self.config.error_placement, expectation, input_class)
        findings = run_checks(exchange, context, checks)
        outcome = observed_outcome(exchange.response)
        self.recorder.record(method.name, input_class, None if outcome is None else str(outcome), findings)
        return findings

    def probe_id(self, method: Method, case: IdCase, facts: IdFacts) -> None:
        """Send one id case, check the answer against the oracle, and fail on any fail finding."""
        params = self.probe_params(method, case)
        self._probe(method, case, expect_id(method, case, facts, auth=self.auth), params)

    def probe_fields(self, method: Method, case: Any, facts: Any) -> None:
        """Send one fields payload, check the answer against the oracle, and delete what an add made."""
        expectation = expect_fields(method, case, facts, auth=self.auth)
        made = None
        if method.effect == "create":

            def send() -> Exchange:
                nonlocal made
                exchange, made = self.send_create(
                    method, case.params, encoding=case.encoding, may_create=expectation.may_succeed
                )
                return exchange
        else:

            def send() -> Exchange:
                return self.call(method.name, case.params, encoding=case.encoding)

        exchange = self._send_probe(method, case.input_class, send)
        try:
            findings = self.check(method, exchange, expectation=expectation, input_class=case.input_class)
        finally:
            if made is not None:
                self.discard(method.entity, made)  # at once: names are portal-wide
        ConformanceFailure.raise_for(findings)

    def probe_list(self, method: Method, case: Any) -> Exchange:
        """Send one list call, check the answer (exact error text included) against the oracle; return it."""
        return self._probe(method, case, expect_list(method, case, auth=self.auth), case.params)

    def _probe(self, method: Method, case: Any, expectation: Expectation, params: dict) -> Exchange:
        """Send params in case's encoding, check the answer against expectation, fail on any fail finding."""
        exchange = self._send_probe(
            method, case.input_class, lambda: self.call(method.name, params, encoding=case.encoding)
        )
        ConformanceFailure.raise_for(
            self.check(method, exchange, expectation=expectation, input_class=case.input_class)
        )
        return exchange

    def expect_outcome(
        self, method: Method, exchange: Exchange, outcome: Outcome, input_class: str
    ) -> list[Finding]:
        """Check an answer whose outcome is the same under both semantics; the findings, recorded."""
        return self.check(
            method, exchange, expectation=Expectation(outcome, outcome), input_class=input_class
        )

    def fail(
        self, exchange: Exchange, check: str, message: str, expected: str, observed: str, input_class: str
    ) -> NoReturn:
        """Record a fail finding about exchange that no check can see (a sequence of calls) and raise it."""
        finding = Finding(
            check=check,
            severity="fail",
            method=exchange.request.method,
            message=message,
            expected=expected,
            observed=observed,
            input_class=input_class,
            reproduce=exchange.reproduce,
        )
        self.recorder.record(exchange.request.method, input_class, None, [finding])
        raise ConformanceFailure([finding])

    def _send_probe(self, method: Method, input_class: str | None, send: Callable[[], Exchange]) -> Exchange:
        """send(); a transport fault becomes a recorded `transport` finding and a ConformanceFailure."""
        try:
            return send()
        except TransportError as exc:
            finding = replace(
                transport_finding(method.name, exc.message, exc.request.curl()), input_class=input_class
            )
            self.recorder.record(method.name, input_class, None, [finding])
            raise ConformanceFailure([finding]) from None

    # objects the suite needs -------------------------------------------------------------

    def prepare_objects(self) -> Objects:
        """Make (or, read-only, find) a connector, a source and a table for each application of the run."""
        objects = Objects()
        if self.auth == "webhook":
            # Without an application context every call answers ACCESS_DENIED and nothing can be made:
            # the ids and the table name only have to be well-formed.
            self.own_table_name = f"b24c_{self.run_id}_0"
            return Objects(
                own={**dict.fromkeys(ENTITIES, 1), "dataset": 1},
                foreign={**dict.fromkeys(ENTITIES, 2), "dataset": 2},
            )
        self._prepare_for(None, objects.own, objects.missing)
        if self.second_access_token:
            self._prepare_for(self.second_access_token, objects.foreign, objects.foreign_missing)
        else:
            reason = "needs a second application: pass --b24-second-access-token"
            objects.foreign_missing.update(dict.fromkeys(ENTITIES, reason))
        return objects

    def _prepare_for(self, token: str | None, ids: dict[str, int], missing: dict[str, str]) -> None:
        if self.config.read_only:
            for entity in ENTITIES:
                found = self._first_listed(entity, token)
                if found is None:
                    missing[entity] = f"read-only run and biconnector.{entity}.list returned no {entity}"
                else:
                    ids[entity] = found
        else:
            try:
                ids["connector"] = self.create("connector", self.connector_fields(), access_token=token)
                ids["source"] = self.create(
                    "source", self.source_fields(ids["connector"]), access_token=token
                )
                table = self.table_fields(ids["source"])
                ids["table"] = self.create("table", table, access_token=token)
                if token is None:
                    self.own_table_name = table["name"]
            except (SetupFailed, BudgetSpent) as exc:
                for entity in ENTITIES:
                    if entity not in ids:
                        missing[entity] = str(exc)
        # dataset.* is the deprecated name of the same storage as table.*
        if "table" in ids:
            ids["dataset"] = ids["table"]
        elif "table" in missing:
            missing["dataset"] = missing["table"]

    def _first_listed(self, entity: str, token: str | None) -> int | None:
        try:
            exchange = self.call(f"biconnector.{entity}.list", {}, access_token=token)
        except (TransportError, BudgetSpent):
            return None
        return next(iter(listed_ids(listed_items(exchange) or [])), None)

    def id_facts(self, method: Method, objects: Objects) -> IdFacts | str:
        """The ids one method's probes use, or why the method cannot be probed."""
        own = objects.own.get(method.entity)
        if own is None:
            return objects.missing.get(method.entity, f"no {method.entity} to probe with")
        return IdFacts(existing=own, unknown=UNKNOWN_ID, foreign=objects.foreign.get(method.entity))

    def create(self, entity: str, fields: dict, *, access_token: str | None = None) -> int:
        """Add an object through entity.add and remember it for cleanup; SetupFailed if refused."""
        method = self.contract.method(f"biconnector.{entity}.add")
        try:
            exchange, made = self.send_create(method, {"fields": fields}, access_token=access_token)
        except TransportError as exc:
            raise SetupFailed(f"{method.name} could not be sent: {exc.message}") from None
        self.check(method, exchange)
        if made is None:
            raise SetupFailed(
                f"Expected {method.name} to answer result.id, got HTTP {exchange.response.status}: "
                f"{exchange.response.snippet()}"
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
        entity = storage_entity(method.entity)
        entry = self._intend(entity, params, access_token) if may_create else None
        exchange = self.call(method.name, params, encoding=encoding, access_token=access_token)
        made = made_id(exchange)
        if made is not None:
            self._note_made(entity, params, made, access_token, entry)
        elif entry is not None:
            self.ledger.abandoned(entry)
        return exchange, made

    def _note_made(
        self, entity: str, params: dict, made: int, access_token: str | None, entry: int | None
    ) -> None:
        """Remember an object a call made and tell the ledger (after the fact, when no intent was written)."""
        self.remember(entity, made, access_token)
        if entry is None:
            entry = self._intend(entity, params, access_token)
        if entry is not None:
            self.ledger.created(entry, made)

    def _intend(self, entity: str, params: dict, access_token: str | None) -> int | None:
        if self.ledger is None:
            return None
        fields = params.get("fields") if isinstance(params.get("fields"), dict) else {}
        title = fields.get("name", fields.get("title", ""))
        parent = {k: v for k, v in fields.items() if k in ("connectorId", "sourceId") and isinstance(v, int)}
        app = "primary" if access_token is None else "second"
        return self.ledger.intend(entity, title if isinstance(title, str) else "", parent, app=app)

    def create_disposable(self, entity: str, objects: Objects) -> int:
        """A fresh object of entity under the run's own parents, for a probe that may delete it."""
        if self.auth == "webhook":
            return objects.own[entity]  # nothing can be made without an application context
        if entity == "connector":
            return self.create("connector", self.connector_fields())
        if entity == "source":
            return self.create("source", self.source_fields(objects.own["connector"]))
        return self.create("table", self.table_fields(objects.own["source"]))

    def discard(self, entity: str, object_id: int) -> None:
        """Delete an object if a probe left it, and stop tracking it."""
        storage = storage_entity(entity)
        if any((c.entity, c.id) == (storage, object_id) for c in self.created):
            self.call(f"biconnector.{storage}.delete", {"id": object_id})
            self.forget(storage, object_id)

    def probe_params(self, method: Method, case: IdCase) -> dict:
        """The case's id params plus what the method needs besides an id to get past validation."""
        extra = {
            "biconnector.connector.update": {"fields": {"description": "probed by b24-conformance"}},
            "biconnector.source.update": {"fields": {"title": f"{TITLE_PREFIX}{self.run_id} source"}},
            "biconnector.table.update": {"fields": {"description": "probed by b24-conformance"}},
            "biconnector.dataset.update": {"fields": {"description": "probed by b24-conformance"}},
        }.get(method.name, {})
        return {**case.params, **extra}

    def remember(self, entity: str, object_id: int, access_token: str | None = None) -> None:
        """Note an object the run made, so the end of the run deletes it."""
        self.created.append(Created(entity, object_id, access_token))

    def forget(self, entity: str, object_id: int) -> None:
        """Drop an object the run has deleted itself from the cleanup list (and tell the ledger)."""
        self.created = [c for c in self.created if (c.entity, c.id) != (entity, object_id)]
        if self.ledger is not None:
            self.ledger.deleted(entity, object_id)

    def connector_fields(self) -> dict:
        """A valid connector for this run, titled with the run's prefix."""
        base = "https://connector.invalid/b24-conformance"
        return {
            "title": f"{TITLE_PREFIX}{self.run_id} connector",
            "logo": LOGO,
            "description": "made by b24-conformance; safe to delete",
            "urlCheck": f"{base}/check",
            "urlTableList": f"{base}/table_list",
            "urlTableDescription": f"{base}/table_description",
            "urlData": f"{base}/data",
            "settings": [{"code": "token", "name": "Token", "type": "STRING"}],
        }

    def table_fields(self, source_id: int) -> dict:
        """A valid table on source_id; the name is unique on the portal (names are portal-wide)."""
        self._tables += 1
        return {
            "sourceId": source_id,
            "name": f"b24c_{self.run_id}_{self._tables}",
            "externalName": "sample",
            "externalCode": "sample",
            "description": "made by b24-conformance; safe to delete",
            "fields": [
                {"name": "ID", "externalCode": "id", "type": "int"},
                {"name": "TITLE", "externalCode": "title", "type": "string"},
            ],
        }

    def source_fields(self, connector_id: int) -> dict:
        """A valid source on connector_id."""
        return {
            "title": f"{TITLE_PREFIX}{self.run_id} source",
            "description": "made by b24-conformance; safe to delete",
            "connectorId": connector_id,
            # a value the portal stores as a credential: reports must never show it
            "settings": {"token": f"{TITLE_PREFIX}{self.run_id}-setting-value"},
        }

    def cleanup(self) -> list[str]:
        """Delete what this run made, newest first; returns messages for what could not be deleted."""
        if self.closed:
            return []  # cleaned up already, by the session fixture's teardown
        problems = []
        while self.created:
            item = self.created.pop()
            try:
                exchange = self.client.call(
                    f"biconnector.{item.entity}.delete", {"id": item.id}, access_token=item.access_token
                )
                self.recorder.count_request()
            except TransportError as exc:
                problems.append(f"{item.entity} {item.id}: {exc.message}")
                continue
            except OAuthError as exc:
                problems.append(f"{item.entity} {item.id}: the access token could not be renewed: {exc}")
                continue
            body = exchange.response.json if exchange.response.is_json else None
            if isinstance(body, dict) and body.get("result") is True:
                if self.ledger is not None:
                    self.ledger.deleted(item.entity, item.id)
            else:
                problems.append(
                    f"{item.entity} {item.id}: HTTP {exchange.response.status} {exchange.response.snippet()}"
                )
        if self.ledger is not None and self.ledger.outstanding():
            problems += self._settle_interrupted_adds()
        return problems

    def _settle_interrupted_adds(self) -> list[str]:
        """Resolve adds whose answer never arrived (a run interrupted mid-request) the way cleanup does."""
        from ..ledger import cleanup

        report = io.StringIO()
        tokens = {"second": self.second_access_token} if self.second_access_token else None
        try:
            if cleanup(self.client, ledger_path=self.ledger.path, out=report, access_tokens=tokens) == 0:
                return []
        except OAuthError as exc:
            return [f"could not look for adds whose answer never arrived: {exc}"]
        return [line for line in report.getvalue().splitlines() if not line.startswith("cleanup:")]

    def close(self) -> None:
        """Release the client."""
        self.closed = True
        self.client.close()


def _with_faults(portal: Any, names: tuple[str, ...]) -> Any:
    if not names:
        return portal
    from ..faults import with_faults

    try:
        return with_faults(portal, names, portal=portal)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None


def listed_items(exchange: Exchange) -> list[dict[str, Any]] | None:
    """The objects a list call answered (None for an error or a result that is no list)."""
    body = exchange.response.json if exchange.response.is_json else None
    result = body.get("result") if isinstance(body, dict) and "error" not in body else None
    if not isinstance(result, list):
        return None
    return [item for item in result if isinstance(item, dict)]


def listed_ids(items: list[dict[str, Any]]) -> list[int]:
    """The integer ids of listed objects, in order."""
    return [item["id"] for item in items if isinstance(item.get("id"), int)]


def _client_options(config: RunConfig, target: Target, portal: Any) -> dict[str, Any]:
    """Pacing, retries and token renewal for the run's client (none of them for the plain mock)."""
    options: dict[str, Any] = {}
    if config.pacing != "off":
        options["pacer"] = Pacer.plan(config.pacing)
    retrying = not config.is_mock or config.pacing != "off"
    if retrying and config.retry_time != 0:
        # 503 and 429 are the portal protecting itself, not findings: wait and send again, within bounds
        bound = {} if config.retry_time is None else {"max_total_s": config.retry_time}
        options["retry"] = RetryPolicy(seed=config.seed, **bound)
    if config.renews_tokens:
        # the in-process mock serves its token endpoint next to /rest/
        mock_server = target.base_url.removesuffix("rest/") + "oauth/token/" if portal is not None else None
        server = config.oauth_server or mock_server
        extra = {"server_url": server} if server else {}
        options["oauth"] = OAuthRefresh(
            config.client_id, config.client_secret, config.refresh_token, app=portal, **extra
        )
    return options
