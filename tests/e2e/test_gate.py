"""`run --profile gate`: the quick profile's (method, input class) cells in a fraction of its requests,
and a gate still catches what only a direct call shows (a form body) and what only a batch call shows."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

pytestmark = pytest.mark.slow


def cells(summary: dict) -> set[tuple[str, str]]:
    return {
        (method, name) for method, entry in summary["coverage"].items() for name in entry["input_classes"]
    }


def test_a_gate_probes_every_cell_of_a_quick_run_in_a_fifth_of_its_requests(run_cli):
    with ThreadPoolExecutor(max_workers=2) as pool:
        quick, gate = pool.map(
            lambda profile: run_cli("--profile", profile, "--seed", "6"), ("quick", "gate")
        )
    assert quick.code == gate.code == 0, gate.stdout + gate.stderr
    assert (gate.summary["profile"], gate.summary["batch"], gate.summary["verdict"]) == (
        "gate",
        True,
        "conformant",
    )
    assert cells(gate.summary) == cells(quick.summary)
    assert len(cells(gate.summary)) > 400
    # issue 13's figure for a live gate: at most 120 requests (quick: about 1,000)
    assert gate.summary["requests"] <= 120 < quick.summary["requests"] / 5
    # the state machine and schemathesis are left to longer profiles, and the report says why
    assert "walks each entity once instead" in (gate.report_dir / "report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("fault", "check"),
    [
        ("form-body-ignored", "error-code"),  # a direct call in form
        ("negative-id-looked-up", "error-code"),  # a direct call with a class a batch also carries
        ("update-replaces", "lifecycle"),  # a change direct, the read after it in a batch call
        ("list-honours-start", "lifecycle"),  # the probe direct, its reference in a batch call
        ("list-ignores-filter", "lifecycle"),  # connector.list direct, the other lists' in a batch call
        ("batch-drops-a-command", "batch"),
    ],
)
def test_a_gate_catches_a_fault_of_direct_calls_and_one_of_batch_calls(run_cli, fault, check):
    result = run_cli("--profile", "gate", "--seed", "6", "--mock-fault", fault)
    assert result.code == 1, result.stdout + result.stderr
    assert check in result.checks_found()
