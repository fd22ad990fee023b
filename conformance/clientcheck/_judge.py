"""Traffic files: the served mock's JSON lines (TrafficLog), and the judge of a recorded file (judge_traffic).

A line is RecordedRequest.as_json() (secret values masked, tokens only as fingerprints), plus
"violations" when the mock validated each request as it came. The judge holds the traffic to the
rules a scenario checks that traffic alone can show: every request kept the contract, no request
into a full bucket after a 503, no call before operating_reset_at after a 429, no request with a
token already answered expired_token, no blind repeat of an add whose answer was lost.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from conformance import __version__

from ..mock import RecordedRequest
from ..reports import write_junit, write_summary
from ._catalog_data import contract_breaks

QUERY_LIMIT = "QUERY_LIMIT_EXCEEDED"
OPERATING_LIMIT = "OPERATION_TIME_LIMIT"
EXPIRED = "expired_token"
# A request counts as sent before a reset moment only when earlier by more than this (two clocks).
CLOCK_SLACK_S = 0.05
JUDGE_CHECK = "traffic-rule"  # what junit.xml names as the failure type of a broken rule
CLASS = "traffic"


class TrafficFileError(ValueError):
    """A traffic file that cannot be judged: missing, unreadable, not JSON lines, or empty."""


@dataclass
class TrafficLog:
    """Appends each answered request to a JSON-lines file; with validate, also its contract violations.

    Validation runs on the request as the portal read it (exact types); what is written and told
    carries no secret value. tell, when given, gets each violation as one line as it happens.
    """

    out: IO[str]
    validate: bool = False
    tell: Callable[[str], Any] | None = None
    written: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __call__(self, request: RecordedRequest) -> None:
        """Write one line for request (the TrafficRecorder's on_answer)."""
        line = request.as_json()
        if self.validate:
            line["violations"] = [request.masked(what) for _, what in contract_breaks([request])]
        text = json.dumps(line, ensure_ascii=False, default=str)
        with self._lock:
            self.out.write(text + "\n")
            self.out.flush()
            self.written += 1
        if self.tell is not None:
            for what in line.get("violations", ()):
                self.tell(f"contract: {what}")


@dataclass(frozen=True)
class Line:
    """One recorded request of a traffic file: its line number, the request, violations the mock saw."""

    number: int
    request: RecordedRequest
    violations: tuple[str, ...] | None

    def brief(self) -> str:
        """The request in one line, with its line number."""
        return f"line {self.number}: {self.request.brief()}"


def read_traffic(path: Path) -> list[Line]:
    """The requests of a traffic file; TrafficFileError saying what was expected and what was got."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TrafficFileError(f"Expected a traffic file, got no file at {str(path)!r}") from None
    except IsADirectoryError:
        raise TrafficFileError(f"Expected a traffic file, got the folder {str(path)!r}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise TrafficFileError(
            f"Expected a readable UTF-8 traffic file at {str(path)!r}, got {error}"
        ) from None
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            raise TrafficFileError(
                f"Expected JSON lines (a recorded request each) in {path}, got line {number}: {raw[:60]!r}"
            ) from None
        if not isinstance(data, dict):
            raise TrafficFileError(f"Expected a JSON object on line {number} of {path}, got {raw[:60]!r}")
        try:
            request = RecordedRequest.from_json(data)
        except ValueError as error:
            raise TrafficFileError(
                f"Expected a recorded request on line {number} of {path}: {error}"
            ) from None
        violations = data.get("violations")
        if violations is not None and not (
            isinstance(violations, list) and all(isinstance(v, str) for v in violations)
        ):
            raise TrafficFileError(
                f"Expected 'violations' on line {number} of {path} as a list of texts, got {violations!r:.60}"
            )
        lines.append(Line(number, request, None if violations is None else tuple(violations)))
    if not lines:
        raise TrafficFileError(
            f"Expected at least one recorded request in {path}, got none: did the client reach the mock "
            "served with --record?"
        )
    return lines


@dataclass(frozen=True)
class Violation:
    """A rule a recorded request broke: the rule, what went wrong, the request."""

    rule: str
    what: str
    line: Line


Rule = Callable[[list[Line]], Iterable[tuple[str, Line]]]


@dataclass(frozen=True)
class TrafficRule:
    """One rule the judge holds traffic to: its name (a client-check scenario's), the rule, the test."""

    name: str
    text: str
    judge: Rule


def _contract(lines: list[Line]) -> Iterable[tuple[str, Line]]:
    judged: dict[tuple[str, bool, str], list[str]] = {}  # a client repeats its calls: validate each once
    for line in lines:
        if line.violations is not None:  # validated by the mock on the request as sent
            yield from ((what, line) for what in line.violations)
            continue
        request = line.request
        key = (request.method, request.json_body, json.dumps(request.params, sort_keys=True, default=str))
        if key not in judged:
            judged[key] = [what for _, what in contract_breaks([request])]
        yield from ((what, line) for what in judged[key])


def _query_limit(lines: list[Line]) -> Iterable[tuple[str, Line]]:
    refused_at: float | None = None  # when the latest 503 with no answer since was answered
    for line in _in_order(lines):
        request = line.request
        if request.error == QUERY_LIMIT:
            if refused_at is not None and request.sent_at >= refused_at:
                yield (
                    "expected no request into a full bucket after a 503 QUERY_LIMIT_EXCEEDED, got another",
                    line,
                )
            refused_at = request.answered_at if refused_at is None else refused_at
        elif request.status:
            refused_at = None


def _operating_limit(lines: list[Line]) -> Iterable[tuple[str, Line]]:
    reset_at: dict[tuple[str, str], float] = {}
    blocked: set[tuple[str, str]] = set()
    for line in _in_order(lines):
        request = line.request
        key = (request.method, request.auth)
        if key in blocked:
            known = reset_at.get(key)
            if known is not None and request.sent_at < known - CLOCK_SLACK_S:
                early = known - request.sent_at
                yield (
                    f"expected no call of {request.method} before operating_reset_at, "
                    f"got one {early:.2f} s early",
                    line,
                )
            elif known is None and request.error == OPERATING_LIMIT:
                yield (
                    f"expected {request.method} to wait after a 429 OPERATION_TIME_LIMIT, got another 429",
                    line,
                )
        if request.error == OPERATING_LIMIT:
            blocked.add(key)
            continue
        blocked.discard(key)
        if request.operating_reset_at is not None:
            reset_at[key] = request.operating_reset_at


def _expired_token(lines: list[Line]) -> Iterable[tuple[str, Line]]:
    expired: dict[str, float] = {}  # token fingerprint -> when it was answered expired_token
    for line in _in_order(lines):
        request = line.request
        if request.auth.startswith("token:") and request.sent_at >= expired.get(request.auth, float("inf")):
            yield "expected the token renewed after expired_token, got a request with the expired one", line
        if request.error == EXPIRED and request.auth.startswith("token:"):
            expired.setdefault(request.auth, request.answered_at)


def _lost_answer(lines: list[Line]) -> Iterable[tuple[str, Line]]:
    lost: list[RecordedRequest] = []
    for line in _in_order(lines):
        request = line.request
        if any(request.method == gone.method and request.params == gone.params for gone in lost):
            yield f"expected no blind repeat of a {request.method} whose answer was lost, got one", line
        if request.scripted == "lost-answer" and request.method.endswith(".add"):
            lost.append(request)


def _in_order(lines: list[Line]) -> list[Line]:
    return sorted(lines, key=lambda line: (line.request.sent_at, line.number))


RULES: tuple[TrafficRule, ...] = (
    TrafficRule(
        "request-contract",
        "Every request names a method of the contract, only known parameters, types per the schema.",
        _contract,
    ),
    TrafficRule(
        "query-limit",
        "After a 503 QUERY_LIMIT_EXCEEDED, no request goes into a full bucket (answered 503 again).",
        _query_limit,
    ),
    TrafficRule(
        "operating-limit",
        "After a 429 OPERATION_TIME_LIMIT, the method is not called before the operating_reset_at "
        "the portal announced.",
        _operating_limit,
    ),
    TrafficRule(
        "expired-token",
        "A token answered expired_token is not sent again: it is renewed first.",
        _expired_token,
    ),
    TrafficRule(
        "lost-answer",
        "An add whose answer was lost is not blindly repeated with the same parameters.",
        _lost_answer,
    ),
)


@dataclass(frozen=True)
class Judgement:
    """The judge's verdict on one traffic file: the requests, each rule's violations."""

    source: str
    lines: tuple[Line, ...]
    violations: tuple[Violation, ...]
    validated: bool  # whether the mock validated the requests as they came (--validate-requests)

    @property
    def clean(self) -> bool:
        """Whether no rule was broken."""
        return not self.violations

    def of(self, rule: str) -> list[Violation]:
        """The violations of one rule."""
        return [v for v in self.violations if v.rule == rule]


def judge_traffic(path: Path) -> Judgement:
    """Judge a traffic file against every rule; TrafficFileError when it cannot be read as one."""
    lines = read_traffic(path)
    found = [Violation(rule.name, what, line) for rule in RULES for what, line in rule.judge(lines)]
    validated = all(line.violations is not None for line in lines)
    return Judgement(str(path), tuple(lines), tuple(found), validated)


def judge_summary(judgement: Judgement) -> dict[str, Any]:
    """summary.json of a judged traffic file; findings shaped as Finding.as_json(), one testcase a rule."""
    findings = [
        {
            "check": JUDGE_CHECK,
            "severity": "fail",
            "method": v.rule,
            "message": v.what,
            "expected": _rule(v.rule).text,
            "observed": v.line.brief(),
            "input_class": CLASS,
            "reproduce": "",
        }
        for v in judgement.violations
    ]
    requests = len(judgement.lines)
    return {
        "kind": "judge",
        "version": __version__,
        "traffic": judgement.source,
        "verdict": "conformant" if judgement.clean else "nonconformant",
        "requests": requests,
        "validated_by_mock": judgement.validated,
        "rules": [{"name": r.name, "rule": r.text, "violations": len(judgement.of(r.name))} for r in RULES],
        "findings": findings,
        "coverage": {r.name: {"input_classes": {CLASS: requests}} for r in RULES},
    }


def judge_error_summary(source: str, message: str) -> dict[str, Any]:
    """summary.json of a traffic file the judge could not read: the error, exit code 2."""
    return {
        "kind": "judge",
        "version": __version__,
        "traffic": source,
        "verdict": "error",
        "error": {"kind": "traffic-file", "message": message, "exit_code": 2},
        "findings": [],
    }


def write_judge_reports(folder: Path, summary: dict[str, Any]) -> None:
    """Write summary.json and junit.xml (one testcase per rule) into folder, made if missing."""
    write_summary(folder / "summary.json", summary)
    write_junit(folder / "junit.xml", summary)


def judge_lines(judgement: Judgement, *, shown: int = 5) -> list[str]:
    """The terminal's lines: each rule with its count, the first violations, the verdict line."""
    width = max(len(r.name) for r in RULES)
    lines = []
    for rule in RULES:
        count = len(judgement.of(rule.name))
        lines.append(f"{rule.name:<{width}}  {'FAIL' if count else 'PASS'}  {_violations(count)}")
    for violation in judgement.violations[:shown]:
        lines += ["", f"FAIL {violation.rule}: {violation.what}", f"  {violation.line.brief()}"]
    if len(judgement.violations) > shown:
        lines.append(f"... and {len(judgement.violations) - shown} more (see summary.json)")
    verdict = "PASS" if judgement.clean else "FAIL"
    lines += [
        "",
        f"judge {verdict}: {judgement.source}: {len(judgement.lines)} requests, "
        f"{_violations(len(judgement.violations))}",
    ]
    return lines


def _violations(count: int) -> str:
    return f"{count} violation" + ("" if count == 1 else "s")


def _rule(name: str) -> TrafficRule:
    return next(rule for rule in RULES if rule.name == name)
