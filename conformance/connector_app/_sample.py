"""The sample data the reference connector serves: one small orders table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Column:
    """A column as urlTableDescription describes it."""

    code: str
    name: str
    type: str


@dataclass(frozen=True)
class SampleTable:
    """A table of the external system: code, title, columns, and rows in column order."""

    code: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]

    def describe(self) -> list[dict[str, str]]:
        """The urlTableDescription answer."""
        return [{"code": c.code, "name": c.name, "type": c.type} for c in self.columns]


ORDERS = SampleTable(
    code="orders",
    title="Orders",
    columns=(
        Column("order_id", "Order", "int"),
        Column("created_at", "Created", "datetime"),
        Column("customer", "Customer", "string"),
        Column("amount", "Amount", "money"),
    ),
    rows=(
        (1001, "2026-01-05 09:30:00", "Northwind", 1250.5),
        (1002, "2026-01-06 14:05:00", "Contoso", 310.0),
        (1003, "2026-01-07 11:45:00", "Northwind", 87.25),
    ),
)

TABLES: dict[str, SampleTable] = {ORDERS.code: ORDERS}
