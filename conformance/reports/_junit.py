"""junit.xml from summary.json: a testcase per method, input class and encoding; findings as failures."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from ._shell import shell_safe

SUITE = "b24-conformance"
NO_CLASS = "(no input class)"  # findings about a method as a whole: lifecycle, schemathesis, transport
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # XML 1.0 cannot carry these at all


def write_junit(path: Path, summary: dict[str, Any]) -> None:
    """Write junit.xml for a summary, also one with an error and no coverage, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    ET.ElementTree(junit_tree(summary)).write(partial, encoding="utf-8", xml_declaration=True)
    partial.replace(path)


def junit_tree(summary: dict[str, Any]) -> ET.Element:
    """The <testsuites> element: a testcase per method x input class, and one for a run that stopped."""
    suite = ET.Element("testsuite", name=SUITE)
    properties = ET.SubElement(suite, "properties")
    for key in ("verdict", "target", "auth", "error_placement", "profile", "seed", "requests", "duration_s"):
        if summary.get(key) is not None:
            ET.SubElement(properties, "property", name=key, value=_text(str(summary[key])))
    cases = []
    error = summary.get("error")
    if not error and summary.get("verdict") not in ("conformant", "nonconformant"):
        # a run cut short without a recorded error (e.g. SIGTERM) must not read as green on a dashboard
        error = {
            "kind": summary.get("verdict"),
            "message": f"The run ended {summary.get('verdict')}.",
            "exit_code": 2,
        }
    if error:
        cases.append(_error_case(error))
    cases += _method_cases(summary)
    suite.extend(cases)
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
    suite.set("errors", "0")
    suite.set("skipped", str(sum(1 for c in cases if c.find("skipped") is not None)))
    suite.set("time", str(summary.get("duration_s") or 0))
    root = ET.Element("testsuites", name=SUITE)
    root.append(suite)
    for key in ("tests", "failures", "errors", "skipped", "time"):
        root.set(key, suite.get(key))
    return root


def _error_case(error: dict[str, Any]) -> ET.Element:
    """The run stopped before it could judge the target: a red testcase that says why."""
    case = ET.Element("testcase", classname=SUITE, name=f"run ({error['kind']})", time="0")
    failure = ET.SubElement(case, "failure", type=error["kind"], message=_text(error["message"]))
    failure.text = _text(f"{error['message']}\nexit code {error['exit_code']}")
    return case


def _method_cases(summary: dict[str, Any]) -> list[ET.Element]:
    """A testcase per method x input class x encoding sent (x input class where the encoding is not
    known: a summary of an older version, or a class that was not sent), findings on theirs."""
    found: dict[tuple[str, str, str | None], list[dict[str, Any]]] = {}
    for finding in summary.get("findings") or []:
        key = (finding["method"], finding.get("input_class") or NO_CLASS, finding.get("encoding"))
        found.setdefault(key, []).append(finding)
    keys: dict[tuple[str, str, str | None], str | None] = {}  # the case's key -> why it was not sent
    for method, entry in (summary.get("coverage") or {}).items():
        encodings = entry.get("encodings") or {}
        for name in (*entry.get("input_classes", {}), *entry.get("verdicts", {})):
            for encoding in encodings.get(name) or [None]:
                keys.setdefault((method, name, encoding), None)
        for name, reason in entry.get("not_covered", {}).items():
            keys.setdefault((method, name, None), reason)
    for key in found:
        keys.setdefault(key, None)
    return [_case(*key, found.get(key, []), keys[key]) for key in sorted(keys, key=_order)]


def _order(key: tuple[str, str, str | None]) -> tuple[str, str, str]:
    method, name, encoding = key
    return method, name, encoding or ""


def _case(
    method: str, input_class: str, encoding: str | None, findings: list[dict[str, Any]], unsent: str | None
) -> ET.Element:
    name = f"{input_class} [{encoding}]" if encoding else input_class
    case = ET.Element("testcase", classname=method, name=name, time="0")
    fails = [f for f in findings if f["severity"] == "fail"]
    warns = [f for f in findings if f["severity"] != "fail"]
    if warns:  # properties come first among a testcase's children in the JUnit schema
        properties = ET.SubElement(case, "properties")
        for finding in warns:
            value = _text(f"{finding['check']}: {finding['message']}")
            ET.SubElement(properties, "property", name="warn", value=value)
    if fails:
        first = fails[0]
        more = f" (and {len(fails) - 1} more)" if len(fails) > 1 else ""
        failure = ET.SubElement(
            case, "failure", type=first["check"], message=_text(f"{first['check']}: {first['message']}{more}")
        )
        failure.text = _text("\n\n".join(_finding_text(f) for f in fails))
    elif unsent is not None and not warns:
        ET.SubElement(case, "skipped", message=_text(f"not sent: {unsent}"))
    if warns:
        out = ET.SubElement(case, "system-out")
        out.text = _text("\n\n".join("warning: " + _finding_text(f) for f in warns))
    return case


def _finding_text(finding: dict[str, Any]) -> str:
    lines = [
        f"{finding['check']} ({finding['severity']}, seen {finding.get('count', 1)}x): {finding['message']}"
    ]
    if finding.get("observed") is not None:
        lines.append(f"Received:   {finding['observed']}")
    if finding.get("expected") is not None:
        lines.append(f"Documented: {finding['expected']}")
    if finding.get("reproduce"):
        lines.append(f"Reproduce:  {shell_safe(finding['reproduce'])}")
    return "\n".join(lines)


def _text(value: str) -> str:
    """value with the characters XML cannot hold shown as \\xNN, so the file always parses."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
