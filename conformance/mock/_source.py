"""Sources: add checks the connector and its urlCheck; get nests the connection; list is flat."""

from __future__ import annotations

from typing import Any

from . import _php
from ._config import Caller, UrlCheck
from ._errors import module_error
from ._store import Record, Store, object_date


class Sources:
    """The source entity over a store; url_check stands in for the POST to the connector's urlCheck."""

    entity = "source"
    # With an explicit select the module leaves these dates unformatted, and json_encode shows {}.
    unformatted: tuple[str, ...] = ("dateCreate", "dateUpdate")

    def __init__(self, store: Store, url_check: UrlCheck) -> None:
        self._store = store
        self._url_check = url_check

    def add(self, caller: Caller, fields: dict[str, Any]) -> int:
        """Store a source of one of the caller's connectors once its urlCheck accepts the settings."""
        connector_id = _php.to_int(fields["connectorId"])
        connector = self._connector(caller, connector_id)
        given = dict(_php.items(fields["settings"]))
        values = {
            s["code"]: _php.to_str(given[s["code"]])
            for s in connector.data["settings"]
            if _php.isset(given, s["code"])
        }
        # Outside the lock: the check may be a slow network call.
        if not self._reachable(connector.data["urlCheck"], dict(values)):
            raise module_error("SOURCE_CREATE_CONNECTION_ERROR")
        with self._store.locked():
            self._connector(caller, connector_id)
            now = object_date()
            settings = [
                {"id": self._store.next_id("source_setting"), "code": code, "value": value}
                for code, value in values.items()
            ]
            data = {
                "title": fields["title"],
                "description": fields.get("description"),
                "active": True,  # add ignores active: a new source is always active
                "connectorId": connector_id,
                "settings": settings,
                "dateCreate": now,
                "dateUpdate": now,
                "createdById": caller.user_id,
                "updatedById": caller.user_id,
            }
            return self._store.insert(self.entity, caller.owner, data).id

    def update(self, caller: Caller, object_id: int, fields: dict[str, Any]) -> None:
        """Change title, description and settings (merged by key) once urlCheck accepts the result."""
        with self._store.locked():
            record = self._find(caller, object_id)
            if not _php.isset(fields, "title"):
                # The module's own check, past the generic one that update does not make.
                raise module_error(0, method="biconnector.source.update")
            connector = self._connector(caller, record.data["connectorId"])
            given = dict(_php.items(fields["settings"])) if _php.isset(fields, "settings") else {}
            declared = [s["code"] for s in connector.data["settings"]]
            values = {s["code"]: s["value"] for s in record.data["settings"] if s["code"] in declared}
            values.update({code: _php.to_str(given[code]) for code in declared if _php.isset(given, code)})
            url = connector.data["urlCheck"]
        # Every update calls urlCheck, with or without new settings; outside the lock, as in add.
        if not self._reachable(url, dict(values)):
            raise module_error("SOURCE_UPDATE_CONNECTION_ERROR")
        with self._store.locked():
            record = self._find(caller, object_id)
            ids = {s["code"]: s["id"] for s in record.data["settings"]}
            record.data["settings"] = [
                {"id": ids.get(code) or self._store.next_id("source_setting"), "code": code, "value": value}
                for code, value in values.items()
            ]
            record.data["title"] = fields["title"]
            if _php.isset(fields, "description"):
                record.data["description"] = fields["description"]
            record.data["dateUpdate"] = object_date()
            record.data["updatedById"] = caller.user_id

    def item(self, caller: Caller, object_id: int) -> dict[str, Any]:
        """The source as get shows it: the connection row, the connector id, the settings with values."""
        with self._store.locked():
            flat = self._flat(caller, self._find(caller, object_id))
            settings = flat.pop("settings")
            connector_id = flat.pop("connectorId")
            return {"connection": flat, "connectorId": connector_id, "settings": settings}

    def rows(self, caller: Caller) -> list[dict[str, Any]]:
        """Every source of the caller as list shows it before select."""
        with self._store.locked():
            return [self._flat(caller, r) for r in self._store.owned(self.entity, caller.owner)]

    def delete(self, caller: Caller, object_id: int) -> None:
        """Delete the source unless a table still reads from it."""
        with self._store.locked():
            self._find(caller, object_id)
            if any(table.data["sourceId"] == object_id for table in self._store.owned("table", caller.owner)):
                raise module_error("BX_ERROR")
            self._store.delete(self.entity, object_id)

    def _find(self, caller: Caller, object_id: int) -> Record:
        record = self._store.find(self.entity, object_id, caller.owner)
        if record is None:
            raise module_error("SOURCE_NOT_FOUND")
        return record

    def _connector(self, caller: Caller, connector_id: int) -> Record:
        connector = self._store.find("connector", connector_id, caller.owner)
        if connector is None:
            raise module_error("CONNECTOR_NOT_FOUND")
        return connector

    def _reachable(self, url: str, settings: dict[str, str]) -> bool:
        try:
            return bool(self._url_check(url, settings))
        except Exception:
            # The module treats any failure to reach urlCheck as a failed check.
            return False

    def _flat(self, caller: Caller, record: Record) -> dict[str, Any]:
        data = record.data
        declared = {s["code"]: s for s in self._connector(caller, data["connectorId"]).data["settings"]}
        settings = [
            {**{key: declared[s["code"]][key] for key in ("code", "name", "type")}, **s}
            for s in data["settings"]
            if s["code"] in declared
        ]
        return {
            "id": record.id,
            "title": data["title"],
            "type": "rest",
            "code": f"rest_{data['connectorId']}",
            "description": data["description"],
            "active": data["active"],
            "dateCreate": data["dateCreate"],
            "dateUpdate": data["dateUpdate"],
            "createdById": data["createdById"],
            "updatedById": data["updatedById"],
            "connectorId": data["connectorId"],
            "settings": settings,
        }
