"""Summaries shaped like summary.json, with as many findings as a test needs."""

from __future__ import annotations

import shlex
from typing import Any

METHODS = [
    f"biconnector.{e}.{a}" for e in ("connector", "source", "dataset", "table") for a in ("get", "delete")
]


def finding(
    check: str, method: str, severity: str = "fail", input_class: str | None = "id.zero", **more: Any
) -> dict:
    """One finding as summary.json holds it, with a curl line that carries a control byte for id.nul."""
    body = '{"id": "1\x00"}' if input_class == "id.nul" else '{"id": 0}'
    return {
        "check": check,
        "severity": severity,
        "method": method,
        "input_class": input_class,
        "message": f"{check} broke on {method}",
        "expected": "HTTP 200",
        "observed": "HTTP 404",
        "reproduce": shlex.join(
            ["curl", "-sS", "--data-binary", body, f"https://portal.example/rest/{method}"]
        ),
        "count": 1,
        **more,
    }


def many_findings() -> dict[str, Any]:
    """A nonconformant summary: 6 checks x 8 methods x 3 classes of fails and warns."""
    classes = ("id.nul", "id.zero", "id.huge")
    checks = ("http-status", "envelope", "error-code", "schema", "isolation", "lifecycle")
    findings = [
        finding(c, m, "warn" if c == "error-code" else "fail", k)
        for c in checks
        for m in METHODS
        for k in classes
    ]
    coverage = {
        m: {
            "input_classes": {k: 1 for k in classes},
            "not_covered": {"id.foreign": "one app"},
            "error_codes": {},
            "verdicts": {k: {"fail": 1} for k in classes},
        }
        for m in METHODS
    }
    return {
        "verdict": "nonconformant",
        "target": "https://portal.example/rest/1/***/",
        "seed": 7,
        "profile": "quick",
        "requests": 900,
        "duration_s": 12.5,
        "counts": {"fail": sum(f["severity"] == "fail" for f in findings), "warn": 24},
        "findings": findings,
        "coverage": coverage,
        "error": None,
    }
