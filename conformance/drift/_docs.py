"""Read the BIconnector method pages of a b24restdocs checkout into DocMethod records."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ._yfm import Page, Table, bold_names, local_anchor, parse_page, plain

DOCS_DIR = Path("api-reference", "biconnector")
PAGE_GLOB = "biconnector-*.md"
# Rows for errors without a string code ("-", "Empty value"): the module sends a numeric 0.
NUMERIC_ZERO = "0"
_NO_CODE = {"", "-", "—", "–", "0", "empty value", "empty"}
_METHOD_NAME = re.compile(r"\bbiconnector(?:\.[a-z]+)+\b")


class NotADocsCheckout(FileNotFoundError):
    """The path holds no BIconnector method pages where a b24restdocs checkout has them."""


@dataclass(frozen=True)
class DocMethod:
    """What one method page documents: parameters, error codes and the fields of its result item."""

    name: str
    # Dotted where a row links to a nested table: fields, fields.settings, fields.settings.code.
    params: tuple[str, ...]
    error_codes: dict[str, str] = field(default_factory=dict)
    result_fields: tuple[str, ...] = ()


def read_docs(root: Path) -> dict[str, DocMethod]:
    """Every method page under root/api-reference/biconnector, by method name."""
    root = Path(root)
    folder = root / DOCS_DIR
    pages = sorted(folder.rglob(PAGE_GLOB)) if folder.is_dir() else []
    if not pages:
        raise NotADocsCheckout(_not_a_checkout(root))
    methods: dict[str, DocMethod] = {}
    for path in pages:
        method = read_page(path.read_text(encoding="utf-8", errors="replace"), fallback_name=path.stem)
        methods.setdefault(method.name, method)
    return methods


def read_page(text: str, fallback_name: str = "") -> DocMethod:
    """One method page; the name comes from its title, else from fallback_name (the file stem)."""
    page = parse_page(text)
    return DocMethod(
        name=_method_name(page, text, fallback_name),
        params=tuple(_params(page)),
        error_codes=_error_codes(page),
        result_fields=tuple(_result_fields(page)),
    )


def _not_a_checkout(root: Path) -> str:
    message = (
        f"Expected a b24restdocs checkout with {DOCS_DIR.as_posix()}/**/{PAGE_GLOB} under {root}, found none."
    )
    # A path inside a checkout (its api-reference or biconnector folder) is the likeliest slip.
    for parent in root.resolve().parents:
        if (parent / DOCS_DIR).is_dir():
            return f"{message} Perhaps you meant {parent}?"
    return message


def _method_name(page: Page, text: str, fallback: str) -> str:
    title = next((h.text for h in page.headings if h.level == 1), "")
    in_title, anywhere = _METHOD_NAME.findall(title), _METHOD_NAME.findall(text)
    if in_title:
        return in_title[-1]
    if fallback:
        return fallback.replace("-", ".")
    if anywhere:
        return anywhere[0]
    raise ValueError(f"Expected a biconnector.* method name in the page title {title!r}, found none")


def _error_codes(page: Page) -> dict[str, str]:
    codes: dict[str, str] = {}
    for table in page.tables:
        columns = _columns(table, "code", "description")
        if columns is None:
            continue
        code_at, text_at = columns
        for row in table.body:
            if len(row) <= max(code_at, text_at):
                continue
            code = plain(row[code_at])
            code = NUMERIC_ZERO if code.lower() in _NO_CODE else code
            codes.setdefault(code, plain(row[text_at]))
    return codes


def _columns(table: Table, *names: str) -> tuple[int, ...] | None:
    header = table.header
    if not all(name in header for name in names):
        return None
    return tuple(header.index(name) for name in names)


def _params(page: Page) -> list[str]:
    heading = page.find(r"\bmethod parameters\b", level=2)
    if heading is None:
        return []
    table = page.own_table(heading)
    return _names(page, table, page.section(heading), prefix="", seen=frozenset()) if table else []


def _names(page: Page, table: Table, within: tuple[int, int], prefix: str, seen: frozenset) -> list[str]:
    """Row names of a parameter table, followed into the tables their rows link to."""
    names: list[str] = []
    for row in table.body:
        found = [name for name, _required in bold_names(row[0])] if row else []
        names.extend(prefix + name for name in found)
        anchor = next(filter(None, (local_anchor(cell) for cell in row[1:])), None)
        if len(found) != 1 or anchor is None or anchor in seen:
            continue
        target = page.anchored(anchor, within)
        nested = page.own_table(target) if target else None
        if nested is not None:
            names.extend(_names(page, nested, within, f"{prefix}{found[0]}.", seen | {anchor}))
    return names


def _result_fields(page: Page) -> list[str]:
    handling = page.find(r"\bresponse handling\b", level=2)
    if handling is None:
        return []
    within = page.section(handling)
    returned = page.find(r"\breturned data\b", within=within)
    top = page.own_table(returned) if returned else None
    if top is None:
        return []
    # The deepest result row that links to a table of its own (result, or result.item for get).
    linked = []
    for row in top.body:
        for name, _required in bold_names(row[0]) if row else []:
            anchor = next(filter(None, (local_anchor(cell) for cell in row[1:])), None)
            if (name == "result" or name.startswith("result.")) and anchor:
                linked.append((name.count("."), anchor))
    for _depth, anchor in sorted(linked, reverse=True):
        target = page.anchored(anchor, within)
        item = page.own_table(target) if target else None
        if item is not None:
            return [name for row in item.body if row for name, _required in bold_names(row[0])]
    return []
