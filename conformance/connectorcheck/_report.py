"""The three reports of a connector check: summary.json, junit.xml and a self-contained report.html."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from conformance.reports import group_findings, write_junit, write_summary

EXIT_CODES = {"conformant": 0, "nonconformant": 1, "unreachable": 3}


def write_reports(report_dir: Path, summary: dict[str, Any]) -> list[Path]:
    """Write summary.json, junit.xml and report.html into report_dir (made) and return their paths."""
    report_dir.mkdir(parents=True, exist_ok=True)
    paths = [report_dir / "summary.json", report_dir / "junit.xml", report_dir / "report.html"]
    write_summary(paths[0], summary)
    write_junit(paths[1], summary)
    partial = paths[2].with_name("report.html.partial")
    partial.write_text(render_html(summary), encoding="utf-8")
    partial.replace(paths[2])
    return paths


def render_html(summary: dict[str, Any]) -> str:
    """A page with the verdict, the findings grouped by check, what was not checked, and every call."""
    e = html.escape
    settings = ", ".join(summary.get("settings", [])) or "-"
    parts = [
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>connector-check report</title>",
        "<style>body{font-family:sans-serif;margin:2em}td,th{border:1px solid #ccc;padding:.2em .5em;"
        "vertical-align:top}table{border-collapse:collapse}.fail{color:#b00}.warn{color:#a60}"
        "pre{white-space:pre-wrap;margin:0}</style></head><body>",
        f"<h1>connector-check: <span class={'fail' if summary['verdict'] != 'conformant' else 'ok'}>"
        f"{e(summary['verdict'])}</span></h1>",
        f"<p>seed {e(str(summary.get('seed')))} &middot; {summary.get('requests', 0)} requests &middot; "
        f"{summary.get('duration_s', 0)} s &middot; settings: {e(settings)}"
        "</p><table>",
        *(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in (summary.get("target") or {}).items()),
        "</table>",
    ]
    if summary.get("error"):
        parts.append(f"<p class=fail>{e(summary['error']['message'])}</p>")
    parts.append("<h2>Findings</h2>")
    groups = group_findings(summary.get("findings") or [])
    if not groups:
        parts.append("<p>None.</p>")
    for group in groups:
        parts.append(f"<h3>{e(group.check)}: {group.fail} fail, {group.warn} warn</h3><table>")
        parts.append("<tr><th>severity</th><th>URL</th><th>finding</th></tr>")
        for finding in group.findings:
            lines = [finding["message"]]
            lines += [
                f"{label}: {finding[key]}"
                for label, key in (
                    ("Received", "observed"),
                    ("Documented", "expected"),
                    ("Reproduce", "reproduce"),
                )
                if finding.get(key)
            ]
            parts.append(
                f"<tr><td class={e(finding['severity'])}>{e(finding['severity'])}</td>"
                f"<td>{e(finding['method'])}</td><td><pre>{e(chr(10).join(lines))}</pre></td></tr>"
            )
        parts.append("</table>")
    if summary.get("notes"):
        parts.append("<h2>Not checked</h2><ul>")
        parts += [f"<li>{e(note)}</li>" for note in summary["notes"]]
        parts.append("</ul>")
    parts.append(
        "<h2>Calls</h2><table><tr><th>URL</th><th>purpose</th><th>status</th><th>s</th><th>bytes</th></tr>"
    )
    for call in summary.get("calls") or []:
        status = call["status"] if call["status"] is not None else call.get("error") or "no answer"
        parts.append(
            f"<tr><td>{e(call['endpoint'])}</td><td>{e(call['purpose'])}</td><td>{e(str(status))}"
            f"</td><td>{call['elapsed_s']}</td><td>{call['bytes']}</td></tr>"
        )
    parts.append("</table></body></html>\n")
    return "".join(parts)
