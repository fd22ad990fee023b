"""The reports of a run: summary.json, the report.html sections, and the contract coverage they show."""

from ._coverage import NO_PROBE, REASONS_FILE, contract_coverage, load_reasons
from ._html import render_summary
from ._summary import write_summary

__all__ = ["NO_PROBE", "REASONS_FILE", "contract_coverage", "load_reasons", "render_summary", "write_summary"]
