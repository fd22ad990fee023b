"""A urlData answer judged as it streams in: header, row count, uneven rows, bad cells, rows kept if few."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ._stream import ArrayStream, StreamError
from ._values import value_problem

KEEP_ROWS = 20_000


@dataclass
class CellProblem:
    """Cells of one column that do not read as its type: how many, the first, and why."""

    count: int
    first: Any
    why: str


@dataclass
class DataAnswer:
    """What a urlData answer held, in a size that does not grow with the answer (unless rows are kept)."""

    problem: str | None = None  # the answer is not an array of arrays: what it is instead
    header: list[Any] | None = None
    row_count: int = 0
    rows: list[list[Any]] | None = field(default_factory=list)  # None once past keep_rows
    uneven: int = 0  # rows whose width differs from the header's
    first_uneven: tuple[int, int] | None = None  # (row number from 1, its width)
    bad_cells: dict[str, CellProblem] = field(default_factory=dict)

    @property
    def table(self) -> list[list[Any]] | None:
        """Header and rows as one array, when the answer is an array of arrays and its rows were kept."""
        if self.problem is not None or self.header is None or self.rows is None:
            return None
        return [self.header, *self.rows]


class DataReader:
    """Feeds a urlData body through ArrayStream and folds each row into a DataAnswer."""

    def __init__(self, kinds: dict[str, str], keep_rows: int = KEEP_ROWS) -> None:
        self.kinds = kinds  # column code -> the portal's type
        self.keep_rows = keep_rows
        self.answer = DataAnswer()
        self._stream = ArrayStream()
        self._positions: list[tuple[int, str, str]] = []  # (position, code, kind) of typed header cells

    def feed(self, chunk: bytes, *, final: bool = False) -> None:
        """Read chunk; once the answer has a problem, the rest is ignored."""
        if self.answer.problem is not None:
            return
        try:
            elements = self._stream.feed(chunk, final=final)
        except StreamError as exc:
            self.answer.problem = str(exc)
            return
        for element in elements:
            self._take(element)
            if self.answer.problem is not None:
                return
        if final and self.answer.header is None and self.answer.problem is None:
            self.answer.problem = "Expected a header row, got an empty array"

    def _take(self, element: Any) -> None:
        answer = self.answer
        if not isinstance(element, list):
            kind = "an object" if isinstance(element, dict) else "a scalar"
            answer.problem = f"Expected every item to be an array, got {kind} at item {self._stream.count}"
            return
        if answer.header is None:
            answer.header = element
            self._positions = [
                (i, code, self.kinds[code])
                for i, code in enumerate(element)
                if isinstance(code, str) and code in self.kinds
            ]
            return
        answer.row_count += 1
        if len(element) != len(answer.header):
            answer.uneven += 1
            if answer.first_uneven is None:
                answer.first_uneven = (answer.row_count, len(element))
        for position, code, kind in self._positions:
            if position < len(element):
                why = value_problem(kind, element[position])
                if why is not None:
                    known = answer.bad_cells.get(code)
                    if known is None:
                        answer.bad_cells[code] = CellProblem(1, element[position], why)
                    else:
                        known.count += 1
        if answer.rows is not None:
            if len(answer.rows) < self.keep_rows:
                answer.rows.append(element)
            else:
                answer.rows = None
