"""The terminal's summary of a run: findings by check and method, a few reproduce lines, the verdict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ._groups import CheckGroup, group_findings
from ._shell import shell_safe

WIDTH = 100
_EXAMPLES = {"fail": 2, "warn": 1}  # reproduce lines shown per check, by the check's worst severity


def summary_lines(
    summary: dict[str, Any], report_dir: Path | None = None, *, max_lines: int = 40, verdict: bool = True
) -> list[str]:
    """The summary as lines: findings per check and method, the first ones reproducible, the verdict
    (unless verdict is False: `b24-conformance run` prints its own verdict line last)."""
    tail = [verdict_line(summary)] if verdict else []
    if report_dir is not None:
        tail.append(
            "reports: " + "  ".join(str(report_dir / n) for n in ("report.html", "summary.json", "junit.xml"))
        )
    lines: list[str] = []
    if summary.get("error"):
        error = summary["error"]
        lines.append(f"run stopped ({error['kind']}, exit {error['exit_code']}): {error['message']}")
    groups = group_findings(summary.get("findings") or [])
    lines += [f"serve the same mock: {summary['serve_mock']}"] if groups and summary.get("serve_mock") else []
    budget = max_lines - len(tail) - len(lines) - 1  # one line left for "... more checks"
    for at, group in enumerate(groups):
        block = _check_block(group, _common_prefix(summary))
        if len(lines) + len(block) > budget and at > 0:
            rest = groups[at:]
            lines.append(
                f"... {len(rest)} more checks with {sum(len(g.findings) for g in rest)} findings: "
                + ", ".join(g.check for g in rest)
            )
            break
        lines += block
    return lines + tail


def verdict_line(summary: dict[str, Any]) -> str:
    """verdict, fail and warn counts, requests, time, seed and profile on one line."""
    counts = summary.get("counts") or {}
    facts = [f"{counts.get('fail', 0)} fail, {counts.get('warn', 0)} warn"]
    if summary.get("requests") is not None:
        duration = summary.get("duration_s")
        facts.append(
            f"{summary['requests']} requests" + (f" in {duration:.1f} s" if duration is not None else "")
        )
    if summary.get("seed") is not None:
        facts.append(f"seed {summary['seed']}, profile {summary.get('profile')}")
    return f"verdict: {summary['verdict']} ({'; '.join(facts)})"


def _check_block(group: CheckGroup, prefix: str) -> list[str]:
    per_method = group.by_method()
    counts = ", ".join(f"{group.fail} fail" if s == "fail" else f"{group.warn} warn" for s in _present(group))
    lines = [f"{group.check}: {counts} on {len(per_method)} method{'s' if len(per_method) > 1 else ''}"]
    lines += _wrapped([f"{method.removeprefix(prefix)} {len(found)}" for method, found in per_method])
    worst = "fail" if group.fail else "warn"
    shown = [found[0] for _, found in per_method[: _EXAMPLES[worst]]]
    for finding in shown:
        sent = ", ".join(filter(None, (finding.get("input_class"), finding.get("encoding"))))
        where = finding["method"] + (f" [{sent}]" if sent else "")
        lines.append(f"  {finding['severity'].upper()} {where}: {_one_line(finding['message'])}")
        lines.append(
            f"    {shell_safe(finding['reproduce'])}" if finding.get("reproduce") else "    (no request)"
        )
    if len(group.findings) > len(shown):
        lines.append(f"  ... {len(group.findings) - len(shown)} more in report.html and summary.json")
    return lines


def _wrapped(items: list[str]) -> list[str]:
    """Items joined by commas into indented lines of at most WIDTH, never splitting an item."""
    lines = ["  "]
    for item in items:
        if len(lines[-1]) > 2 and len(lines[-1]) + len(item) + 2 > WIDTH:
            lines[-1] = lines[-1].rstrip()
            lines.append("  ")
        lines[-1] += item + ", "
    lines[-1] = lines[-1].removesuffix(", ")
    return lines


def _present(group: CheckGroup) -> list[str]:
    return [s for s in ("fail", "warn") if (group.fail if s == "fail" else group.warn)]


def _common_prefix(summary: dict[str, Any]) -> str:
    """The dotted prefix every method shares ("biconnector."), left out of the per-method counts."""
    methods = {f["method"] for f in summary.get("findings") or []}
    if len(methods) < 2:
        return ""
    shared = []
    for names in zip(*(m.split(".") for m in methods), strict=False):  # shortest name bounds it
        if len(set(names)) > 1:
            break
        shared.append(names[0])
    return ".".join(shared) + "." if shared else ""


def _one_line(text: str) -> str:
    first = (text or "").splitlines()[0] if text else ""
    return first if len(first) <= WIDTH * 2 else first[: WIDTH * 2] + "..."
