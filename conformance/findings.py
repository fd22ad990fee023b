"""Findings: one nonconformance each, and the failure that carries them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["fail", "warn"]
CHECKS = (
    "envelope",
    "error-placement",
    "time",
    "result-schema",
    "error-code",
    "error-description",
    "http-status",
    "content-type",
    "lifecycle",
    "isolation",
    "transport",
    "batch",
)


@dataclass(frozen=True)
class Finding:
    """One way a response broke the contract."""

    check: str
    severity: Severity
    method: str
    message: str
    expected: str = ""
    observed: str = ""
    input_class: str | None = None
    reproduce: str = ""

    def __post_init__(self) -> None:
        if self.check not in CHECKS:
            raise ValueError(f"Expected check to be one of {CHECKS}, got {self.check!r}")
        if self.severity not in ("fail", "warn"):
            raise ValueError(f"Expected severity 'fail' or 'warn', got {self.severity!r}")

    def key(self) -> tuple:
        """What makes two findings the same one, for counting repeats."""
        return (self.check, self.severity, self.method, self.input_class, self.expected, self.observed)

    def as_json(self) -> dict[str, Any]:
        """The finding as summary.json holds it."""
        return asdict(self)

    def render(self) -> str:
        """Title, then Received/Documented lines."""
        where = f" [{self.input_class}]" if self.input_class else ""
        lines = [f"{self.severity.upper()} {self.check}: {self.method}{where}: {self.message}"]
        if self.observed:
            lines.append(f"  Received:   {self.observed}")
        if self.expected:
            lines.append(f"  Documented: {self.expected}")
        if self.reproduce:
            lines.append(f"  Reproduce:  {self.reproduce}")
        return "\n".join(lines)


class ConformanceFailure(AssertionError):
    """Raised by a suite test when a response has findings of severity fail."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = list(findings)
        super().__init__("\n".join(f.render() for f in self.findings))

    @classmethod
    def raise_for(cls, findings: list[Finding]) -> None:
        """Raise with the fail findings among findings; warn findings alone pass."""
        failures = [finding for finding in findings if finding.severity == "fail"]
        if failures:
            raise cls(failures)
