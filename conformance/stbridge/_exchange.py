"""Turn a schemathesis case and response into the suite's redacted Exchange."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from schemathesis import Case
from schemathesis import Response as StResponse

from conformance.client import MASK, masked_response, redact, redact_headers
from conformance.exchange import Encoding, Exchange, Request

SECRET_KEYS = frozenset({"auth", "access_token"})
KEPT_HEADERS = frozenset({"content-type", "authorization"})
FORM = "application/x-www-form-urlencoded"


def method_name(case: Case) -> str:
    """The REST method a case calls: its operationId, else the last segment of its path."""
    definition = getattr(case.operation.definition, "raw", None) or {}
    return definition.get("operationId") or case.operation.path.rsplit("/", 1)[-1]


def to_exchange(case: Case, response: StResponse, secrets: Iterable[str] = ()) -> Exchange:
    """The case as sent and the answer, with every secret (and any auth field) masked, in the answer too."""
    found = tuple(s for s in secrets if s)
    sent = response.request
    body = sent.body or b""
    if isinstance(body, str):
        body = body.encode("utf-8")
    # Only what changes the answer: transport headers would make the curl line noisy and, after
    # masking, Content-Length wrong.
    kept = {name: str(value) for name, value in sent.headers.items() if name.lower() in KEPT_HEADERS}
    request = Request(
        method=method_name(case),
        http_method=str(sent.method or case.method).upper(),
        url=redact(str(sent.url), found),
        encoding=_encoding(case),
        params=_mask(case.body if _has_body(case) else case.query, found),
        body=redact(body.decode("utf-8", "replace"), found).encode("utf-8"),
        headers=redact_headers(kept, found),
    )
    answer = masked_response(
        response.status_code, _content_type(response), response.content, response.elapsed, found
    )
    return Exchange(request, answer)


def _content_type(response: StResponse) -> str:
    for name, values in response.headers.items():
        if name.lower() == "content-type":
            return str(values[0] if isinstance(values, list) and values else values or "")
    return ""


def _encoding(case: Case) -> Encoding:
    if not _has_body(case):
        return "query"
    return "form" if (case.media_type or "").startswith(FORM) else "json"


def _has_body(case: Case) -> bool:
    from schemathesis.core import NOT_SET

    return case.body is not NOT_SET


def _mask(value: Any, secrets: tuple[str, ...]) -> Any:
    if isinstance(value, Mapping):
        return {
            key: MASK if isinstance(key, str) and key.lower() in SECRET_KEYS else _mask(item, secrets)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [_mask(item, secrets) for item in value]
    if isinstance(value, str):
        return redact(value, secrets)
    return value
