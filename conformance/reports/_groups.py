"""Findings of a summary grouped by check, then by method: the shape every report shows them in."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class CheckGroup:
    """One check's findings: counts by severity and by method, and the findings themselves in order."""

    check: str
    findings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def fail(self) -> int:
        return sum(1 for f in self.findings if f["severity"] == "fail")

    @property
    def warn(self) -> int:
        return len(self.findings) - self.fail

    def by_method(self) -> list[tuple[str, list[dict[str, Any]]]]:
        """The findings per method, the method with the most first (fails before warns within one)."""
        per: dict[str, list[dict[str, Any]]] = {}
        for finding in self.findings:
            per.setdefault(finding["method"], []).append(finding)
        ranked = sorted(per.items(), key=lambda item: (-_fails(item[1]), -len(item[1]), item[0]))
        return [(method, sorted(found, key=_severity_first)) for method, found in ranked]


def group_findings(findings: list[dict[str, Any]]) -> list[CheckGroup]:
    """Checks with fail findings first (most fails first), then checks with warns only."""
    groups: dict[str, CheckGroup] = {}
    for finding in findings:
        groups.setdefault(finding["check"], CheckGroup(finding["check"])).findings.append(finding)
    return sorted(groups.values(), key=lambda g: (-g.fail, -g.warn, g.check))


def severity_counts(findings: list[dict[str, Any]]) -> Counter:
    """How many findings of each severity."""
    return Counter(f["severity"] for f in findings)


def _fails(findings: list[dict[str, Any]]) -> int:
    return sum(1 for f in findings if f["severity"] == "fail")


def _severity_first(finding: dict[str, Any]) -> int:
    return 0 if finding["severity"] == "fail" else 1
