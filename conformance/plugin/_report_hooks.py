"""The plugin's reporting hooks: the terminal summary and the parts of report.html pytest-html draws."""

from __future__ import annotations

import pytest

from ._keys import ACTIVE, RECORDER, RUN_CONFIG, SUMMARY
from ._summary import summary_of

_SHOWN_FINDINGS = 20  # on the terminal; the reports hold them all


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    if not config.stash.get(ACTIVE, False):
        return
    recorder = config.stash[RECORDER]
    counts = recorder.counts()
    terminalreporter.section("b24-conformance")
    findings = sorted(recorder.findings.values(), key=lambda f: f.severity != "fail")
    for finding in findings[:_SHOWN_FINDINGS]:
        terminalreporter.write_line(finding.render().splitlines()[0])
    if len(findings) > _SHOWN_FINDINGS:
        terminalreporter.write_line(
            f"... and {len(findings) - _SHOWN_FINDINGS} more findings, each with a reproduce line, "
            "in report.html and summary.json"
        )
    terminalreporter.write_line(
        f"verdict: {recorder.verdict()} ({counts['fail']} fail, {counts['warn']} warn; "
        f"{recorder.requests} requests; seed {config.stash[RUN_CONFIG].seed})"
    )


def add_report_metadata(config: pytest.Config) -> None:
    try:
        from pytest_metadata.plugin import metadata_key
    except ImportError:  # pytest-html not installed: no report to annotate
        return
    run = config.stash[RUN_CONFIG]
    config.stash[metadata_key].update(
        {
            "Seed": str(run.seed),
            "Profile": run.profile.name,
            "Error placement": run.error_placement,
            "Probes sent": "in batch calls (--batch)" if run.batch else "one call each",
        }
    )


@pytest.hookimpl(optionalhook=True)
def pytest_html_report_title(report) -> None:
    report.title = "b24-conformance report"


@pytest.hookimpl(optionalhook=True)
def pytest_html_results_summary(prefix, summary, postfix, session) -> None:
    config = session.config
    if not config.stash.get(ACTIVE, False):
        return
    from ..reports import render_summary

    # pytest-html runs this after our pytest_sessionfinish (trylast), so the summary is final.
    prefix.append(render_summary(config.stash.get(SUMMARY, None) or summary_of(config)))
