"""junit.xml: a testcase per method, input class and encoding, findings as failure text, a stopped run
in red."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from conformance.reports import markdown_summary, write_junit

from ._summaries import METHODS, finding, many_findings


def _cases(path):
    return ET.parse(path).getroot().find("testsuite").findall("testcase")


def test_one_testcase_per_method_and_class_named_by_method(tmp_path):
    write_junit(tmp_path / "junit.xml", many_findings())
    cases = _cases(tmp_path / "junit.xml")
    assert {c.get("classname") for c in cases} == set(METHODS)
    assert len(cases) == len(METHODS) * 4  # three classes sent, id.foreign not
    failing = [c for c in cases if c.find("failure") is not None]
    assert len(failing) == len(METHODS) * 3
    failure = next(c for c in failing if c.get("name") == "id.nul").find("failure")
    assert failure.get("message").startswith("http-status: http-status broke on")
    assert 'Reproduce:  printf \'{"id": "1\\\\u0000"}\'' not in failure.text
    assert "Reproduce:  printf " in failure.text and "Traceback" not in failure.text
    assert "warning: error-code" in next(c for c in failing).find("system-out").text
    skipped = [c for c in cases if c.find("skipped") is not None]
    assert {c.get("name") for c in skipped} == {"id.foreign"}


def test_each_encoding_a_class_was_sent_in_is_a_testcase_of_its_own(tmp_path):
    method = "biconnector.connector.get"
    summary = {
        "verdict": "nonconformant",
        "findings": [finding("error-code", method, input_class="id.zero", encoding="form")],
        "coverage": {
            method: {
                "input_classes": {"id.zero": 3, "id.null": 1},
                "encodings": {"id.zero": {"json": 1, "form": 1, "query": 1}, "id.null": {"json": 1}},
                "verdicts": {"id.zero": {"fail": 1, "pass": 2}, "id.null": {"pass": 1}},
                "not_covered": {},
            }
        },
    }
    write_junit(tmp_path / "junit.xml", summary)
    cases = {c.get("name"): c for c in _cases(tmp_path / "junit.xml")}
    assert set(cases) == {"id.null [json]", "id.zero [form]", "id.zero [json]", "id.zero [query]"}
    assert [name for name, case in cases.items() if case.find("failure") is not None] == ["id.zero [form]"]


def test_a_run_that_stopped_is_one_failing_testcase(tmp_path):
    error = {"kind": "unreachable", "message": "The target could not be reached: refused", "exit_code": 3}
    write_junit(tmp_path / "junit.xml", {"verdict": "error", "error": error, "findings": [], "coverage": {}})
    root = ET.parse(tmp_path / "junit.xml").getroot()
    assert root.get("tests") == "1" and root.get("failures") == "1"
    (case,) = _cases(tmp_path / "junit.xml")
    assert case.find("failure").get("message") == error["message"]


def test_markdown_summary_has_verdict_counts_and_top_findings():
    text = markdown_summary(many_findings())
    assert text.startswith("## ❌ b24-conformance: nonconformant")
    assert "**120 fail, 24 warn**" in text
    assert "| envelope | 24 | 0 | 8 |" in text
    assert text.count("```sh") == 5 and "\x00" not in text
