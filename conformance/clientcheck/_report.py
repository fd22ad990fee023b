"""The client-check's reports: summary.json, junit.xml (as run writes them), report.html, terminal."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from conformance import __version__

from ..reports import write_junit, write_summary
from ._run import CheckResult
from ._scenario import Problem, ScenarioResult

RULE_CHECK = "client-rule"  # what junit.xml names as the failure type of a broken scenario rule
CLASS = "scenario"  # every scenario is one testcase: classname the scenario, name this


def summary(result: CheckResult) -> dict[str, Any]:
    """summary.json of a client-check: the verdict, each scenario with its traffic, findings, coverage."""
    # Shaped as conformance.findings.Finding.as_json() is, so that junit.xml is written the way run's is;
    # not a Finding itself: the rule a client broke is no check of the portal's registry.
    findings = [
        {
            "check": RULE_CHECK,
            "severity": "fail",
            "method": scenario.name,
            "message": problem.what,
            "expected": scenario.rule,
            "observed": _observed(problem),
            "input_class": CLASS,
            "reproduce": "",
        }
        for scenario in result.results
        for problem in scenario.problems
    ]
    return {
        "kind": "client-check",
        "version": __version__,
        "client": result.client,
        "verdict": "conformant" if result.passed else "nonconformant",
        "passed": sum(1 for r in result.results if r.verdict == "pass"),
        "failed": len(result.failed),
        "duration_s": round(result.duration_s, 3),
        "scenarios": [r.as_json() for r in result.results],
        "findings": findings,
        "coverage": {r.name: {"input_classes": {CLASS: len(r.traffic)}} for r in result.results},
    }


def _observed(problem: Problem) -> str:
    parts = [
        f"client: {problem.client}" if problem.client else "",
        f"traffic:\n{problem.traffic}" if problem.traffic else "",
    ]
    return "\n".join(part for part in parts if part)


def write_reports(result: CheckResult, folder: Path) -> dict[str, Any]:
    """Write summary.json, junit.xml and report.html into folder (made); returns the summary."""
    data = summary(result)
    write_summary(folder / "summary.json", data)
    write_junit(folder / "junit.xml", data)
    partial = folder / "report.html.partial"
    partial.write_text(render_html(result), encoding="utf-8")
    partial.replace(folder / "report.html")
    return data


def write_error_reports(folder: Path, client: str, message: str) -> None:
    """summary.json and junit.xml of a check that could not run (a bad adapter): one red testcase."""
    data = {
        "kind": "client-check",
        "version": __version__,
        "client": client,
        "verdict": "error",
        "error": {"kind": "adapter", "message": message, "exit_code": 2},
        "findings": [],
    }
    write_summary(folder / "summary.json", data)
    write_junit(folder / "junit.xml", data)


def terminal_lines(result: CheckResult, *, first_failures: int = 3) -> list[str]:
    """The scenario x verdict table, then the first failures with what the client did and the traffic."""
    width = max((len(r.name) for r in result.results), default=10)
    lines = [f"{r.name:<{width}}  {r.verdict.upper():<4}  {r.duration_s:5.1f} s" for r in result.results]
    for scenario in result.failed[:first_failures]:
        lines.append("")
        lines.append(f"FAIL {scenario.name}: {scenario.rule}")
        for problem in scenario.problems[:2]:
            lines.append(f"  {problem.what}")
            if problem.client:
                lines.append(f"  client:  {problem.client}")
            if problem.traffic:
                lines += ["  traffic: " + problem.traffic.splitlines()[0]]
                lines += ["           " + line for line in problem.traffic.splitlines()[1:]]
    if len(result.failed) > first_failures:
        lines.append(
            f"... and {len(result.failed) - first_failures} more failing scenarios (see report.html)"
        )
    passed = len(result.results) - len(result.failed)
    verdict = "PASS" if result.passed else "FAIL"
    lines.append("")
    lines.append(
        f"client-check {verdict}: {result.client}: {passed} of {len(result.results)} scenarios passed "
        f"in {result.duration_s:.1f} s"
    )
    return lines


def render_html(result: CheckResult) -> str:
    """A self-contained report.html: the verdict, scenario x verdict, each scenario's problems and traffic."""
    e = html.escape
    rows = "".join(
        f"<tr class='{r.verdict}'><td><a href='#{e(r.name)}'>{e(r.name)}</a></td><td>{r.verdict.upper()}</td>"
        f"<td>{e(r.rule)}</td><td>{len(r.traffic)}</td><td>{r.duration_s:.1f} s</td></tr>"
        for r in result.results
    )
    sections = "".join(_section(r) for r in result.results)
    verdict = "PASS" if result.passed else "FAIL"
    passed = len(result.results) - len(result.failed)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>client-check: {e(result.client)}</title>
<style>
body {{ font-family: sans-serif; margin: 2em; }} table {{ border-collapse: collapse; }}
td, th {{ border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }}
tr.pass td:nth-child(2) {{ color: #070; font-weight: bold; }}
tr.fail td:nth-child(2) {{ color: #b00; font-weight: bold; }}
pre {{ background: #f6f6f6; padding: 6px; white-space: pre-wrap; }} td:last-child {{ white-space: nowrap; }}
</style></head><body>
<h1>client-check {verdict}: {e(result.client)}</h1>
<p>{passed} of {len(result.results)} scenarios passed in {result.duration_s:.1f} s
(b24-conformance {e(__version__)}).</p>
<table><tr><th>scenario</th><th>verdict</th><th>rule</th><th>requests</th><th>time</th></tr>{rows}</table>
{sections}
</body></html>
"""


def _section(result: ScenarioResult) -> str:
    e = html.escape
    problems = "".join(
        f"<li>{e(p.what)}"
        + (f"<br>client: <code>{e(p.client)}</code>" if p.client else "")
        + (f"<pre>{e(p.traffic)}</pre>" if p.traffic else "")
        + "</li>"
        for p in result.problems
    )
    outcomes = "\n".join(f"{o.task.brief()}\n    {o.brief()}" for o in result.outcomes)
    traffic = "\n".join(f"#{i + 1} {r.brief()}" for i, r in enumerate(result.traffic))
    return (
        f"<h2 id='{e(result.name)}'>{e(result.name)}: {result.verdict.upper()}</h2><p>{e(result.rule)}</p>"
        + (f"<ul>{problems}</ul>" if problems else "")
        + f"<details><summary>what the client did ({len(result.outcomes)} tasks)</summary>"
        f"<pre>{e(outcomes)}</pre></details>"
        f"<details><summary>traffic the mock recorded ({len(result.traffic)} requests)</summary>"
        f"<pre>{e(traffic)}</pre></details>"
    )
