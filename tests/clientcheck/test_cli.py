"""b24-conformance client-check: exit codes, one-line usage errors, and the three reports."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from conformance.cli import main

pytestmark = pytest.mark.http

CAREFUL = "conformance.clientcheck:CarefulAdapter"
NAIVE = "conformance.clientcheck:NaiveAdapter"


def test_a_careful_client_passes_and_the_reports_say_so(tmp_path, capsys):
    code = main(
        [
            "client-check",
            "--adapter",
            CAREFUL,
            "--scenario",
            "nested-error",
            "--scenario",
            "root-error",
            "--report-dir",
            str(tmp_path),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "client-check PASS" in out and "2 of 2 scenarios passed" in out
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["verdict"] == "conformant"
    assert [s["name"] for s in summary["scenarios"]] == ["nested-error", "root-error"]
    assert all(s["traffic"] for s in summary["scenarios"])
    suite = ET.parse(tmp_path / "junit.xml").getroot()
    assert (suite.get("tests"), suite.get("failures")) == ("2", "0")
    assert "nested-error" in (tmp_path / "report.html").read_text()


def test_a_naive_client_fails_with_what_it_did_and_what_the_traffic_shows(tmp_path, capsys):
    code = main(
        ["client-check", "--adapter", NAIVE, "--scenario", "nested-error", "--report-dir", str(tmp_path)]
    )
    out = capsys.readouterr().out
    assert code == 1
    assert "FAIL nested-error" in out
    assert 'client:  returned {"error": {"error": "CONNECTOR_NOT_FOUND"' in out
    assert "traffic: #1 biconnector.connector.get" in out
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["verdict"] == "nonconformant"
    assert summary["findings"][0]["method"] == "nested-error"
    suite = ET.parse(tmp_path / "junit.xml").getroot()
    assert suite.get("failures") == "1"
    html = (tmp_path / "report.html").read_text()
    assert "FAIL" in html and "CONNECTOR_NOT_FOUND" in html
    portal_tokens = [line for line in html.splitlines() if "auth=" in line]
    assert portal_tokens == []


BROKEN = """
class Crashing:
    def __init__(self, access):
        raise RuntimeError("cannot start: " + access.access_token)
    def call(self, method, params): ...
    def list_all(self, method, params): ...
    def batch(self, commands): ...

class Partial:
    def __init__(self, access): ...
    def call(self, method, params): ...

not_a_class = 3
"""


@pytest.mark.parametrize(
    ("adapter", "says"),
    [
        ("no_such_module_here:Client", "Expected an importable module 'no_such_module_here'"),
        ("{file}:Missing", "Expected a class 'Missing'"),
        ("{file}:not_a_class", "to be a class, got a int"),
        ("{file}:Partial", "it lacks list_all, batch"),
        ("{file}:Crashing", "Expected the client to construct with PortalAccess"),
        ("{bad}:Client", "got SyntaxError"),
        ("no-colon", "Expected --adapter as MODULE:CLASS"),
    ],
)
def test_a_bad_adapter_is_one_line_and_exit_2(tmp_path, capsys, adapter, says):
    good, bad = tmp_path / "adapters_h4.py", tmp_path / "broken_h4.py"
    good.write_text(BROKEN)
    bad.write_text("def (:\n")
    spec = adapter.format(file=good, bad=bad)
    code = main(
        ["client-check", "--adapter", spec, "--scenario", "root-error", "--report-dir", str(tmp_path / "r")]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert says in err
    assert "Traceback" not in err
    assert "cannot start: [redacted]" in err or "Crashing" not in spec


def test_the_crashing_constructor_still_leaves_a_red_junit(tmp_path, capsys):
    (tmp_path / "crash_h4.py").write_text(BROKEN)
    code = main(
        [
            "client-check",
            "--adapter",
            f"{tmp_path / 'crash_h4.py'}:Crashing",
            "--report-dir",
            str(tmp_path / "r"),
        ]
    )
    capsys.readouterr()
    assert code == 2
    suite = ET.parse(tmp_path / "r" / "junit.xml").getroot()
    assert suite.get("failures") == "1"


def test_unknown_scenario_and_listing(capsys):
    assert main(["client-check", "--adapter", CAREFUL, "--scenario", "bogus"]) == 2
    assert "Expected scenario names among" in capsys.readouterr().err
    assert main(["client-check", "--list-scenarios"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) >= 12 and listed[0].split()[0] == "list-all"
