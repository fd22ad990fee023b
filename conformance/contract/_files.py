"""Locate and read the schema files of the contract."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


class SchemaDirectoryNotFound(FileNotFoundError):
    """Neither the installed copy nor the checkout's schemas/ folder exists."""


def default_schema_dir() -> Path:
    """Return the schemas folder: the copy inside an installed wheel, else the checkout's."""
    for candidate in (_PACKAGE_DIR / "schemas", _PACKAGE_DIR.parent / "schemas"):
        if (candidate / "methods").is_dir():
            return candidate
    raise SchemaDirectoryNotFound(
        f"Expected a schemas/ folder with methods/ inside {_PACKAGE_DIR} or beside it, found none. "
        "Reinstall the package or run from a full checkout."
    )


def iter_schema_files(root: Path) -> Iterator[tuple[Path, dict]]:
    """Yield (path, parsed document) for every JSON file below root, in a stable order."""
    for path in sorted(root.rglob("*.json")):
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ValueError(f"Expected JSON in {path}, got a syntax error: {exc}") from exc
        yield path, document
