"""Turn schemathesis failures into the suite's findings."""

from __future__ import annotations

from collections.abc import Iterable

from schemathesis.core.failures import CustomFailure, Failure, FailureGroup

from conformance.findings import ConformanceFailure, Finding

# The finding check that best names what each built-in check looks at.
CHECK_NAMES = {
    "not_a_server_error": "http-status",
    "status_code_conformance": "http-status",
    "content_type_conformance": "content-type",
    "response_headers_conformance": "content-type",  # HTTP headers: the nearest family the suite names
    "response_schema_conformance": "result-schema",
    "negative_data_rejection": "error-code",
    "positive_data_acceptance": "error-code",
    "missing_required_header": "http-status",
    "unsupported_method": "http-status",
    "allow_header_conformance": "http-status",
    "ignored_auth": "isolation",
    "object_level_authorization": "isolation",
    "use_after_free": "lifecycle",
    "ensure_resource_availability": "lifecycle",
    "max_response_time": "transport",
}
FALLBACK = "envelope"


def failures_of(error: BaseException) -> list[Failure | AssertionError]:
    """The single failures inside what schemathesis raised (a FailureGroup, one Failure, or an assert)."""
    if isinstance(error, FailureGroup):
        return [item for exc in error.exceptions for item in failures_of(exc)]
    if isinstance(error, Failure | AssertionError):
        return [error]
    return []


def to_findings(
    failures: Iterable[BaseException], *, method: str, reproduce: str, observed: str = ""
) -> list[Finding]:
    """Findings for schemathesis failures; a b24 check's failure gives back the findings it carried."""
    findings: list[Finding] = []
    for failure in failures:
        carried = _carried(failure)
        if carried is not None:
            findings.extend(carried)
            continue
        findings.append(_finding(failure, method=method, reproduce=reproduce, observed=observed))
    return findings


def is_b24(failure: BaseException) -> bool:
    """Whether the failure came from a b24 check (its findings are already in the suite's format)."""
    return _carried(failure) is not None


def _carried(failure: BaseException) -> list[Finding] | None:
    if isinstance(failure, ConformanceFailure):
        return failure.findings
    if isinstance(failure, CustomFailure) and isinstance(failure.exception, ConformanceFailure):
        return failure.exception.findings
    return None


def _finding(failure: BaseException, *, method: str, reproduce: str, observed: str) -> Finding:
    if isinstance(failure, Failure):
        names = type(failure).checks
        check = next((CHECK_NAMES[name] for name in names if name in CHECK_NAMES), FALLBACK)
        title = failure.title
        detail = " ".join(failure.message.split())
        source = f"schemathesis {names[0] if names else 'check'} ({failure.code})"
    else:
        check, title, detail, source = FALLBACK, type(failure).__name__, str(failure), "schemathesis check"
    return Finding(
        check=check,
        severity="fail",
        method=method,
        message=f"{title} [{source}]",
        expected=_limit(detail) or title,
        observed=observed,
        reproduce=reproduce,
    )


def _limit(text: str, size: int = 300) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"
