"""A markdown page of the docs as headings and YFM tables (`#|` ... `|#`, rows `|| a | b ||`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{#([\w-]+)\})?\s*$")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_BOLD = re.compile(r"\*\*(.+?)\*\*(\*)?")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_LOCAL_LINK = re.compile(r"\]\(#([\w-]+)\)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~\"'])")


@dataclass(frozen=True)
class Heading:
    """A markdown heading outside code, with its {#anchor} if it has one."""

    level: int
    text: str
    anchor: str | None
    line: int


@dataclass(frozen=True)
class Table:
    """A YFM table: its rows of raw cell texts (the header row first) and the line it starts on."""

    line: int
    rows: tuple[tuple[str, ...], ...]

    @property
    def header(self) -> tuple[str, ...]:
        """The first row, as plain lowercase texts."""
        return tuple(plain(cell).lower() for cell in self.rows[0]) if self.rows else ()

    @property
    def body(self) -> tuple[tuple[str, ...], ...]:
        """Every row but the header."""
        return self.rows[1:]


@dataclass(frozen=True)
class Page:
    """The headings and tables of one page, in document order."""

    headings: tuple[Heading, ...]
    tables: tuple[Table, ...]
    length: int

    def section(self, heading: Heading) -> tuple[int, int]:
        """The lines a heading rules: up to the next heading of the same or a higher level."""
        later = [h.line for h in self.headings if h.line > heading.line and h.level <= heading.level]
        return heading.line, min(later, default=self.length)

    def own_table(self, heading: Heading) -> Table | None:
        """The first table between a heading and the next heading of any level."""
        later = [h.line for h in self.headings if h.line > heading.line]
        end = min(later, default=self.length)
        return next((t for t in self.tables if heading.line < t.line < end), None)

    def find(
        self, pattern: str, level: int | None = None, within: tuple[int, int] | None = None
    ) -> Heading | None:
        """The first heading whose text matches pattern (case-insensitive), or None."""
        for heading in self.headings:
            if level is not None and heading.level != level:
                continue
            if within is not None and not within[0] <= heading.line < within[1]:
                continue
            if re.search(pattern, heading.text, re.IGNORECASE):
                return heading
        return None

    def anchored(self, anchor: str, within: tuple[int, int]) -> Heading | None:
        """The heading carrying {#anchor} inside the given lines, or None."""
        return next(
            (h for h in self.headings if h.anchor == anchor and within[0] <= h.line < within[1]), None
        )


def parse_page(text: str) -> Page:
    """Split a page into headings and tables; code blocks hide both."""
    lines = text.splitlines()
    headings: list[Heading] = []
    tables: list[Table] = []
    fence: str | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        fence, toggled = _track_fence(line, fence)
        if fence is None and not toggled:
            if line.lstrip().startswith("#|"):
                end = _table_end(lines, index)
                tables.append(Table(index, _rows(lines[index + 1 : end])))
                index = end + 1
                continue
            match = _HEADING.match(line)
            if match:
                headings.append(Heading(len(match[1]), match[2], match[3], index))
        index += 1
    return Page(tuple(headings), tuple(tables), len(lines))


def bold_names(cell: str) -> list[tuple[str, bool]]:
    """The **name** spans of a name cell, each with whether a trailing * marks it required."""
    text = _CODE_SPAN.sub("", cell)
    return [(m[1].strip(), m[2] == "*") for m in _BOLD.finditer(text) if m[1].strip()]


def local_anchor(cell: str) -> str | None:
    """The first link to an anchor of the same page, as in [(detailed description)](#fields)."""
    match = _LOCAL_LINK.search(cell)
    return match[1] if match else None


def plain(cell: str) -> str:
    """A cell's text without markup around it: one line, no bold, no enclosing code span."""
    text = " ".join(cell.split())
    text = text.replace("**", "")
    whole = re.fullmatch(r"(`+)\s?(.*?)\s?\1", text)
    if whole:
        text = whole[2]
    return _ESCAPE.sub(r"\1", text).strip()


def _track_fence(line: str, fence: str | None) -> tuple[str | None, bool]:
    match = _FENCE.match(line)
    if not match:
        return fence, False
    marker = match[1]
    if fence is None:
        return marker[0] * 3, True
    if marker.startswith(fence):
        return None, True
    return fence, False


def _table_end(lines: list[str], start: int) -> int:
    """The line that closes the table opened at start (nested tables and code blocks skipped)."""
    depth, fence = 1, None
    for index in range(start + 1, len(lines)):
        fence, toggled = _track_fence(lines[index], fence)
        if fence is not None or toggled:
            continue
        stripped = lines[index].lstrip()
        if stripped.startswith("#|"):
            depth += 1
        elif stripped.startswith("|#"):
            depth -= 1
            if depth == 0:
                return index
    return len(lines)


def _rows(lines: list[str]) -> tuple[tuple[str, ...], ...]:
    """Cut a table body into rows and cells; `||` opens and closes a row, `|` parts cells."""
    rows: list[tuple[str, ...]] = []
    cells: list[str] = []
    cell: list[str] = []
    in_row, fence, depth = False, None, 0
    for line in lines:
        fence, toggled = _track_fence(line, fence)
        stripped = line.lstrip()
        if fence is not None or toggled or depth or stripped.startswith("#|"):
            # A code block or a nested table belongs to the cell it sits in, untouched.
            if fence is None and not toggled:
                depth += stripped.startswith("#|") - stripped.startswith("|#")
            if in_row:
                cell.append(line + "\n")
            continue
        position = 0
        while position < len(line):
            char = line[position]
            if char == "\\" and position + 1 < len(line):
                cell.append(line[position : position + 2])
                position += 2
            elif char == "`":
                span = _CODE_SPAN.match(line, position)
                chunk = span[0] if span else char
                cell.append(chunk)
                position += len(chunk)
            elif line.startswith("||", position):
                if in_row:
                    cells.append("".join(cell))
                    rows.append(tuple(c.strip() for c in cells))
                    cells = []
                in_row = not in_row
                cell = []
                position += 2
            elif char == "|" and in_row:
                cells.append("".join(cell))
                cell = []
                position += 1
            else:
                cell.append(char)
                position += 1
        if in_row:
            cell.append("\n")
    return tuple(rows)
