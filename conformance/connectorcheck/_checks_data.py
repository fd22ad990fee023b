"""urlData: an array of arrays, the header row, row widths, limit, value types and filters."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from ._answer import DataAnswer
from ._filters import matches
from ._make import finding
from ._recording import Call, Recording
from ._registry import ConnectorFinding, connector_check
from ._values import column_type


def _read(rec: Recording) -> list[tuple[Call, DataAnswer]]:
    """The urlData calls whose answer arrived whole with HTTP 200, and that answer."""
    return [
        (c, c.answer)
        for c in rec.data
        if c.status == 200 and c.answer is not None and c.data is not None and not c.timed_out
    ]


def _tabular(rec: Recording) -> list[tuple[Call, DataAnswer]]:
    return [(c, a) for c, a in _read(rec) if a.problem is None and a.header is not None]


@connector_check(endpoint="urlData")
def data_shape(rec: Recording) -> list[ConnectorFinding]:
    """urlData answers HTTP 200 with a JSON array of arrays: a header row, then data rows."""
    expected = "HTTP 200 and [[code, ...], [value, ...], ...] in JSON"
    found = [
        finding(
            "data-shape",
            c,
            f"HTTP {c.status}; the portal reads anything but 200 as a failure",
            expected=expected,
        )
        for c in rec.data
        if c.answered and c.status != 200 and not c.timed_out
    ]
    for call, answer in _read(rec):
        if answer.problem is not None:
            found.append(finding("data-shape", call, answer.problem, expected=expected))
    return found


@connector_check(endpoint="urlData")
def data_header(rec: Recording) -> list[ConnectorFinding]:
    """The first row holds the column codes: the selected ones in order, or described ones without select."""
    found = []
    for call, answer in _tabular(rec):
        header = answer.header or []
        assert call.data is not None
        codes = [str(c["code"]) for c in call.data.columns]
        shown = json.dumps(header, ensure_ascii=False)[:300]
        if call.data.select is not None:
            if header != call.data.select:
                found.append(
                    finding(
                        "data-header",
                        call,
                        "the header row is not the selected columns in order",
                        expected=json.dumps(call.data.select, ensure_ascii=False),
                        observed=shown,
                    )
                )
            continue
        strange = [h for h in header if h not in codes]
        if strange or len(set(map(str, header))) != len(header) or not header:
            found.append(
                finding(
                    "data-header",
                    call,
                    "the first row is not a header of distinct described column codes",
                    expected=f"codes among {json.dumps(codes, ensure_ascii=False)}",
                    observed=shown,
                )
            )
    return found


@connector_check(endpoint="urlData")
def row_width(rec: Recording) -> list[ConnectorFinding]:
    """Every data row has the header's width (the portal combines each row with the header)."""
    found = []
    for call, answer in _tabular(rec):
        if answer.uneven and answer.first_uneven is not None:
            row, width = answer.first_uneven
            found.append(
                finding(
                    "row-width",
                    call,
                    f"{answer.uneven} of {answer.row_count} rows differ from the header's width",
                    expected=f"{len(answer.header or [])} cells a row",
                    observed=f"row {row}: {width} cells",
                )
            )
    return found


@connector_check(endpoint="urlData")
def data_limit(rec: Recording) -> list[ConnectorFinding]:
    """With limit, urlData returns at most limit rows, and no fewer when the table has more."""
    found = []
    for call, answer in _tabular(rec):
        assert call.data is not None
        limit = call.data.limit
        if limit is None:
            continue
        rows = answer.row_count
        full = _baseline(rec, call)
        available = None if full is None or call.data.filter is not None else full.row_count
        if rows > limit:
            found.append(
                finding(
                    "data-limit",
                    call,
                    "more rows than limit",
                    expected=f"at most {limit} rows",
                    observed=f"{rows} rows",
                )
            )
        elif available is not None and rows < min(limit, available):
            found.append(
                finding(
                    "data-limit",
                    call,
                    "fewer rows than limit while the table has more",
                    expected=f"{min(limit, available)} rows (the table has {available})",
                    observed=f"{rows} rows",
                )
            )
    return found


