"""Tables and datasets: one storage, two method families that differ in a few codes and texts."""

from __future__ import annotations

import re
from typing import Any

from ..contract import default_contract
from . import _php
from ._columns import check_unique, column, shown
from ._config import Caller
from ._errors import ServerFault, module_error
from ._store import Record, Store, object_date

TABLE_NAME = re.compile(r"[a-z][a-z0-9_]*")
TABLE_NAME_MAX = 230
# Names BI Builder itself holds on every portal: a REST table cannot take them (DATASET_ALREADY_EXIST).
BUILTIN_DATASETS = frozenset({"crm_deal", "crm_lead", "crm_company", "crm_contact", "user"})


class Tables:
    """The table storage as one family's methods see it: family is "table" or "dataset".

    bi_builder models a portal with BI Builder deployed, where dataset.delete ends in HTTP 500.
    """

    # With an explicit select the module leaves these dates unformatted, and json_encode shows {}.
    unformatted: tuple[str, ...] = ("dateCreate", "dateUpdate")

    def __init__(self, store: Store, family: str, *, bi_builder: bool = False) -> None:
        self._store = store
        self.entity = family
        # table.* and dataset.* keep their rows under one entity: the contract names dataset an alias.
        self._storage = default_contract().entity(family).name
        self._bi_builder = bi_builder

    def _method(self, action: str) -> str:
        return f"biconnector.{self.entity}.{action}"

    def add(self, caller: Caller, fields: dict[str, Any]) -> int:
        """Store a table of one of the caller's sources once its name and columns pass the rules."""
        with self._store.locked():
            source_id = _php.to_int(fields["sourceId"])
            if self._store.find("source", source_id, caller.owner) is None:
                raise module_error("SOURCE_NOT_FOUND")
            name = _php.to_str(fields["name"])
            if TABLE_NAME.fullmatch(name) is None:
                raise module_error("VALIDATION_DATASET_NAME_INVALID")
            if len(name) > TABLE_NAME_MAX:
                raise module_error("VALIDATION_DATASET_NAME_TOO_LONG")
            raws = _php.values(fields["fields"])
            if not raws:
                raise module_error("FIELDS_EMPTY")
            columns = [column(raw, "VALIDATION_FIELD_MISSING_REQUIRED_PARAMETERS") for raw in raws]
            if self.entity == "table":
                check_unique(columns, name_code="DUPLICATE_FIELDS", name_placeholder="FIELD_NAMES")
            else:
                check_unique(
                    columns, name_code="VALIDATION_DUPLICATE_FIELD_NAME", name_placeholder="LIST_NAMES"
                )
            self._check_name_free(name)
            data = {
                "sourceId": source_id,
                "name": name,
                "description": fields.get("description"),
                "externalCode": _php.to_str(fields["externalCode"]),
                "externalName": _php.to_str(fields["externalName"]),
                "dateCreate": object_date(),
                "dateUpdate": None,
                "createdById": caller.user_id,
                "updatedById": 0,
                "fields": [self._new_column(c) for c in columns],
                # dataset.add also makes a BI Builder dataset and keeps its id; table.add makes none.
                "externalId": self._store.next_id("bi_dataset") if self.entity == "dataset" else 0,
            }
            return self._store.insert(self._storage, caller.owner, data).id

    def _check_name_free(self, name: str) -> None:
        if name in BUILTIN_DATASETS:
            raise module_error("DATASET_ALREADY_EXIST", method=self._method("add"))
        # Table names are unique across the portal: another application's table takes the name too.
        if any(record.data["name"] == name for record in self._store.every(self._storage)):
            if self.entity == "dataset":
                raise module_error("DATASET_ALREADY_EXIST", method=self._method("add"))
            raise module_error("NAME_EXISTS", NAME=name)

    def _new_column(self, checked: dict[str, str]) -> dict[str, Any]:
        return {"id": self._store.next_id("table_column"), **checked, "visible": True}

    def update(self, caller: Caller, object_id: int, fields: dict[str, Any]) -> None:
        """Change the description: the only column update writes; columns have a method of their own."""
        with self._store.locked():
            record = self._find(caller, object_id)
            if _php.isset(fields, "fields"):
                raise module_error("INVALID_METHOD", method=self._method("update"))
            if _php.isset(fields, "description"):
                record.data["description"] = fields["description"]
            record.data["dateUpdate"] = object_date()
            record.data["updatedById"] = caller.user_id

    def fields_update(self, caller: Caller, object_id: int, params: dict[str, Any]) -> None:
        """Check the add, update and delete lists, then apply them in the module's order."""
        updates = _listed(params, "update")
        for raw in updates:
            entry = dict(_php.items(raw)) if _php.is_array(raw) else {}
            if not (_php.isset(entry, "id") and _php.isset(entry, "visible")):
                raise module_error("VALIDATION_FIELD_UPDATE_MISSING_REQUIRED_FIELDS")
        added = [
            column(raw, "VALIDATION_FIELD_ADD_MISSING_REQUIRED_FIELDS") for raw in _listed(params, "add")
        ]
        check_unique(added, name_code="VALIDATION_DUPLICATE_FIELD_NAME", name_placeholder="LIST_NAMES")
        deleted = _listed(params, "delete")
        if not all(_php.is_numeric(value) and _php.to_int(value) > 0 for value in deleted):
            raise module_error("VALIDATION_FIELD_DELETE_INVALID_ID")
        with self._store.locked():
            record = self._find(caller, object_id)
            current = record.data["fields"]
            taken = [
                c["externalCode"] for c in added if c["externalCode"] in {x["externalCode"] for x in current}
            ]
            if taken:
                raise module_error("VALIDATION_DUPLICATE_EXIST_CODE", LIST_CODES=", ".join(taken))
            taken = [c["name"] for c in added if c["name"] in {x["name"] for x in current}]
            if taken:
                raise module_error("VALIDATION_DUPLICATE_EXIST_NAME", LIST_NAMES=", ".join(taken))
            by_id = {c["id"]: c for c in current}
            for raw in updates:
                entry = dict(_php.items(raw))
                target = by_id.get(_php.to_int(entry["id"]))
                if target is not None:  # another table's column is skipped, silently
                    target["visible"] = _truthy(entry["visible"])
            current.extend(self._new_column(c) for c in added)
            # The module deletes columns by id alone, whichever table holds them.
            doomed = {_php.to_int(value) for value in deleted}
            for table in self._store.every(self._storage):
                table.data["fields"] = [c for c in table.data["fields"] if c["id"] not in doomed]

    def item(self, caller: Caller, object_id: int) -> dict[str, Any]:
        """The table as get shows it: its columns, no sourceId."""
        with self._store.locked():
            record = self._find(caller, object_id)
            shaped = _shaped(record)
            shaped["fields"] = [shown(c["id"], record.id, c) for c in record.data["fields"]]
            return shaped

    def rows(self, caller: Caller) -> list[dict[str, Any]]:
        """Every table of the caller as list shows it before select: sourceId, no columns."""
        with self._store.locked():
            return [
                {"id": r.id, "sourceId": r.data["sourceId"], **_shaped(r, with_id=False)}
                for r in self._store.owned(self._storage, caller.owner)
            ]

    def delete(self, caller: Caller, object_id: int) -> None:
        """Delete the table and its columns; dataset.delete on a BI Builder portal fails with HTTP 500."""
        with self._store.locked():
            self._find(caller, object_id)
            if self.entity == "dataset" and self._bi_builder:
                raise ServerFault("dataset.delete on a portal with BI Builder")
            self._store.delete(self._storage, object_id)

    def _find(self, caller: Caller, object_id: int) -> Record:
        record = self._store.find(self._storage, object_id, caller.owner)
        if record is None:
            # Both families answer DATASET_NOT_FOUND: there is no TABLE_NOT_FOUND.
            raise module_error("DATASET_NOT_FOUND")
        return record


def _listed(params: dict[str, Any], name: str) -> list[Any]:
    # A list that is not an array is ignored, not refused.
    value = params.get(name)
    return _php.values(value) if _php.is_array(value) else []


def _truthy(value: Any) -> bool:
    # Form bodies carry booleans as "Y"/"N" or "1"/"0"; JSON ones as true/false.
    if isinstance(value, str):
        return value.strip().upper() in ("Y", "1", "TRUE")
    return bool(value)


def _shaped(record: Record, *, with_id: bool = True) -> dict[str, Any]:
    data = record.data
    shaped = {"id": record.id} if with_id else {}
    shaped.update(
        {
            "type": "rest",
            "name": data["name"],
            "description": data["description"],
            "externalCode": data["externalCode"],
            "externalName": data["externalName"],
            "dateCreate": data["dateCreate"],
            "dateUpdate": data["dateUpdate"],
            "createdById": data["createdById"],
            "updatedById": data["updatedById"],
            "externalId": data["externalId"],
            "csvDelimiter": "",
            "csvEncoding": "",
            "csvHasHeaders": False,
        }
    )
    return shaped
