"""The Markdown summary a GitHub Actions step shows: verdict, counts and the top findings."""

from __future__ import annotations

from typing import Any

from ._groups import group_findings
from ._shell import shell_safe

TOP = 5  # findings shown with their reproduce line; the rest are counted per check


def markdown_summary(summary: dict[str, Any]) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: verdict and counts, findings per check, the first few in full."""
    counts = summary.get("counts") or {}
    mark = {"conformant": "✅", "nonconformant": "❌"}.get(summary["verdict"], "⚠️")
    lines = [
        f"## {mark} b24-conformance: {summary['verdict']}",
        "",
        f"**{counts.get('fail', 0)} fail, {counts.get('warn', 0)} warn** findings; "
        f"{summary.get('requests', 0)} requests; profile {summary.get('profile')}, "
        f"seed {summary.get('seed')}, target `{summary.get('target')}`",
        "",
    ]
    if summary.get("error"):
        lines += [f"> Run stopped ({summary['error']['kind']}): {_cell(summary['error']['message'])}", ""]
    groups = group_findings(summary.get("findings") or [])
    if groups:
        lines += ["| check | fail | warn | methods |", "|---|---:|---:|---:|"]
        lines += [f"| {g.check} | {g.fail} | {g.warn} | {len(g.by_method())} |" for g in groups]
        lines.append("")
        # one per check and method, so five lines show five different problems
        top = [found[0] for g in groups for _, found in g.by_method()][:TOP]
        lines.append("### Top findings")
        for finding in top:
            where = finding["method"] + (f" `{finding['input_class']}`" if finding.get("input_class") else "")
            lines += [
                f"- **{finding['severity']}** {finding['check']}: {where}: {_cell(finding['message'])}",
                "",
                "  ```sh",
                f"  {shell_safe(finding['reproduce'])}" if finding.get("reproduce") else "  # no request",
                "  ```",
            ]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """One line of text that cannot break a table or open markup."""
    return " ".join((text or "").split()).replace("|", "\\|").replace("<", "&lt;")
