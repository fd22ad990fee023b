"""Play the portal against a connector service: every call the portal makes, recorded for the checks."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from typing import Any

from ._answer import KEEP_ROWS
from ._caller import Caller
from ._filters import draw_filters, matches
from ._recording import Budget, Call, DataRequest, Recording
from ._search import search_filters
from ._values import column_type

MASK = "***"
MAX_LATE = 3  # calls that may run out of time before the rest is given up


@dataclass(frozen=True)
class ConnectorUrls:
    """The connector's four URLs."""

    check: str
    table_list: str
    table_description: str
    data: str


@dataclass
class PlayOptions:
    """How the portal is played: settings (secret values), wrong ones, the seed and how far to go."""

    settings: dict[str, str]
    bad_settings: dict[str, str] | None = None  # None: made from settings
    seed: int = 0
    max_tables: int = 5
    keep_rows: int = KEEP_ROWS  # rows of an answer kept for the filter check; past it, counted only
    filter_examples: int = 25  # filters Hypothesis draws per table, besides one of each shape; 0: none
    budget: Budget = field(default_factory=Budget)


def play(urls: ConnectorUrls, options: PlayOptions, caller: Caller) -> Recording:
    """Make the portal's calls in the portal's order and return them, answered or not."""
    rng = random.Random(options.seed)
    rec = Recording(budget=options.budget)
    shown = {code: MASK for code in options.settings}

    def send(
        endpoint: str,
        url: str,
        purpose: str,
        params: dict[str, Any],
        settings: dict[str, str] | None = None,
        data: DataRequest | None = None,
    ) -> Call:
        if late[0] >= MAX_LATE:
            raise _GiveUp
        call = Call(endpoint, purpose, url, params, data=data)
        caller.post(call, options.settings if settings is None else settings, shown)
        late[0] += call.timed_out
        return call

    late = [0]
    try:
        _play(urls, options, rec, rng, send)
    except _GiveUp:
        rec.notes.append(f"stopped after {MAX_LATE} calls ran out of time: the rest was not checked")
    return rec


class _GiveUp(Exception):
    """Enough calls ran out of time that more would only wait out the budget again."""


def _play(urls: ConnectorUrls, options: PlayOptions, rec: Recording, rng: random.Random, send) -> None:
    rec.check = send("urlCheck", urls.check, "the given settings", {})
    bad = _bad_settings(options, rng)
    if bad is None:
        rec.notes.append("bad-credentials: not checked, no --setting to make a wrong one from")
    else:
        rec.bad_check = send("urlCheck", urls.check, "wrong settings", {}, settings=bad)
    rec.table_list = send("urlTableList", urls.table_list, "empty search string", {"searchString": ""})
    tables = _listed_tables(rec.table_list)
    if len(tables) > options.max_tables:
        rec.notes.append(f"urlData: checked the first {options.max_tables} of {len(tables)} tables")
    for code, external in tables[: options.max_tables]:
        described = send("urlTableDescription", urls.table_description, f"table {code}", {"table": code})
        rec.descriptions[code] = described
        columns = _columns(described)
        if not columns:
            rec.notes.append(f"urlData: table {code} not read, its description has no usable columns")
            continue
        _play_data(send, urls.data, rng, external, columns, rec, options)


