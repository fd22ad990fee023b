"""The plugin's reporting hooks: the terminal summary and the parts of report.html pytest-html draws."""

from __future__ import annotations

import os

import pytest

from ._keys import ACTIVE, DISPLAY, RUN_CONFIG, SUMMARY
from ._summary import summary_of


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    if not config.stash.get(ACTIVE, False) or hasattr(config, "workerinput"):
        return
    from ..reports import summary_lines

    summary = _final_summary(config)
    if not summary.get("findings") and config.stash.get(DISPLAY, False):
        return  # nothing to list; the command's verdict line follows
    terminalreporter.section("b24-conformance")
    # under the run's own display (plugin/_progress.py) the command prints the verdict line, last
    lines = summary_lines(
        summary, config.stash[RUN_CONFIG].report_dir, verdict=not config.stash.get(DISPLAY, False)
    )
    for line in lines:
        terminalreporter.write_line(line)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """junit.xml and the CI step summary, from the summary the main plugin has just written."""
    config = session.config
    if not config.stash.get(ACTIVE, False) or hasattr(config, "workerinput"):
        return
    from ..reports import markdown_summary, write_junit

    summary = _final_summary(config)
    run = config.stash[RUN_CONFIG]
    if run.report_dir is not None:
        write_junit(run.report_dir / "junit.xml", summary)
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        with open(step_summary, "a", encoding="utf-8") as out:
            out.write(markdown_summary(summary))


def _final_summary(config: pytest.Config) -> dict:
    return config.stash.get(SUMMARY, None) or summary_of(config)


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
    prefix.append(render_summary(_final_summary(config)))


@pytest.hookimpl(optionalhook=True)
def pytest_html_results_table_row(report, cells) -> None:
    """Passing suite tests leave the results table: the matrix counts them, and a thousand rows cost 1 MB."""
    if report.passed and "b24" in getattr(report, "keywords", {}):
        del cells[:]
