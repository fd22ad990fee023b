"""summary.json: written whole or not at all."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def write_summary(path: Path, summary: dict[str, Any]) -> None:
    """Write summary.json atomically, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".json.partial")
    partial.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    partial.replace(path)
