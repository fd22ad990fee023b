"""--budget: a run that spends its budget stops sending, fails no test for it, and says what it left out."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

# Past the cap only the cleanup goes out: its deletes, and a lookup for each add whose answer never came.
SETTLE_ALLOWANCE = 4


def _cleanup_entries(ledger: Path) -> int:
    """How many objects the closing cleanup deleted or settled: the ledger's entries after its last add."""
    entries = [json.loads(line) for line in ledger.read_text(encoding="utf-8").splitlines() if line]
    last_add = max((at for at, entry in enumerate(entries) if entry["op"] == "intend"), default=-1)
    return sum(entry["op"] in ("deleted", "gone", "settled") for entry in entries[last_add + 1 :])


@pytest.mark.parametrize("batch", [(), ("--batch",)], ids=["one-by-one", "batch"])
@pytest.mark.parametrize("budget", [5, 200])
def test_a_spent_budget_ends_the_run_cleanly(run_cli, budget, batch):
    result = run_cli("--profile", "quick", "--seed", "3", "--budget", str(budget), *batch)
    # less was sent than the profile planned: incomplete, exit 4, never conformant
    assert result.code == 4, result.stdout[-3000:] + result.stderr[-3000:]
    assert re.search(r"\b\d+ (failed|errors?)\b", result.stdout) is None, result.stdout[-3000:]
    summary = result.summary
    assert (summary["verdict"], summary["budget_spent"]) == ("incomplete", True)
    assert "budget" in summary["incomplete_reasons"]
    assert "incomplete (budget)" in result.stdout
    cleanup = _cleanup_entries(result.report_dir / "ledger.jsonl")
    assert budget <= summary["requests"] <= budget + cleanup + SETTLE_ALLOWANCE
    left_out = [
        (method, name)
        for method, entry in summary["coverage"].items()
        for name, reason in entry["not_covered"].items()
        if reason == "the request budget was spent"
    ]
    assert left_out or summary["unsent_tests"], "summary.json should list what the budget left unsent"


def test_allow_incomplete_turns_a_spent_budget_into_exit_0(run_cli):
    result = run_cli("--profile", "quick", "--seed", "3", "--budget", "5", "--allow-incomplete")
    assert result.code == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert result.summary["verdict"] == "incomplete"
