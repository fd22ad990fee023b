"""What the portal sent to a connector service and what came back: calls, and the run's recording."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ._answer import DataAnswer

_NOT_JSON = object()


@dataclass(frozen=True)
class Budget:
    """The portal's time limits: to connect, and for the whole body once connected."""

    connect_s: float = 250.0
    body_s: float = 60.0


@dataclass
class DataRequest:
    """What one urlData call asked for: the table, its described columns, select, filter and limit."""

    table: str
    columns: list[dict[str, Any]]  # as urlTableDescription described them
    select: list[str] | None = None
    filter: dict[str, Any] | None = None
    limit: int | None = None
    role: str = "baseline"  # baseline | select | limit | filter


@dataclass
class Call:
    """One POST to a connector URL: what was sent (settings as codes only) and the answer, if any."""

    endpoint: str  # urlCheck | urlTableList | urlTableDescription | urlData
    purpose: str  # a few words: "good credentials", "table orders", "filter >=amount"
    url: str
    params: dict[str, Any]  # without connection: the form's own parameters
    status: int | None = None
    content_type: str = ""
    body: bytes = b""
    elapsed_s: float = 0.0
    error: str | None = None  # the answer did not arrive: why
    timed_out: bool = False  # the body did not arrive within the budget
    data: DataRequest | None = None
    answer: DataAnswer | None = None  # a urlData answer, read as it streamed in
    size: int = 0  # bytes of the body read; a urlData call keeps only their start in body
    reproduce: str = ""
    _json: Any = field(default=None, repr=False)

    @property
    def answered(self) -> bool:
        return self.status is not None

    def json(self) -> Any:
        """The body as JSON, or NOT_JSON."""
        if self._json is None:
            try:
                self._json = json.loads(self.body.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                self._json = _NOT_JSON
        return self._json

    def describe_body(self, limit: int = 200) -> str:
        """The status, content type and the body's start, for a finding's Received line."""
        if not self.answered:
            return f"no answer: {self.error}"
        text = self.body.decode("utf-8", "replace")
        size = max(self.size, len(self.body))
        cut = text if len(text) <= limit and size == len(self.body) else text[:limit] + f"... ({size} bytes)"
        kind = f" {self.content_type}" if self.content_type else ""
        return f"HTTP {self.status}{kind}: {cut!r}" if text else f"HTTP {self.status}{kind}, empty body"


NOT_JSON = _NOT_JSON


@dataclass
class Recording:
    """Every call of one connector-check run, grouped by what the checks read."""

    budget: Budget = field(default_factory=Budget)
    check: Call | None = None  # urlCheck with the given settings
    bad_check: Call | None = None  # urlCheck with wrong settings; None when none could be made
    table_list: Call | None = None
    descriptions: dict[str, Call] = field(default_factory=dict)  # table code -> call
    data: list[Call] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was not checked, and why
    searched: int = 0  # urlData calls of the filter search, beyond those recorded in data

    def calls(self) -> list[Call]:
        """Every call made, in order of the endpoints."""
        found = [self.check, self.bad_check, self.table_list, *self.descriptions.values(), *self.data]
        return [c for c in found if c is not None]

    def baseline(self, table: str) -> Call | None:
        """The table's urlData call without select, filter or limit, if it answered with a table."""
        for call in self.data:
            if call.data and call.data.table == table and call.data.role == "baseline":
                return call
        return None
