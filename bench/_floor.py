"""The floor under a suite run: a pytest + Hypothesis + pytest-html suite of the run's shape (the same
tests, each with as many examples as the run's test sent requests) whose every example is the bare
loop's one call, with nothing drawn that costs and nothing checked.

No suite of this shape can come nearer the bare loop than its floor: the gap from the bare loop to
the floor is the price of a pytest test and a Hypothesis run per (method, input class) cell; the gap
from the floor to the run is what the suite does per request (its inputs, oracle, checks, records).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
SUITE = HERE / "floor_suite"


def shape_recording(shape_file: Path) -> tuple[list[str], dict[str, str]]:
    """The pytest arguments and environment that make a suite run write its shape to shape_file."""
    return ["-p", "_floor_shape"], {**_with_bench_on_path(), "B24_BENCH_SHAPE": str(shape_file)}


def floor_run(scratch: Path, shape: list[int], target: str, token: str) -> dict:
    """Run the floor suite of shape against target (a REST URL, or `in-process`) in a child process,
    with the options of `b24-conformance run` that cost time (pytest-html's report among them);
    its requests and duration_s, timed from pytest's configure to its end as a run's summary is."""
    scratch.mkdir(parents=True, exist_ok=True)
    shape_file, result_file = scratch / "shape.json", scratch / "floor.json"
    shape_file.write_text(json.dumps(shape), encoding="utf-8")
    environment = {
        **os.environ,
        "PYTHONDONTWRITEBYTECODE": "1",
        "B24_FLOOR_SHAPE": str(shape_file),
        "B24_FLOOR_RESULT": str(result_file),
        "B24_FLOOR_TARGET": target,
        "B24_FLOOR_TOKEN": token,
    }
    command = [
        *(sys.executable, "-m", "pytest", "-c", str(SUITE / "pytest.ini"), "--rootdir", str(scratch)),
        *("-q", "--tb=short", "-rN", "-p", "no:b24_conformance"),
        *(f"--html={scratch / 'floor.html'}", "--self-contained-html", str(SUITE)),
    ]
    completed = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    if completed.returncode != 0 or not result_file.exists():
        raise SystemExit(
            f"bench: the floor suite failed (exit {completed.returncode}):\n{completed.stdout[-2000:]}"
        )
    return {**json.loads(result_file.read_text(encoding="utf-8")), "tests": len(shape)}


def _with_bench_on_path() -> dict[str, str]:
    path = os.environ.get("PYTHONPATH")
    return {"PYTHONPATH": str(HERE) if not path else f"{HERE}{os.pathsep}{path}"}
