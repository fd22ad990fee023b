"""A connector check from start to verdict: play, run every check, redact, and write the reports."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from conformance import __version__

from . import _checks_access, _checks_data, _checks_tables  # noqa: F401  (registration order = run order)
from ._caller import Caller
from ._play import ConnectorUrls, PlayOptions, play
from ._recording import Recording
from ._redact import Redactor
from ._registry import CONNECTOR_CHECKS, ConnectorFinding
from ._report import EXIT_CODES, write_reports


@dataclass
class CheckResult:
    """What a connector check found: the verdict, its exit code, the redacted summary and the findings."""

    verdict: str
    exit_code: int
    summary: dict[str, Any]
    findings: list[ConnectorFinding]
    recording: Recording


def run_checks(rec: Recording) -> list[ConnectorFinding]:
    """Every registered connector check over the recording, in registration order."""
    found: list[ConnectorFinding] = []
    for entry in CONNECTOR_CHECKS.values():
        found += entry.info.function(rec)  # type: ignore[misc]
    return found


def check_connector(
    urls: ConnectorUrls,
    options: PlayOptions,
    *,
    report_dir: Path | None = None,
    transport: httpx.BaseTransport | None = None,
) -> CheckResult:
    """Play the portal against the service at urls, judge every answer, and write the reports if asked."""
    started = time.monotonic()
    with Caller(options.budget, transport=transport, keep_rows=options.keep_rows) as caller:
        rec = play(urls, options, caller)
    findings = run_checks(rec)
    answered = any(call.answered for call in rec.calls())
    if not answered:
        verdict = "unreachable"
    else:
        verdict = "nonconformant" if any(f.severity == "fail" for f in findings) else "conformant"
    redactor = Redactor([*options.settings.values(), *(options.bad_settings or {}).values()])
    summary = redactor.data(_summary(urls, options, rec, findings, verdict, time.monotonic() - started))
    if report_dir is not None:
        write_reports(report_dir, summary)
    return CheckResult(verdict, EXIT_CODES[verdict], summary, findings, rec)


def _summary(
    urls: ConnectorUrls,
    options: PlayOptions,
    rec: Recording,
    findings: list[ConnectorFinding],
    verdict: str,
    duration: float,
) -> dict[str, Any]:
    counted = Counter(f.key() for f in findings)
    unique = {f.key(): f for f in findings}
    judged: dict[str, dict[str, int]] = {}
    endpoints = Counter(call.endpoint for call in rec.calls())
    for name, entry in CONNECTOR_CHECKS.items():
        targets = [entry.endpoint] if entry.endpoint != "any" else list(endpoints)
        for endpoint in targets:
            if endpoints[endpoint]:
                judged.setdefault(endpoint, {})[name] = endpoints[endpoint]
    summary: dict[str, Any] = {
        "tool": "connector-check",
        "version": __version__,
        "verdict": verdict,
        "seed": options.seed,
        "target": {
            "urlCheck": urls.check,
            "urlTableList": urls.table_list,
            "urlTableDescription": urls.table_description,
            "urlData": urls.data,
        },
        "settings": sorted(options.settings),
        "requests": len(rec.calls()) + rec.searched,
        "duration_s": round(duration, 3),
        "budget": {"connect_s": rec.budget.connect_s, "body_s": rec.budget.body_s},
        "counts": {sev: sum(1 for f in unique.values() if f.severity == sev) for sev in ("fail", "warn")},
        "findings": [{**f.as_json(), "count": counted[k]} for k, f in unique.items()],
        "coverage": {endpoint: {"input_classes": checks} for endpoint, checks in judged.items()},
        "checks": {name: entry.info.description for name, entry in CONNECTOR_CHECKS.items()},
        "notes": list(rec.notes),
        "calls": [
            {
                "endpoint": c.endpoint,
                "purpose": c.purpose,
                "status": c.status,
                "error": c.error,
                "elapsed_s": round(c.elapsed_s, 3),
                "bytes": len(c.body),
            }
            for c in rec.calls()
        ],
    }
    if verdict == "unreachable":
        first = rec.check.error if rec.check is not None else "no call was made"
        summary["error"] = {
            "kind": "unreachable",
            "exit_code": 3,
            "message": f"No connector URL answered; urlCheck: {first}",
        }
    return summary