def _play_data(
    send,
    url: str,
    rng: random.Random,
    table: str,
    columns: list[dict[str, Any]],
    rec: Recording,
    options: PlayOptions,
) -> None:
    codes = [str(c["code"]) for c in columns]
    every = {code: code for code in codes}
    base = send(
        "urlData",
        url,
        f"table {table}, no select, filter or limit",
        {"table": table},
        data=DataRequest(table, columns),
    )
    rec.data.append(base)
    chosen = rng.sample(codes, rng.randint(1, len(codes)))
    rec.data.append(
        send(
            "urlData",
            url,
            f"table {table}, select {', '.join(chosen)}",
            {"table": table, "select": chosen, "limit": 1000, "mapFields": {c: every[c] for c in chosen}},
            data=DataRequest(table, columns, select=chosen, limit=1000, role="select"),
        )
    )
    answer = base.answer if base.status == 200 and not base.timed_out else None
    if answer is None or answer.problem is not None or answer.header is None:
        rec.notes.append(f"urlData: table {table}: no limit or filter calls, its full answer is unreadable")
        return
    for limit in sorted({1, max(1, answer.row_count - 1)}):
        rec.data.append(
            send(
                "urlData",
                url,
                f"table {table}, limit {limit}",
                {"table": table, "select": codes, "limit": limit, "mapFields": every},
                data=DataRequest(table, columns, select=codes, limit=limit, role="limit"),
            )
        )

    rows = _rows(base, codes)
    if rows is None:
        why = (
            f"{answer.row_count} rows, more than it keeps"
            if answer.rows is None
            else "rows unlike the header"
        )
        rec.notes.append(f"urlData: table {table}: filters not judged, its full answer has {why}")
        return

    def filtered(label: str, filter_: dict[str, Any], limit: int | None = None) -> Call:
        params = {"table": table, "select": codes, "filter": filter_, "limit": limit, "mapFields": every}
        return send(
            "urlData",
            url,
            f"table {table}, filter {label}" + (f", limit {limit}" if limit is not None else ""),
            params,  # None (no limit) is left out, as http_build_query leaves out null
            data=DataRequest(table, columns, select=codes, filter=filter_, limit=limit, role="filter"),
        )

    drawn = draw_filters(rng, columns, rows)
    for label, filter_ in drawn:
        rec.data.append(filtered(label, filter_))
    kinds = {str(c["code"]): column_type(c.get("type")) for c in columns}
    several = [(label, f) for label, f in drawn if sum(matches(f, r, kinds) for r in rows) >= 2]
    if several:  # a filter and a limit together: limit rows among those that pass
        rec.data.append(filtered(*several[0], limit=1))
    if options.filter_examples:
        rec.searched += search_filters(
            lambda f: filtered(f"(drawn) {json.dumps(f, ensure_ascii=False)}", f),
            base,
            columns,
            rows,
            rec,
            run_seed=rng.getrandbits(32),
            examples=options.filter_examples,
        )


def _bad_settings(options: PlayOptions, rng: random.Random) -> dict[str, str] | None:
    if options.bad_settings is not None:
        return {**options.settings, **options.bad_settings}
    if not options.settings:
        return None
    return {code: f"{value}-wrong-{rng.getrandbits(32):08x}" for code, value in options.settings.items()}


def _listed_tables(call: Call) -> list[tuple[str, str]]:
    """(code, the code urlData gets: id when given) of each well-formed table of a table list answer."""
    listed = call.json() if call.status == 200 else None
    if not isinstance(listed, list):
        return []
    found = []
    for item in listed:
        if isinstance(item, dict) and isinstance(item.get("code"), (str, int)) and item.get("code") != "":
            external = item.get("id") if item.get("id") not in (None, "") else item["code"]
            found.append((str(item["code"]), str(external)))
    return found


def _columns(call: Call) -> list[dict[str, Any]]:
    described = call.json() if call.status == 200 else None
    if not isinstance(described, list):
        return []
    return [c for c in described if isinstance(c, dict) and c.get("code") not in (None, "")]


def _rows(call: Call, codes: list[str]) -> list[dict[str, Any]] | None:
    """The data rows of an answer as code -> cell, when it is a header row of described codes, then rows
    of its width, all kept."""
    table = call.answer.table if call.status == 200 and call.answer is not None else None
    if table is None:
        return None
    header = table[0]
    if not all(isinstance(h, str) for h in header) or not set(header) <= set(codes):
        return None
    if not all(len(r) == len(header) for r in table[1:]):
        return None
    return [dict(zip(header, r, strict=True)) for r in table[1:]]
