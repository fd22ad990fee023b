"""The conformance part of report.html: verdict, run facts, findings and coverage, as escaped HTML."""

from __future__ import annotations

import shlex
from html import escape
from typing import Any

from ._groups import group_findings
from ._html_tables import contract_coverage_table, coverage_table, matrix
from ._shell import shell_safe

# pytest-html's own grey (#999) is 2.8:1 on white; every colour here is at least 4.5:1 on its background.
_STYLE = """<style>
body,#results-table,a,.filters button,.collapse button{color:#222}
#environment-header,#environment{display:none}
.b24 table{border-collapse:collapse;margin:.5em 0 1em}
.b24 td,.b24 th{border:1px solid #bbb;padding:2px 6px;font-size:12px;vertical-align:top;text-align:left}
.b24 .fail{background:#fdd}.b24 .warn{background:#ffd}.b24 .pass{background:#dfd}
.b24 .conformant{color:#065f06}.b24 .nonconformant,.b24 .error{color:#a00}
.b24 code{white-space:pre-wrap;word-break:break-all;color:#222}
.b24-verdict{font-size:22px;margin:.3em 0}.b24 .cmd{background:#f3f3f3;padding:4px}
.b24 button{font-size:11px;color:#222}.b24 details summary{cursor:pointer}
.b24-matrix td{min-width:3em}.b24-matrix ul{margin:0;padding-left:1em;white-space:nowrap}
</style>"""

_SCRIPT = """<script>
(function(){
var root=document.getElementById('b24-findings');if(!root){return;}
var pick=root.querySelectorAll('select');
function apply(){root.querySelectorAll('tr[data-check]').forEach(function(r){
var show=true;pick.forEach(function(s){if(s.value&&r.getAttribute('data-'+s.name)!==s.value){show=false;}});
r.style.display=show?'':'none';});}
pick.forEach(function(s){s.addEventListener('change',apply);});
root.addEventListener('click',function(e){var b=e.target;if(b.tagName!=='BUTTON'){return;}
var text=b.previousElementSibling.textContent;
if(navigator.clipboard){navigator.clipboard.writeText(text).then(function(){b.textContent='copied';},
function(){b.textContent='select and copy';});}});
})();
</script>"""


def render_summary(summary: dict[str, Any]) -> str:
    """HTML for the report's summary: every value from summary.json, escaped."""
    parts = [_STYLE, '<div class="b24">', _verdict(summary), _facts(summary)]
    if summary.get("error"):
        parts.append(f"<p class='error'>{escape(summary['error']['message'])}</p>")
    coverage = summary.get("coverage") or {}
    parts += [
        _findings(summary.get("findings") or []),
        matrix(coverage),
        coverage_table(coverage),
        contract_coverage_table(summary.get("contract_coverage")),
        "</div>",
        _SCRIPT,
    ]
    return "\n".join(parts)


def _verdict(summary: dict[str, Any]) -> str:
    verdict = summary["verdict"]
    counts = summary.get("counts") or {}
    return (
        f'<h2 id="b24-verdict" class="b24-verdict">Verdict: <span class="{escape(verdict)}">{escape(verdict)}'
        f"</span> — {counts.get('fail', 0)} fail, {counts.get('warn', 0)} warn</h2>"
    )


def _facts(summary: dict[str, Any]) -> str:
    keys = (
        "target",
        "auth",
        "error_placement",
        "profile",
        "seed",
        "requests",
        "duration_s",
        "rate_limit",
        "budget",
    )
    cells = "".join(
        f"<th>{escape(k)}</th><td>{escape(str(summary[k]))}</td>" for k in keys if summary.get(k) is not None
    )
    command = escape(repeat_command(summary))
    serve = summary.get("serve_mock")
    served = (
        f'<p>Serve the same mock for the reproduce lines: <code class="cmd">{escape(serve)}</code></p>'
        if serve
        else ""
    )
    return (
        f'<table><tr>{cells}</tr></table><p>Repeat this run: <code class="cmd">{command}</code></p>{served}'
    )


def repeat_command(summary: dict[str, Any]) -> str:
    """The b24-conformance command that runs the same probes with the same seed."""
    words = ["b24-conformance", "run"]
    if summary.get("target") not in (None, "mock"):
        words += ["--target", str(summary["target"])]
    for option, key in (
        ("--profile", "profile"),
        ("--seed", "seed"),
        ("--error-placement", "error_placement"),
    ):
        if summary.get(key) is not None:
            words += [option, str(summary[key])]
    for fault in summary.get("mock_faults") or []:
        words += ["--mock-fault", fault]
    words += [flag for flag, key in (("--read-only", "read_only"), ("--batch", "batch")) if summary.get(key)]
    return shlex.join(words)


def _findings(findings: list[dict[str, Any]]) -> str:
    if not findings:
        return '<h2 id="b24-findings">Findings</h2><p>No findings.</p>'
    filters = "".join(
        f'<label>{name} <select name="{name}"><option value="">all</option>'
        + "".join(
            f'<option value="{escape(v)}">{escape(v)}</option>' for v in sorted({f[name] for f in findings})
        )
        + "</select></label> "
        for name in ("severity", "check", "method")
    )
    head = "".join(
        f"<th>{h}</th>" for h in ("severity", "method", "input class", "received / documented", "seen")
    )
    head = f"<tr>{head}</tr>"
    sections = []
    for group in group_findings(findings):
        rows = "".join(_finding_rows(f) for _, found in group.by_method() for f in found)
        sections.append(
            f"<h3>{escape(group.check)}: {group.fail} fail, {group.warn} warn</h3><table>{head}{rows}</table>"
        )
    return (
        f'<div id="b24-findings"><h2>Findings ({len(findings)})</h2><p>{filters}</p>{"".join(sections)}</div>'
    )


def _finding_rows(f: dict[str, Any]) -> str:
    data = " ".join(f'data-{k}="{escape(f[k])}"' for k in ("severity", "check", "method"))
    reproduce = shell_safe(f["reproduce"]) if f.get("reproduce") else ""
    return (
        f'<tr class="{escape(f["severity"])}" {data}><td>{escape(f["severity"])}</td>'
        f"<td>{escape(f['method'])}</td>"
        f"<td>{escape(f.get('input_class') or '')}</td><td>{escape(str(f['observed']))} / "
        f"{escape(str(f['expected']))}</td><td>{f['count']}</td></tr>"
        f'<tr {data}><td colspan="5">{escape(f["message"])}<br><code>{escape(reproduce)}</code> '
        "<button type=button>copy</button></td></tr>"
    )
