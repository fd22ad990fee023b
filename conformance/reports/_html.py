"""The conformance part of report.html: verdict, run facts, findings and coverage, as escaped HTML."""

from __future__ import annotations

from html import escape
from typing import Any

_STYLE = """<style>
.b24 table{border-collapse:collapse;margin:.5em 0 1em}
.b24 td,.b24 th{border:1px solid #ccc;padding:2px 6px;font-size:12px;vertical-align:top}
.b24 .fail{background:#fdd}.b24 .warn{background:#ffd}.b24 .pass{background:#dfd}.b24 .conformant{color:#070}
.b24 .nonconformant,.b24 .error{color:#b00}.b24 code{white-space:pre-wrap;word-break:break-all}
</style>"""


def render_summary(summary: dict[str, Any]) -> str:
    """HTML for the report's summary: every value from summary.json, escaped."""
    verdict = summary["verdict"]
    parts = [
        _STYLE,
        '<div class="b24">',
        f'<h3>Verdict: <span class="{escape(verdict)}">{escape(verdict)}</span></h3>',
        _facts(summary),
    ]
    if summary.get("error"):
        parts.append(f"<p class='error'>{escape(summary['error']['message'])}</p>")
    parts += [
        _findings(summary["findings"]),
        _matrix(summary["coverage"]),
        _coverage(summary["coverage"]),
        _contract_coverage(summary.get("contract_coverage")),
        "</div>",
    ]
    return "\n".join(parts)


def _facts(summary: dict[str, Any]) -> str:
    keys = ("target", "auth", "error_placement", "profile", "seed", "requests", "duration_s", "budget")
    cells = "".join(f"<tr><th>{escape(k)}</th><td>{escape(str(summary.get(k)))}</td></tr>" for k in keys)
    return f"<table>{cells}</table>"


def _findings(findings: list[dict[str, Any]]) -> str:
    if not findings:
        return "<p>No findings.</p>"
    head = "".join(
        f"<th>{h}</th>"
        for h in ("severity", "check", "method", "input class", "received", "documented", "count", "message")
    )
    rows = []
    for f in findings:
        cells = [
            f["severity"],
            f["check"],
            f["method"],
            f["input_class"] or "",
            f["observed"],
            f["expected"],
            str(f["count"]),
        ]
        row = "".join(f"<td>{escape(c)}</td>" for c in cells)
        message = f"{escape(f['message'])}<br><code>{escape(f['reproduce'])}</code>"
        rows.append(f'<tr class="{escape(f["severity"])}">{row}<td>{message}</td></tr>')
    return f"<h3>Findings ({len(findings)})</h3><table><tr>{head}</tr>{''.join(rows)}</table>"


def _coverage(coverage: dict[str, Any]) -> str:
    classes = sorted(
        {c for entry in coverage.values() for c in (*entry["input_classes"], *entry["not_covered"])}
    )
    if not classes:
        return "<p>No coverage recorded.</p>"
    head = "<th>method</th>" + "".join(f"<th>{escape(c)}</th>" for c in classes) + "<th>error codes seen</th>"
    rows = []
    for method, entry in coverage.items():
        cells = []
        for name in classes:
            if name in entry["input_classes"]:
                cells.append(f"<td>{entry['input_classes'][name]}</td>")
            elif name in entry["not_covered"]:
                cells.append(f'<td class="warn" title="{escape(entry["not_covered"][name])}">not sent</td>')
            else:
                cells.append("<td></td>")
        codes = ", ".join(f"{escape(code)} ×{n}" for code, n in entry["error_codes"].items())
        rows.append(f"<tr><th>{escape(method)}</th>{''.join(cells)}<td>{codes}</td></tr>")
    return f"<h3>Coverage (requests per input class)</h3><table><tr>{head}</tr>{''.join(rows)}</table>"


def _matrix(coverage: dict[str, Any]) -> str:
    """Methods x input classes, each cell the worst verdict with pass/warn/fail counts."""
    probed = {m: e["verdicts"] for m, e in coverage.items() if e.get("verdicts")}
    if not probed:
        return ""
    classes = sorted({c for verdicts in probed.values() for c in verdicts})
    head = "<th>method</th>" + "".join(f"<th>{escape(c)}</th>" for c in classes)
    rows = []
    for method, verdicts in probed.items():
        cells = []
        for name in classes:
            tally = verdicts.get(name, {})
            if not tally:
                cells.append("<td></td>")
                continue
            worst = next(v for v in ("fail", "warn", "pass") if tally.get(v))
            counts = " / ".join(f"{tally.get(v, 0)}" for v in ("pass", "warn", "fail"))
            cells.append(f'<td class="{worst}" title="pass / warn / fail">{worst} {counts}</td>')
        rows.append(f"<tr><th>{escape(method)}</th>{''.join(cells)}</tr>")
    return (
        "<h3>Conformance matrix (requests: pass / warn / fail)</h3>"
        f"<table><tr>{head}</tr>{''.join(rows)}</table>"
    )


def _contract_coverage(contract_coverage: dict[str, Any] | None) -> str:
    """Documented error codes seen per method, and why the others were not."""
    if not contract_coverage:
        return ""
    rows = []
    for method, entry in contract_coverage["methods"].items():
        seen = ", ".join(escape(code) for code in entry["exercised"]) or "none"
        unseen = "".join(
            f"<li><b>{escape(code)}</b>: {escape(reason)}</li>"
            for code, reason in entry["not_exercised"].items()
        )
        rows.append(
            f"<tr><th>{escape(method)}</th><td>{len(entry['exercised'])} of {entry['documented']}</td>"
            f"<td>{seen}</td><td><ul>{unseen}</ul></td></tr>"
        )
    title = (
        f"<h3>Contract coverage: {contract_coverage['percent']}% of documented error codes seen "
        f"({contract_coverage['exercised']} of {contract_coverage['documented']})</h3>"
    )
    head = "<tr><th>method</th><th>seen</th><th>codes seen</th><th>not seen, and why</th></tr>"
    return f"{title}<table>{head}{''.join(rows)}</table>"
