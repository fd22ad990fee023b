"""Connectors: what add stores, how get and list show them, when delete refuses."""

from __future__ import annotations

from typing import Any

from . import _php
from ._config import Caller
from ._errors import module_error
from ._store import Store, object_date

SETTING_TYPES = ("STRING", "INT")
# The module refuses names and codes of 512 characters or more ("must be less than 512").
SETTING_MAX_LENGTH = 511
_URLS = ("urlCheck", "urlData", "urlTableList", "urlTableDescription")


class Connectors:
    """The connector entity over a store."""

    entity = "connector"
    unformatted: tuple[str, ...] = ()

    def __init__(self, store: Store) -> None:
        self._store = store

    def add(self, caller: Caller, fields: dict[str, Any]) -> int:
        """Check the settings rules and store a connector from fields that passed generic validation."""
        settings = [_setting(raw) for raw in _php.values(fields["settings"])]
        data = {
            "title": fields["title"],
            "logo": fields["logo"],
            "description": fields.get("description"),
            "sort": _php.to_int(fields["sort"]) if _php.isset(fields, "sort") else 100,
            **{name: fields[name] for name in _URLS},
            "settings": settings,
            # Newer fields of the docs; the portal keeps false and null when they are not given.
            "supportMapping": fields.get("supportMapping") is True,
            "sourceCode": fields.get("sourceCode"),
            "dateCreate": object_date(),
        }
        return self._store.insert(self.entity, caller.owner, data).id

    def update(self, caller: Caller, object_id: int, fields: dict[str, Any]) -> None:
        """Change the given columns of the caller's connector; settings, when given, replace the old ones."""
        with self._store.locked():
            record = self._store.find(self.entity, object_id, caller.owner)
            if record is None:
                raise module_error("CONNECTOR_NOT_FOUND")
            # INFER: the settings rules run in the handler, after the lookup, as in add.
            changes = {
                name: fields[name]
                for name in ("title", "logo", "description", *_URLS, "supportMapping", "sourceCode")
                if _php.isset(fields, name)
            }
            if _php.isset(fields, "sort"):
                changes["sort"] = _php.to_int(fields["sort"])
            if _php.isset(fields, "settings"):
                changes["settings"] = [_setting(raw) for raw in _php.values(fields["settings"])]
            record.data.update(changes)

    def item(self, caller: Caller, object_id: int) -> dict[str, Any]:
        """The connector as get shows it: every column but the owning application."""
        with self._store.locked():
            record = self._store.find(self.entity, object_id, caller.owner)
            if record is None:
                raise module_error("CONNECTOR_NOT_FOUND")
            return _shown(record.id, record.data)

    def rows(self, caller: Caller) -> list[dict[str, Any]]:
        """Every connector of the caller as list shows it before select."""
        with self._store.locked():
            return [_shown(r.id, r.data) for r in self._store.owned(self.entity, caller.owner)]

    def delete(self, caller: Caller, object_id: int) -> None:
        """Delete the connector unless a source still uses it."""
        with self._store.locked():
            if self._store.find(self.entity, object_id, caller.owner) is None:
                raise module_error("CONNECTOR_NOT_FOUND")
            sources = self._store.owned("source", caller.owner)
            if any(source.data["connectorId"] == object_id for source in sources):
                raise module_error("CONNECTOR_DELETE_RESTRICTED")
            self._store.delete(self.entity, object_id)


def _setting(raw: Any) -> dict[str, str]:
    """One entry of settings checked in the module's order: keys present, lengths, type."""
    setting = dict(_php.items(raw)) if _php.is_array(raw) else {}
    if not all(_php.isset(setting, key) for key in ("type", "name", "code")):
        raise module_error("VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS")
    name, code = _php.to_str(setting["name"]), _php.to_str(setting["code"])
    if len(name) > SETTING_MAX_LENGTH:
        raise module_error("VALIDATION_SETTINGS_NAME_TOO_LONG")
    if len(code) > SETTING_MAX_LENGTH:
        raise module_error("VALIDATION_SETTINGS_CODE_TOO_LONG")
    if setting["type"] not in SETTING_TYPES:
        raise module_error("VALIDATION_SETTINGS_INVALID_TYPE")
    return {"code": code, "name": name, "type": setting["type"]}


def _shown(object_id: int, data: dict[str, Any]) -> dict[str, Any]:
    return {"id": object_id, **{key: _copy(value) for key, value in data.items()}}


def _copy(value: Any) -> Any:
    return [dict(entry) for entry in value] if isinstance(value, list) else value
