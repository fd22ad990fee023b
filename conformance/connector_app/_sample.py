"""The sample data the reference connector serves: orders, customers and events, with nulls,
non-ASCII text and ids past 2**53."""

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
        (1004, "2026-02-01 00:00:00", "Ромашка ООО", 4999.99),
        (1005, "2026-02-14 23:59:59", "Müller & Söhne", None),
        (1006, "2026-03-01 08:00:00", "東京商事", -15.0),
    ),
)

CUSTOMERS = SampleTable(
    code="customers",
    title="Customers (Клиенты)",
    columns=(
        Column("customer_id", "Customer ID", "int"),
        Column("name", "Name", "string"),
        Column("city", "City", "string"),
        Column("since", "Customer since", "date"),
        Column("rating", "Rating", "double"),
        Column("zone", "Time zone", "timezone"),
    ),
    rows=(
        (9007199254740993, "Northwind", "Seattle", "2019-04-01", 4.5, "America/Los_Angeles"),
        (9007199254740995, "Contoso", None, "2020-11-30", 3.25, "Europe/London"),
        (17, "Ромашка ООО", "Москва", "2021-06-15", None, "Europe/Moscow"),
        (18, "Müller & Söhne", "Köln", None, 5.0, "Europe/Berlin"),
        (19, "東京商事", "東京", "2023-01-09", 2.0, "Asia/Tokyo"),
        (20, 'O\'Brien "Quotes" Ltd', "Dublin", "2024-02-29", 0.0, None),
    ),
)

EVENTS = SampleTable(
    code="events",
    title="Events",
    columns=(
        Column("event_id", "Event", "int"),
        Column("kind", "Kind", "string"),
        Column("happened_at", "Happened", "datetime"),
        Column("day", "Day", "date"),
        Column("duration", "Duration, s", "double"),
        Column("cost", "Cost", "money"),
    ),
    rows=tuple(
        (
            5000 + n,
            ("view", "click", "purchase", "refund")[n % 4],
            f"2026-0{1 + n % 9}-{10 + n % 18:02d} {n % 24:02d}:{(7 * n) % 60:02d}:00",
            f"2026-0{1 + n % 9}-{10 + n % 18:02d}",
            None if n % 7 == 3 else round(0.5 * n, 2),
            None if n % 5 == 4 else round(19.99 * (n % 6), 2),
        )
        for n in range(40)
    ),
)

TABLES: dict[str, SampleTable] = {t.code: t for t in (ORDERS, CUSTOMERS, EVENTS)}
