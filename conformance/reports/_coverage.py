"""Contract coverage: which documented error codes a run exercised, and why the others were not."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..contract import Contract

REASONS_FILE = Path(__file__).parent.parent / "suite" / "unexercised.json"
NO_PROBE = "no probe of this run sends a request that triggers it"


def load_reasons(path: Path = REASONS_FILE) -> dict[str, dict[str, str]]:
    """method name (or "*") -> code -> why a run cannot be expected to exercise it."""
    return json.loads(path.read_text(encoding="utf-8"))


def contract_coverage(
    coverage: dict[str, Any], contract: Contract, reasons: dict[str, dict[str, str]] | None = None
) -> dict[str, Any]:
    """Per probed method, the documented codes seen and not seen (with a reason), and the share seen."""
    reasons = load_reasons() if reasons is None else reasons
    methods = {}
    documented_total = seen_total = 0
    for name, entry in coverage.items():
        if name not in contract.methods:
            continue
        documented = [error.code for error in contract.methods[name].error_codes]
        seen = [code for code in documented if code in entry["error_codes"]]
        unseen = {
            code: reasons.get(name, {}).get(code) or reasons.get("*", {}).get(code) or NO_PROBE
            for code in documented
            if code not in seen
        }
        methods[name] = {"documented": len(documented), "exercised": seen, "not_exercised": unseen}
        documented_total += len(documented)
        seen_total += len(seen)
    percent = 100.0 * seen_total / documented_total if documented_total else 0.0
    return {
        "methods": methods,
        "documented": documented_total,
        "exercised": seen_total,
        "percent": round(percent, 1),
    }
