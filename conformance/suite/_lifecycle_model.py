"""A model of what one application wrote, and the calls that hold a target to it (for the stateful suite)."""

from __future__ import annotations

from typing import Any

from conformance.client import MASK
from conformance.engine import (
    TITLE_PREFIX,
    BatchCommand,
    ConformanceSession,
    FixedCase,
    listed_ids,
    listed_items,
)
from conformance.exchange import Exchange
from conformance.findings import ConformanceFailure
from conformance.inputs import PAGE_SIZE
from conformance.outcome import SUCCESS, Expectation, Outcome

INPUT_CLASS = "lifecycle"
MAX_LIST_PAGES = 20
SETTINGS = [
    {"code": "token", "name": "Token", "type": "STRING"},
    {"code": "region", "name": "Region", "type": "STRING"},
]


class LifecycleProbe:
    """Calls add/get/update/list/delete and compares each answer with the model of what was written."""

    def __init__(self, session: ConformanceSession) -> None:
        self.session = session
        self.connectors: dict[int, dict[str, Any]] = {}
        self.sources: dict[int, dict[str, Any]] = {}  # id -> {connector, title, settings}
        self.tables: dict[int, dict[str, Any]] = {}  # id -> {source, name, description, columns}
        self.deleted: set[tuple[str, int]] = set()
        self.models = {"connector": self.connectors, "source": self.sources, "table": self.tables}

    def reset(self) -> None:
        """Start afresh: delete every object of the model, children first (a parent with children cannot
        go), and forget it."""
        for entity in ("table", "source", "connector"):
            model = self.models[entity]
            for object_id in sorted(model):
                self.session.sender.call(f"biconnector.{entity}.delete", {"id": object_id})
                self.session.keeper.forget(entity, object_id)
            model.clear()
        self.deleted.clear()

    def can_update(self, entity: str) -> bool:
        """Whether the contract has entity.update."""
        return f"biconnector.{entity}.update" in self.session.contract.methods

    # the rules' actions ------------------------------------------------------------------

    def add_connector(self, title: str) -> None:
        fields = {
            **self.session.keeper.sample("connector"),
            "title": f"{TITLE_PREFIX}{self.session.run_id} {title}",
            "settings": [dict(s) for s in SETTINGS],
        }
        new_id = self._add("connector", fields)
        self.connectors[new_id] = fields

    def add_source(self, connector: int, token: str) -> None:
        settings = {"token": token, "region": "eu"}
        fields = {**self.session.keeper.sample("source", connector), "settings": settings}
        new_id = self._add("source", fields)
        # the module keeps only the codes the connector's settings declare
        codes = {s["code"] for s in self.connectors[connector]["settings"]}
        kept = {code: value for code, value in settings.items() if code in codes}
        self.sources[new_id] = {"connector": connector, "title": fields["title"], "settings": kept}

    def add_table(self, source: int, description: str) -> None:
        fields = {**self.session.keeper.sample("table", source), "description": description}
        new_id = self._add("table", fields)
        columns = [column["name"] for column in fields["fields"]]
        self.tables[new_id] = {
            "source": source,
            "name": fields["name"],
            "description": description,
            "columns": columns,
        }

    def update_table(self, table: int, description: str, *, read_back: bool = True) -> None:
        self._call("biconnector.table.update", {"id": table, "fields": {"description": description}}, SUCCESS)
        self.tables[table]["description"] = description
        if read_back:
            self.get("table", table)  # only description changes; name and columns stay

    def get(self, entity: str, object_id: int) -> None:
        exchange, _ = self._call(f"biconnector.{entity}.get", {"id": object_id}, SUCCESS)
        self._hold_item(entity, object_id, exchange)

    def _hold_item(self, entity: str, object_id: int, exchange: Exchange) -> None:
        """Fail unless the get of object_id (exchange) returns what the model says was written."""
        body = exchange.response.json if exchange.response.is_json else {}
        result = body.get("result") if isinstance(body, dict) else None
        item = result.get("item") if isinstance(result, dict) else None
        written = self.models[entity][object_id]
        differences = _differences(entity, written, item if isinstance(item, dict) else {})
        if differences:
            expected = "; ".join(f"{key}={wrote!r}" for key, wrote, _ in differences)
            observed = "; ".join(f"{key}={got!r}" for key, _, got in differences)
            self._fail(exchange, "get does not return what was written", expected, observed)

    def update_connector(
        self, connector: int, title: str | None, settings_count: int | None, *, read_back: bool = True
    ) -> None:
        fields: dict[str, Any] = {}
        if title is not None:
            fields["title"] = f"{TITLE_PREFIX}{self.session.run_id} {title}"
        has_sources = any(s["connector"] == connector for s in self.sources.values())
        if settings_count is not None and not has_sources:
            # settings are replaced wholesale; what that does to existing sources is not documented
            fields["settings"] = [dict(s) for s in SETTINGS[:settings_count]]
        if not fields:
            fields["description"] = "updated by b24-conformance"
        self._call("biconnector.connector.update", {"id": connector, "fields": fields}, SUCCESS)
        self.connectors[connector].update(fields)
        if read_back:
            self.get("connector", connector)  # update is partial: what it was not given must stay

    def update_source(self, source: int, token: str, *, read_back: bool = True) -> None:
        fields = {"title": self.sources[source]["title"], "settings": {"token": token}}
        self._call("biconnector.source.update", {"id": source, "fields": fields}, SUCCESS)
        if "token" in self.sources[source]["settings"]:
            self.sources[source]["settings"]["token"] = token  # merged by key, the other codes stay
        if read_back:
            self.get("source", source)

    def delete(self, entity: str, object_id: int) -> None:
        if entity == "connector" and any(s["connector"] == object_id for s in self.sources.values()):
            self._call(
                "biconnector.connector.delete", {"id": object_id}, Outcome("CONNECTOR_DELETE_RESTRICTED")
            )
            return
        if entity == "source" and any(t["source"] == object_id for t in self.tables.values()):
            self._call("biconnector.source.delete", {"id": object_id}, Outcome("BX_ERROR"))
            return
        self._call(f"biconnector.{entity}.delete", {"id": object_id}, SUCCESS)
        self.models[entity].pop(object_id)
        self.session.keeper.forget(entity, object_id)
        self.deleted.add((entity, object_id))

    def get_deleted(self, entity: str, object_id: int) -> None:
        method = self.session.contract.method(f"biconnector.{entity}.get")
        self._call(method.name, {"id": object_id}, Outcome(method.not_found_code))

    def list(self, entity: str) -> None:
        listed: set[int] = set()
        exchange = None
        for page in range(1, MAX_LIST_PAGES + 1):
            exchange, _ = self._call(f"biconnector.{entity}.list", {"page": page}, SUCCESS)
            items = listed_items(exchange) or []
            listed.update(listed_ids(items))
            if len(items) < PAGE_SIZE:
                break
        self._hold_list(entity, exchange, listed)

    def read_together(self, reads: list[tuple[str, str, int | None]]) -> None:
        """Each read as the commands of one batch call: ("get", entity, id) as get() does, ("list", entity,
        None) as list() does (one whose first page is full goes on page by page on its own), ("gone",
        entity, id) as get_deleted() does."""
        commands = []
        for kind, entity, object_id in reads:
            if kind == "list":
                method, params, outcome = self._method(entity, "list"), {"page": 1}, SUCCESS
            else:
                method, params = self._method(entity, "get"), {"id": object_id}
                outcome = SUCCESS if kind == "get" else Outcome(method.not_found_code)
            case = FixedCase(INPUT_CLASS, params)
            commands.append(BatchCommand(method, case, Expectation(outcome, outcome), params))
        batch = self.session.batch
        results = batch.send_packed(commands)
        # as get(), list() and get_deleted() one by one: each answer held to its outcome, then what it
        # holds to the model; the gets of deleted objects last
        held = [index for index, (kind, _, _) in enumerate(reads) if kind != "gone"]
        gone = [index for index, (kind, _, _) in enumerate(reads) if kind == "gone"]
        answers = batch.judge([commands[i] for i in held], [results[i] for i in held])
        for index, answer in zip(held, answers, strict=True):
            if answer is None:
                continue  # the batch check has reported it
            kind, entity, object_id = reads[index]
            if kind == "get":
                self._hold_item(entity, object_id, answer)
                continue
            items = listed_items(answer) or []
            if len(items) >= PAGE_SIZE:
                self.list(entity)
            else:
                self._hold_list(entity, answer, set(listed_ids(items)))
        batch.judge([commands[i] for i in gone], [results[i] for i in gone])

    def _method(self, entity: str, action: str):
        return self.session.contract.method(f"biconnector.{entity}.{action}")

    def _hold_list(self, entity: str, exchange: Exchange | None, listed: set[int]) -> None:
        """Fail unless listed (what a list of entity showed) is what the model says exists."""
        alive = set(self.models[entity])
        gone = {object_id for kind, object_id in self.deleted if kind == entity}
        missing, ghosts = sorted(alive - listed), sorted(gone & listed)
        if missing or ghosts:
            self._fail(
                exchange,
                "list is not what exists",
                f"ids {sorted(alive)} listed, deleted ids absent",
                f"missing {missing}, deleted but listed {ghosts}",
            )

    def _add(self, entity: str, fields: dict[str, Any]) -> int:
        method = self.session.contract.method(f"biconnector.{entity}.add")
        exchange, new_id = self.session.keeper.send_create(method, {"fields": fields})
        ConformanceFailure.raise_for(
            self.session.sender.expect_outcome(method, exchange, SUCCESS, INPUT_CLASS)
        )
        if new_id is None:
            self._fail(
                exchange, f"{entity}.add answered no id", "result.id, an integer", exchange.response.snippet()
            )
        return new_id

    def _call(self, name: str, params: dict[str, Any], expected: Outcome) -> tuple[Exchange, Any]:
        method = self.session.contract.method(name)
        exchange = self.session.sender.call(name, params)
        ConformanceFailure.raise_for(
            self.session.sender.expect_outcome(method, exchange, expected, INPUT_CLASS)
        )
        body = exchange.response.json if exchange.response.is_json else {}
        return exchange, body.get("result") if isinstance(body, dict) else None

    def _fail(self, exchange: Exchange, message: str, expected: str, observed: str) -> None:
        self.session.sender.fail(exchange, "lifecycle", message, expected, observed, INPUT_CLASS)


