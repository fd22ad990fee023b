"""The faithful mock over several seeds: the whole quick suite finds nothing to fail.

bench/run.py --false-alarm-seeds 10 runs the long variant; CI runs three seeds.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow

SEEDS = ("101", "202", "303")


@pytest.mark.parametrize("batch", [(), ("--batch",)], ids=["one-by-one", "batch"])
def test_no_fail_finding_on_the_faithful_mock_over_several_seeds(tmp_path, batch):
    runs = {
        seed: subprocess.Popen(
            [
                sys.executable,
                "-m",
                "conformance.cli",
                "run",
                "--profile",
                "quick",
                "--seed",
                seed,
                "--report-dir",
                str(tmp_path / seed),
                *batch,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed in SEEDS
    }
    for seed, process in runs.items():
        stdout, stderr = process.communicate(timeout=300)
        summary = json.loads((tmp_path / seed / "summary.json").read_text(encoding="utf-8"))
        fails = [f for f in summary["findings"] if f["severity"] == "fail"]
        assert (process.returncode, summary["verdict"], fails) == (0, "conformant", []), (
            stdout[-2000:] + stderr
        )
