"""The client: sends one REST call to a target and records it as a redacted Exchange."""

from __future__ import annotations

import json
from collections.abc import Mapping
from time import perf_counter
from types import TracebackType
from typing import Any

import httpx

from conformance import __version__
from conformance.exchange import Encoding, Exchange, Request, Response

from ._query import http_build_query
from ._redact import redact, redact_headers, redact_params, secret_values
from ._target import Target, mask_url
from ._transport import transport_error

USER_AGENT = f"b24-conformance/{__version__}"
ENCODINGS = ("json", "form", "query")
_BASE_HEADERS = {"Accept": "application/json", "User-Agent": USER_AGENT}
_CONTENT_TYPES = {"json": "application/json", "form": "application/x-www-form-urlencoded"}
# Credential-named parameters and the webhook path segment are masked structurally; masking by
# text as well is only safe for secrets long enough not to occur in ordinary words (tests use "T").
_MIN_TEXT_SECRET = 6


class Client:
    """Talks to one target, reusing one connection pool (or calling its WSGI app in-process)."""

    def __init__(self, target: Target, *, timeout: float = 10.0) -> None:
        self.target = target
        self.timeout = timeout
        transport = httpx.WSGITransport(app=target.app) if target.app is not None else None
        # Redirects are not followed: a portal answering 301/302 is itself worth reporting.
        self._http = httpx.Client(
            transport=transport, timeout=timeout, headers=_BASE_HEADERS, follow_redirects=False
        )

    def call(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        *,
        encoding: Encoding = "json",
        access_token: str | None = None,
    ) -> Exchange:
        """Call a REST method; access_token overrides the target's ("" sends none)."""
        if encoding not in ENCODINGS:
            raise ValueError(f"Expected encoding 'json', 'form' or 'query', got {encoding!r}")
        params = {} if params is None else params
        token = self.target.access_token if access_token is None else access_token
        secrets = tuple(s for s in (*self.target.secrets(), token, *secret_values(params)) if s)
        text_secrets = tuple(s for s in secrets if len(s) >= _MIN_TEXT_SECRET)
        payload = _with_auth(params, token)
        url = self.target.base_url + method
        http_method, full_url, body, headers = _encode(encoding, url, payload)
        request = _redacted_request(method, encoding, url, params, payload, headers, text_secrets)
        started = perf_counter()
        try:
            answer = self._http.request(http_method, full_url, content=body or None, headers=headers)
        except httpx.TransportError as exc:
            raise transport_error(exc, request, timeout=self.timeout, secrets=text_secrets) from None
        elapsed = perf_counter() - started
        content_type = answer.headers.get("content-type", "")
        response = Response.from_bytes(answer.status_code, content_type, answer.content, elapsed)
        return Exchange(request, response)

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Client({self.target!r}, timeout={self.timeout:g})"


def _with_auth(params: Mapping[str, Any], token: str | None) -> dict[str, Any]:
    # The token travels as the `auth` parameter, as the official SDKs send it; a suite that sets
    # `auth` itself (to test a bad one) keeps its value.
    payload = dict(params)
    if token and "auth" not in payload:
        payload["auth"] = token
    return payload


def _encode(encoding: str, url: str, payload: dict[str, Any]) -> tuple[str, str, bytes, dict[str, str]]:
    if encoding == "query":
        query = http_build_query(payload)
        return "GET", f"{url}?{query}" if query else url, b"", {}
    headers = {"Content-Type": _CONTENT_TYPES[encoding]}
    if encoding == "form":
        return "POST", url, http_build_query(payload).encode("ascii"), headers
    return "POST", url, _json_bytes(payload), headers


def _json_bytes(payload: Any) -> bytes:
    # json.dumps writes big ints and floats exactly (repr); plain UTF-8 keeps curl lines readable,
    # and \u escapes take over only for text UTF-8 cannot carry (lone surrogates).
    try:
        return json.dumps(payload, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(payload).encode("ascii")


def _redacted_request(
    method: str,
    encoding: Encoding,
    url: str,
    params: Mapping[str, Any],
    payload: dict[str, Any],
    headers: dict[str, str],
    secrets: tuple[str, ...],
) -> Request:
    # The recorded body is the masked payload encoded the same way, so it differs from what was
    # sent only where a secret was.
    http_method, shown_url, body, _ = _encode(
        encoding, mask_url(redact(url, secrets)), redact_params(payload, secrets)
    )
    return Request(
        method=method,
        http_method=http_method,
        url=shown_url,
        encoding=encoding,
        params=redact_params(params, secrets),
        body=body,
        headers=redact_headers({**_BASE_HEADERS, **headers}, secrets),
    )