def _differences(entity: str, written: dict[str, Any], item: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(field, written, got) for every field get answers differently from what was written."""
    if entity == "connector":
        return [
            (key, written[key], item.get(key))
            for key in ("title", "urlCheck", "urlData", "settings", "description")
            if key in written and item.get(key) != written[key]
        ]
    if entity == "table":
        columns = [c.get("name") for c in item.get("fields") or [] if isinstance(c, dict)]
        observed = {"name": item.get("name"), "description": item.get("description"), "columns": columns}
        expected = {key: written[key] for key in observed}
        return [(key, expected[key], observed[key]) for key in expected if observed[key] != expected[key]]
    model = written
    connection = item.get("connection") if isinstance(item.get("connection"), dict) else {}
    settings = {s.get("code"): s.get("value") for s in item.get("settings") or [] if isinstance(s, dict)}
    # the client masks settings values (credentials) in every answer: compare which codes are there
    if all(value == MASK for value in settings.values()):
        model = {**model, "settings": dict.fromkeys(model["settings"], MASK)}
    observed = {
        "title": connection.get("title"),
        "connectorId": item.get("connectorId"),
        "settings": settings,
    }
    expected = {"title": model["title"], "connectorId": model["connector"], "settings": model["settings"]}
    return [(key, expected[key], observed[key]) for key in expected if observed[key] != expected[key]]
