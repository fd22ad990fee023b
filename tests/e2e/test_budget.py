"""--budget: a run that spends its budget stops sending, fails no test for it, and says what it left out."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.slow

# The deletes that clean up what the run made go out even past the cap: nothing may be left behind.
CLEANUP_ALLOWANCE = 12


@pytest.mark.parametrize("batch", [(), ("--batch",)], ids=["one-by-one", "batch"])
@pytest.mark.parametrize("budget", [5, 400])
def test_a_spent_budget_ends_the_run_cleanly(run_cli, budget, batch):
    result = run_cli("--profile", "quick", "--seed", "3", "--budget", str(budget), *batch)
    # less was sent than the profile planned: incomplete, exit 4, never conformant
    assert result.code == 4, result.stdout[-3000:] + result.stderr[-3000:]
    assert re.search(r"\b\d+ (failed|errors?)\b", result.stdout) is None, result.stdout[-3000:]
    summary = result.summary
    assert (summary["verdict"], summary["budget_spent"]) == ("incomplete", True)
    assert "budget" in summary["incomplete_reasons"]
    assert "incomplete (budget)" in result.stdout
    assert budget <= summary["requests"] <= budget + CLEANUP_ALLOWANCE
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
