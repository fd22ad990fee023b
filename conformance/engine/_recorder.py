"""Collect what a run sent and found: requests, findings, coverage, and the verdict they add up to."""

from __future__ import annotations

import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..findings import Finding


@dataclass
class RunError:
    """Why a run could not judge the target at all."""

    kind: str  # unreachable | configuration | suite
    message: str
    exit_code: int


@dataclass
class MethodCoverage:
    """What one method was sent and answered."""

    input_classes: Counter = field(default_factory=Counter)
    error_codes: Counter = field(default_factory=Counter)
    successes: int = 0
    not_covered: dict[str, str] = field(default_factory=dict)
    verdicts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    encodings: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # class -> sent as

    def as_json(self) -> dict[str, Any]:
        """The coverage entry of summary.json."""
        return {
            "input_classes": dict(sorted(self.input_classes.items())),
            "error_codes": dict(sorted(self.error_codes.items())),
            "successes": self.successes,
            "not_covered": dict(sorted(self.not_covered.items())),
            "verdicts": {name: dict(tally) for name, tally in sorted(self.verdicts.items())},
            "encodings": {
                name: dict(sorted(tally.items())) for name, tally in sorted(self.encodings.items())
            },
        }


class Recorder:
    """Thread-safe tally of requests, findings (deduplicated, counted) and coverage."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.started = time.monotonic()
        self.requests = 0
        self.findings: dict[tuple, Finding] = {}
        self.finding_counts: Counter = Counter()
        self.coverage: dict[str, MethodCoverage] = defaultdict(MethodCoverage)
        self.error: RunError | None = None
        self.budget_spent = False
        self.unsent_tests: list[str] = []  # suite tests the budget stopped before their probes were sent
        # why the run sent less than its profile planned (kind -> what happened), besides the budget
        self.incomplete_reasons: dict[str, str] = {}
        self.interrupted_by: str | None = None  # the signal that stopped the run (SIGINT, SIGTERM, SIGHUP)
        self.test_errors: dict[
            str, str
        ] = {}  # suite tests that ended other than by a pass, a skip or a finding
        # such tests that failed at a request without an answer: errors, unless the target turned out lost
        self.silent_test_errors: dict[str, str] = {}

    def count_request(self, count: int = 1) -> int:
        """Count requests sent (retries included); returns the total so far."""
        with self._lock:
            self.requests += count
            return self.requests

    def record(
        self,
        method: str,
        input_class: str | None,
        outcome: str | None,
        findings: list[Finding],
        *,
        encoding: str | None = None,
    ) -> None:
        """Record one probe: its input class and encoding, the outcome seen (code, 'success' or None) and
        its findings."""
        with self._lock:
            entry = self.coverage[method]
            if input_class:
                entry.input_classes[input_class] += 1
                if encoding:
                    entry.encodings[input_class][encoding] += 1
                entry.not_covered.pop(input_class, None)
                entry.verdicts[input_class][_worst(findings)] += 1
            if outcome == "success":
                entry.successes += 1
            elif outcome is not None:
                entry.error_codes[outcome] += 1
            for finding in findings:
                # Keep the latest example: Hypothesis replays the shrunk, simplest one last.
                key = finding.key()
                self.findings[key] = finding
                self.finding_counts[key] += 1

    def not_covered(self, method: str, input_class: str, reason: str) -> None:
        """Note an input class the run could not send, and why."""
        with self._lock:
            entry = self.coverage[method]
            if input_class not in entry.input_classes:
                entry.not_covered[input_class] = reason

    def budget_stopped(self, test: str) -> None:
        """Note a suite test that the spent budget stopped outside the probes that note their classes."""
        with self._lock:
            self.budget_spent = True
            self.unsent_tests.append(test)

    def incomplete(self, kind: str, message: str) -> None:
        """Note why the run checked less than its profile planned (the first message of a kind stays)."""
        with self._lock:
            self.incomplete_reasons.setdefault(kind, message)

    def interrupted(self, signal_name: str) -> None:
        """Note the signal that stopped the run; the first one is the one the exit code reports."""
        with self._lock:
            if self.interrupted_by is None:
                self.interrupted_by = signal_name
            self.incomplete_reasons.setdefault(
                "interrupted", f"the run was stopped by {signal_name} before it sent what it planned"
            )

    def test_error(self, test: str, message: str, *, target_silent: bool = False) -> None:
        """Note a suite test that failed without a finding: the suite itself went wrong.

        target_silent: the run's last request got no answer, so a target that turns out lost is why.
        """
        with self._lock:
            (self.silent_test_errors if target_silent else self.test_errors).setdefault(test, message)

    def fail_run(self, kind: str, message: str, exit_code: int) -> None:
        """Mark the run as unable to judge the target."""
        with self._lock:
            if self.error is None:
                self.error = RunError(kind, message, exit_code)

    def export(self) -> dict[str, Any]:
        """Everything recorded, as plain data (what a pytest-xdist worker sends to the controller)."""
        with self._lock:
            return {
                "requests": self.requests,
                "findings": [[f.as_json(), self.finding_counts[key]] for key, f in self.findings.items()],
                "coverage": {name: cov.as_json() for name, cov in self.coverage.items()},
                "error": None if self.error is None else vars(self.error),
                "budget_spent": self.budget_spent,
                "unsent_tests": list(self.unsent_tests),
                "incomplete_reasons": dict(self.incomplete_reasons),
                "interrupted_by": self.interrupted_by,
                "test_errors": dict(self.test_errors),
                "silent_test_errors": dict(self.silent_test_errors),
            }

    def merge(self, data: dict[str, Any]) -> None:
        """Add what another recorder exported."""
        with self._lock:
            self.requests += data["requests"]
            for finding_json, count in data["findings"]:
                finding = Finding(**finding_json)
                self.findings[finding.key()] = finding
                self.finding_counts[finding.key()] += count
            for name, other in data["coverage"].items():
                entry = self.coverage[name]
                entry.input_classes.update(other["input_classes"])
                entry.error_codes.update(other["error_codes"])
                entry.successes += other["successes"]
                for input_class, tally in other["verdicts"].items():
                    entry.verdicts[input_class].update(tally)
                for input_class, tally in other.get("encodings", {}).items():
                    entry.encodings[input_class].update(tally)
                for input_class, reason in other["not_covered"].items():
                    entry.not_covered.setdefault(input_class, reason)
                for input_class in entry.input_classes:
                    entry.not_covered.pop(input_class, None)
            if data["error"] and self.error is None:
                self.error = RunError(**data["error"])
            self.budget_spent = self.budget_spent or data["budget_spent"]
            self.unsent_tests += data.get("unsent_tests", [])
            for kind, message in data.get("incomplete_reasons", {}).items():
                self.incomplete_reasons.setdefault(kind, message)
            self.interrupted_by = self.interrupted_by or data.get("interrupted_by")
            for test, message in data.get("test_errors", {}).items():
                self.test_errors.setdefault(test, message)
            for test, message in data.get("silent_test_errors", {}).items():
                self.silent_test_errors.setdefault(test, message)

    def counts(self) -> dict[str, int]:
        """Distinct findings by severity."""
        tally = Counter(f.severity for f in self.findings.values())
        return {"fail": tally["fail"], "warn": tally["warn"]}

    def reasons_incomplete(self) -> dict[str, str]:
        """Why the run checked less than planned, kind -> message; empty for a run that sent it all."""
        with self._lock:
            reasons = dict(self.incomplete_reasons)
            if self.budget_spent:
                unsent = f"; {len(self.unsent_tests)} suite tests were not sent" if self.unsent_tests else ""
                reasons.setdefault("budget", f"the request budget was spent{unsent}")
            if "target_lost" in reasons and self.silent_test_errors:
                reasons["target_lost"] += (
                    f"; {len(self.silent_test_errors)} suite tests stopped at a request that got no answer"
                )
            return dict(sorted(reasons.items()))

    def judged_test_errors(self) -> dict[str, str]:
        """The suite tests that went wrong; those that stopped at the silence of a lost target are not."""
        with self._lock:
            if "target_lost" in self.incomplete_reasons:
                return dict(self.test_errors)
            return {**self.silent_test_errors, **self.test_errors}

    def deciding_fails(self) -> int:
        """Distinct fail findings that make the run nonconformant.

        Once the target was lost mid-run, the transport findings are that loss seen request by request,
        reported as the incomplete reason target_lost: they keep their severity but do not judge it.
        """
        with self._lock:
            lost = "target_lost" in self.incomplete_reasons
            return sum(
                1
                for finding in self.findings.values()
                if finding.severity == "fail" and not (lost and finding.check == "transport")
            )

    def verdict(self) -> str:
        """conformant, nonconformant, incomplete or error; conformant only for a whole, clean run."""
        fails = self.deciding_fails()
        # A target whose answers broke the contract may also refuse the deletes: that is not the suite
        # failing, so its fail findings still decide; the cleanup trouble is reported beside them.
        if self.error is not None and not (self.error.kind == "cleanup" and fails):
            return "error"
        if fails:
            # a fail finding stands whatever else happened: what was seen is enough to judge
            return "nonconformant"
        if self.judged_test_errors():
            return "error"
        return "incomplete" if self.reasons_incomplete() else "conformant"

    def summary(self, **run: Any) -> dict[str, Any]:
        """The summary.json document; run holds target, seed, profile and the other run settings."""
        findings = [
            {**finding.as_json(), "count": self.finding_counts[key]}
            for key, finding in sorted(self.findings.items(), key=lambda item: _order(item[1]))
        ]
        return {
            "verdict": self.verdict(),
            **run,
            "requests": self.requests,
            "duration_s": round(time.monotonic() - self.started, 3),
            "counts": self.counts(),
            "findings": findings,
            "coverage": {name: cov.as_json() for name, cov in sorted(self.coverage.items())},
            "budget_spent": self.budget_spent,
            "unsent_tests": sorted(self.unsent_tests),
            "incomplete_reasons": self.reasons_incomplete(),
            "interrupted_by": self.interrupted_by,
            "test_errors": dict(sorted(self.judged_test_errors().items())),
            "error": None if self.error is None else vars(self.error),
        }


def _order(finding: Finding) -> tuple:
    return (finding.severity != "fail", finding.method, finding.check, finding.input_class or "")


def _worst(findings: list[Finding]) -> str:
    severities = {finding.severity for finding in findings}
    return "fail" if "fail" in severities else "warn" if "warn" in severities else "pass"