@connector_check(endpoint="urlData")
def value_types(rec: Recording) -> list[ConnectorFinding]:
    """Each cell reads as its column's declared type in a form the portal reads, or is null."""
    found = []
    for call, answer in _tabular(rec):
        assert call.data is not None
        kinds = {str(c["code"]): column_type(c.get("type")) for c in call.data.columns}
        for code, problem in answer.bad_cells.items():
            found.append(
                finding(
                    "value-types",
                    call,
                    f"{problem.count} cells of {code} ({kinds[code]}) do not read as {kinds[code]}",
                    expected=problem.why,
                    observed=json.dumps(problem.first, ensure_ascii=False)[:200],
                )
            )
    return found


@connector_check(endpoint="urlData")
def data_filter(rec: Recording) -> list[ConnectorFinding]:
    """A filter's rows are exactly the unfiltered rows that pass it as the suite reads the filter."""
    found = []
    for call in rec.data:
        if call.data is None or call.data.filter is None or call.status != 200 or call.timed_out:
            continue
        base = _baseline(rec, call)
        full = base.table if base is not None else None
        if full is None:
            continue  # data-shape speaks about the baseline, or it was too large to keep
        answer = call.answer.table if call.answer is not None else None
        if answer is None:
            found.append(
                finding(
                    "data-filter",
                    call,
                    "a filtered call did not answer a table",
                    expected="HTTP 200 and a header row, then the rows that pass",
                )
            )
            continue
        types = {str(c["code"]): column_type(c.get("type")) for c in call.data.columns}
        codes = full[0]
        if sorted(map(str, answer[0])) != sorted(map(str, codes)):
            continue  # data-header speaks about it
        expected = [r for r in _records(full) if matches(call.data.filter, r, types)]
        observed = _records(answer)
        want, got = Counter(map(_key(codes), expected)), Counter(map(_key(codes), observed))
        limit = call.data.limit
        if limit is not None and not got - want:
            # any limit of the rows that pass will do; more than limit is data-limit's to say
            if sum(got.values()) >= min(limit, len(expected)):
                continue
            found.append(
                finding(
                    "data-filter",
                    call,
                    "fewer rows than limit while more pass the filter",
                    expected=f"{min(limit, len(expected))} of the {len(expected)} rows passing "
                    f"{json.dumps(call.data.filter, ensure_ascii=False)}",
                    observed=f"{sum(got.values())} rows",
                )
            )
            continue
        if want != got:
            missing, extra = sum((want - got).values()), sum((got - want).values())
            sent = json.dumps(call.data.filter, ensure_ascii=False)
            found.append(
                finding(
                    "data-filter",
                    call,
                    f"the rows differ from the unfiltered rows that pass the filter ({missing} missing, "
                    f"{extra} not passing)",
                    expected=f"{len(expected)} rows passing {sent}",
                    observed=f"{len(observed)} rows; e.g. " + _example(want, got),
                )
            )
    return found


def _baseline(rec: Recording, call: Call) -> DataAnswer | None:
    assert call.data is not None
    base = rec.baseline(call.data.table)
    if base is None or base.status != 200 or base.answer is None or base.answer.problem is not None:
        return None
    return base.answer


def _records(answer: list[Any]) -> list[dict[str, Any]]:
    header = answer[0]
    return [dict(zip(header, row, strict=True)) for row in answer[1:] if len(row) == len(header)]


def _key(codes: list[Any]):
    return lambda record: json.dumps([record.get(c) for c in codes], ensure_ascii=False)


def _example(want: Counter, got: Counter) -> str:
    extra = list((got - want).elements())
    missing = list((want - got).elements())
    if extra:
        return f"returned {extra[0][:150]}"
    return f"left out {missing[0][:150]}"
