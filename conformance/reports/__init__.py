"""The reports of a run: summary.json, junit.xml, terminal and report.html summaries, contract coverage."""

from ._coverage import NO_PROBE, REASONS_FILE, contract_coverage, load_reasons
from ._groups import CheckGroup, group_findings
from ._html import render_summary
from ._junit import write_junit
from ._markdown import markdown_summary
from ._shell import shell_safe
from ._summary import write_summary
from ._terminal import summary_lines, verdict_line

__all__ = [
    "NO_PROBE",
    "REASONS_FILE",
    "CheckGroup",
    "contract_coverage",
    "group_findings",
    "load_reasons",
    "markdown_summary",
    "render_summary",
    "shell_safe",
    "summary_lines",
    "verdict_line",
    "write_junit",
    "write_summary",
]
