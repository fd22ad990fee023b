"""report.html's matrix and coverage: input classes grouped so the matrix fits a laptop screen."""

from __future__ import annotations

from html import escape
from typing import Any

_MARK = {"fail": "✗", "warn": "!", "pass": "✓"}


def matrix(coverage: dict[str, Any]) -> str:
    """Methods as rows, input-class families as columns; a cell's title and details list each class."""
    probed = {m: e["verdicts"] for m, e in coverage.items() if e.get("verdicts")}
    if not probed:
        return ""
    families = sorted({_family(c) for verdicts in probed.values() for c in verdicts})
    head = "<th>method</th>" + "".join(f"<th>{escape(f)}</th>" for f in families)
    rows = []
    for method, verdicts in probed.items():
        cells = []
        for family in families:
            classes = {c: t for c, t in sorted(verdicts.items()) if _family(c) == family}
            cells.append(_cell(classes))
        rows.append(f"<tr><th>{escape(method)}</th>{''.join(cells)}</tr>")
    return (
        '<h2 id="b24-matrix">Conformance matrix</h2><p>Each cell: the worst verdict of the family\'s input '
        "classes and how many requests were judged; open a cell for each class (pass / warn / fail).</p>"
        f'<table class="b24-matrix"><tr>{head}</tr>{"".join(rows)}</table>'
    )


def _cell(classes: dict[str, dict[str, int]]) -> str:
    if not classes:
        return "<td></td>"
    total = {v: sum(t.get(v, 0) for t in classes.values()) for v in ("pass", "warn", "fail")}
    worst = next((v for v in ("fail", "warn", "pass") if total[v]), "pass")
    lines = "".join(
        f"<li>{escape(c)}: {t.get('pass', 0)} / {t.get('warn', 0)} / {t.get('fail', 0)}</li>"
        for c, t in classes.items()
    )
    title = "; ".join(
        f"{c}: {t.get('pass', 0)}/{t.get('warn', 0)}/{t.get('fail', 0)}" for c, t in classes.items()
    )
    label = f"{_MARK[worst]} {sum(total.values())}"
    return (
        f'<td class="{worst}" title="{escape(title)}"><details><summary>{label}</summary>'
        f"<ul>{lines}</ul></details></td>"
    )


def _family(input_class: str) -> str:
    """id.zero -> id: the part before the first dot names the family of inputs."""
    return input_class.split(".", 1)[0]


def coverage_table(coverage: dict[str, Any]) -> str:
    """Requests per input class and error codes seen per method, folded away until opened."""
    rows = []
    for method, entry in coverage.items():
        sent = ", ".join(f"{escape(c)} {n}" for c, n in sorted(entry["input_classes"].items()))
        unsent = "".join(
            f"<li>{escape(c)}: {escape(reason)}</li>" for c, reason in sorted(entry["not_covered"].items())
        )
        codes = ", ".join(f"{escape(code)} ×{n}" for code, n in entry["error_codes"].items())
        rows.append(
            f"<tr><th>{escape(method)}</th><td>{sent}</td><td><ul>{unsent}</ul></td><td>{codes}</td></tr>"
        )
    if not rows:
        return "<p>No coverage recorded.</p>"
    head = "".join(
        f"<th>{h}</th>" for h in ("method", "requests per input class", "not sent, and why", "codes seen")
    )
    head = f"<tr>{head}</tr>"
    return (
        '<h2 id="b24-coverage">Coverage</h2><details><summary>Requests per method and input class</summary>'
        f"<table>{head}{''.join(rows)}</table></details>"
    )


def contract_coverage_table(contract_coverage: dict[str, Any] | None) -> str:
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
    return f"{title}<details><summary>Per method</summary><table>{head}{''.join(rows)}</table></details>"
