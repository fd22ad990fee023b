"""report.html in headless Chromium: no console errors, the verdict on the first screen, a size limit."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")

# Reads the verdict's position once the page has run its scripts, and fails the page on a console error.
_PROBE = (
    "<script>window.addEventListener('load',function(){var v=document.getElementById('b24-verdict');"
    "document.title='verdict-bottom:'+(v?Math.round(v.getBoundingClientRect().bottom):-1);});</script>"
)


def _run(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "reports"
    cli = [
        sys.executable,
        "-m",
        "conformance.cli",
        "run",
        "--profile",
        "quick",
        "--report-dir",
        str(out),
        *args,
    ]
    subprocess.run(
        [*cli, "--", "--tb=no", "-rN", "-k", "connector"], capture_output=True, timeout=300, check=False
    )
    return out / "report.html"


def _dom(page: Path) -> str:
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=1366,900",
            "--dump-dom",
            "--enable-logging=stderr",
            "--v=0",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "Uncaught" not in result.stderr and "CONSOLE(" not in result.stderr, result.stderr
    return result.stdout


@pytest.mark.parametrize("args", [("--mock-fault", "not-found-http-404"), ()], ids=["failing", "passing"])
def test_report_opens_clean_with_the_verdict_above_the_fold(tmp_path, args):
    page = _run(tmp_path, *args)
    assert page.stat().st_size <= 300_000
    probed = page.with_name("probed.html")
    probed.write_text(
        page.read_text(encoding="utf-8").replace("</body>", _PROBE + "</body>"), encoding="utf-8"
    )
    dom = _dom(probed)
    bottom = int(dom.split("verdict-bottom:", 1)[1].split("<", 1)[0])
    assert 0 < bottom <= 900
    if args:  # a failing test's log in the results table is its findings, not a traceback
        logs = [
            result["log"]
            for results in _report_data(page)["tests"].values()
            for result in results
            if result["result"] == "Failed"
        ]
        assert logs
        for log in logs:
            assert log.startswith("FAIL ") and "Reproduce:" in log, log
            assert "Traceback" not in log and "\nE   " not in log, log


def _report_data(page: Path) -> dict:
    """The test results pytest-html keeps as JSON in the page."""
    blob = re.search(r'data-jsonblob="([^"]*)"', page.read_text(encoding="utf-8"))
    assert blob is not None
    return json.loads(html.unescape(blob.group(1)))
