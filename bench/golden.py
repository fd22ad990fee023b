"""Behaviour fingerprint of standard runs against the mock, compared with golden summaries.

A refactoring that claims "behaviour unchanged" runs this before and after, each time with the package
installed the ordinary way (`pip install .`, not editable) in the interpreter given:

    python bench/golden.py --python VENV/bin/python --write   # record bench/golden/*.json
    python bench/golden.py --python VENV/bin/python           # run again and compare; exit 1 on a difference

Why not editable: Hypothesis mixes string and number constants it finds in the source of local modules
(not site-packages) into what it generates, so with an editable install any edit of the code changes the
examples a seed draws. Installed into site-packages, a seed draws the same examples whatever the code says.

Each configuration is one `b24-conformance run` (standard profile, seeds 1-3, both error placements,
with and without --batch). Its fingerprint is the verdict, the number of requests and the set of
(check, method, input class, severity) findings. Runs go two at a time, one per core.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"
SEEDS = (1, 2, 3)
PLACEMENTS = ("nested", "root")


def configurations() -> list[tuple[str, list[str]]]:
    """(name, run arguments) for every configuration the fingerprint covers."""
    found = []
    for seed in SEEDS:
        for placement in PLACEMENTS:
            for batch in (False, True):
                name = f"standard-seed{seed}-{placement}{'-batch' if batch else ''}"
                args = ["--profile", "standard", "--seed", str(seed)]
                args += ["--error-placement", placement, "--mock-error-placement", placement]
                found.append((name, args + (["--batch"] if batch else [])))
    return found


def installed_package(python: str) -> str:
    """Where python imports conformance from, outside the checkout; exit when it is not site-packages."""
    with tempfile.TemporaryDirectory() as elsewhere:
        found = subprocess.run(
            [python, "-c", "import conformance; print(conformance.__file__)"],
            capture_output=True,
            text=True,
            cwd=elsewhere,
            check=False,
        )
    where = found.stdout.strip()
    if found.returncode != 0 or "site-packages" not in where:
        raise SystemExit(
            f"golden: expected {python} to import conformance from site-packages (pip install ., not -e), "
            f"got {where or found.stderr.strip()[-300:]}"
        )
    return where


def fingerprint(python: str, args: list[str]) -> dict:
    """Run the suite with ARGS in a child process and reduce its summary to what must not change."""
    with tempfile.TemporaryDirectory() as report_dir:
        completed = subprocess.run(
            [python, "-m", "conformance.cli", "run", "--report-dir", report_dir, *args],
            capture_output=True,
            text=True,
            cwd=report_dir,  # not the checkout, whose package would shadow the installed one
            check=False,
        )
        summary_path = Path(report_dir) / "summary.json"
        if not summary_path.exists():
            raise SystemExit(
                f"golden: a run wrote no summary (exit {completed.returncode}):\n"
                f"{completed.stdout[-2000:]}\n{completed.stderr[-2000:]}"
            )
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
    findings = sorted(
        {(f["check"], f["method"], f.get("input_class") or "", f["severity"]) for f in summary["findings"]}
    )
    return {
        "verdict": summary["verdict"],
        "requests": summary["requests"],
        "findings": [list(finding) for finding in findings],
    }


def differences(name: str, golden: dict, now: dict) -> list[str]:
    """Human-readable differences between a golden fingerprint and the one measured now."""
    lines = []
    for key in ("verdict", "requests"):
        if golden[key] != now[key]:
            lines.append(f"{name}: {key} was {golden[key]!r}, now {now[key]!r}")
    was = {tuple(finding) for finding in golden["findings"]}
    got = {tuple(finding) for finding in now["findings"]}
    lines += [f"{name}: finding gone: {finding}" for finding in sorted(was - got)]
    lines += [f"{name}: finding new:  {finding}" for finding in sorted(got - was)]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="record the golden files instead of comparing")
    parser.add_argument("-k", default="", help="only configurations whose name contains this text")
    parser.add_argument("--python", default=sys.executable, help="an interpreter with the package installed")
    args = parser.parse_args()
    print(f"golden: conformance from {installed_package(args.python)}")
    chosen = [(name, run_args) for name, run_args in configurations() if args.k in name]
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = pool.map(lambda run_args: fingerprint(args.python, run_args), [a for _, a in chosen])
        results = dict(zip([name for name, _ in chosen], runs, strict=True))
    problems: list[str] = []
    for name, now in results.items():
        path = GOLDEN / f"{name}.json"
        print(f"{name}: {now['verdict']}, {now['requests']} requests, {len(now['findings'])} findings")
        if args.write:
            GOLDEN.mkdir(exist_ok=True)
            path.write_text(json.dumps(now, indent=1) + "\n", encoding="utf-8")
        elif not path.exists():
            problems.append(f"{name}: no golden file {path.name} (record it with --write)")
        else:
            problems += differences(name, json.loads(path.read_text(encoding="utf-8")), now)
    for line in problems:
        print(line)
    print(f"{len(results)} configurations, {'written' if args.write else f'{len(problems)} differences'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
