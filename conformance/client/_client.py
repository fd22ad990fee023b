"""The client: sends one REST call to a target and records it as a redacted Exchange."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import replace
from http.cookiejar import CookieJar, DefaultCookiePolicy
from time import perf_counter
from types import TracebackType
from typing import Any

import httpx

from conformance import __version__
from conformance.exchange import Encoding, Exchange, Request, Response, json_bytes

from ._answer import ACCEPT_ENCODING, DEFAULT_MAX_ANSWER_BYTES, AnswerProblem, BodyProgress, read_body
from ._deadline import DeadlineTransport, answer_deadline
from ._masked_answer import masked_response
from ._oauth import OAuthRefresh
from ._pacer import Pacer
from ._query import http_build_query
from ._redact import MIN_TEXT_SECRET, redact, redact_headers, redact_params, secret_values
from ._retry import OPERATION_LIMIT, RetryPolicy, operating_reset_at, root_error
from ._target import Target, TargetError, mask_url
from ._transport import TransportError, answer_error, transport_error

USER_AGENT = f"b24-conformance/{__version__}"
ENCODINGS = ("json", "form", "query")
_BASE_HEADERS = {"Accept": "application/json", "User-Agent": USER_AGENT}
_CONTENT_TYPES = {"json": "application/json", "form": "application/x-www-form-urlencoded"}


class Client:
    """Talks to one target, reusing one connection pool (or calling its WSGI app in-process)."""

    def __init__(
        self,
        target: Target,
        *,
        timeout: float = 10.0,
        max_answer_bytes: int = DEFAULT_MAX_ANSWER_BYTES,
        pacer: Pacer | None = None,
        retry: RetryPolicy | None = None,
        oauth: OAuthRefresh | None = None,
    ) -> None:
        if oauth is not None and target.auth != "oauth":
            raise TargetError(f"Expected an OAuth target for token renewal, got the webhook {target!r}")
        self.target = target
        if max_answer_bytes < 1:
            raise ValueError(f"Expected max_answer_bytes of at least 1, got {max_answer_bytes!r}")
        self.timeout = timeout  # for the whole answer: connect, headers and body
        self.max_answer_bytes = max_answer_bytes
        self.pacer = pacer
        self.retry = retry
        self.oauth = oauth
        transport = httpx.WSGITransport(app=target.app) if target.app is not None else DeadlineTransport()
        # Redirects are not followed: a portal answering 301/302 is itself worth reporting, and the
        # token in the body or query must never travel to wherever the Location points.
        self._http = httpx.Client(
            transport=transport,
            timeout=timeout,
            headers={**_BASE_HEADERS, "Accept-Encoding": ACCEPT_ENCODING},
            # No cookie kept, so none sent: each probe stands on the credentials it carries (a portal's
            # session cookie must not authorize a probe sent with a wrong token), and its reproduce
            # line is all it sent. A policy that allows no domain refuses every Set-Cookie.
            cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
            follow_redirects=False,
        )
        self._refresh_lock = threading.Lock()
        self._former_tokens: list[str] = []  # renewed away, but still masked wherever they turn up
        # The portal says when a method blocked by OPERATION_TIME_LIMIT opens again in the `time` of
        # earlier answers, so the last word per method and token is kept for the 429 that follows.
        self._reset_at: dict[tuple[str, str | None], float] = {}

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
        own = access_token is None
        started = self.retry.clock() if self.retry is not None else 0.0
        refreshed = False
        attempt = 0
        while True:
            attempt += 1
            token = self.target.access_token if own else access_token
            if self.pacer is not None:
                self.pacer.acquire()
            try:
                exchange = self._send(method, params, encoding, token)
            except TransportError as exc:
                exc.attempts = attempt
                wait = self._transport_wait(exc, method, attempt, started)
                if wait is None:
                    raise
                self._sleep(wait)
                continue
            exchange = replace(exchange, attempts=attempt)
            response = exchange.response
            if self.pacer is not None:
                # every answer teaches the pacer: room shown, or (503) a bucket fuller than it thought
                self.pacer.answered(limited=response.status == 503)
            self._note_reset(method, token, response)
            if own and self.oauth is not None and not refreshed and _expired(response):
                # One renewal and one more try: a second expired_token is the portal's answer.
                self._renew(token)
                refreshed = True
                continue
            wait = self._response_wait(response, method, token, attempt, started)
            if wait is None:
                return exchange
            self._sleep(wait)

    def _send(
        self, method: str, params: Mapping[str, Any], encoding: Encoding, token: str | None
    ) -> Exchange:
        renewal = (*self.oauth.secrets(), *self._former_tokens) if self.oauth is not None else ()
        secrets = tuple(s for s in (*self.target.secrets(), token, *renewal, *secret_values(params)) if s)
        text_secrets = tuple(s for s in secrets if len(s) >= MIN_TEXT_SECRET)
        payload = _with_auth(params, token)
        url = self.target.base_url + method
        http_method, full_url, body, headers = _encode(encoding, url, payload)
        request = _redacted_request(method, encoding, url, params, payload, headers, text_secrets)
        started = perf_counter()
        progress: BodyProgress | None = None  # set once the headers are in
        try:
            with (
                answer_deadline(self.timeout) as arrived,
                self._http.stream(http_method, full_url, content=body or None, headers=headers) as answer,
            ):
                progress = BodyProgress()
                content = read_body(answer, self.max_answer_bytes, progress)
        except httpx.TransportError as exc:
            received = None if progress is None else progress.raw_bytes
            raise transport_error(
                exc,
                request,
                timeout=self.timeout,
                secrets=text_secrets,
                body_bytes=received,
                first_bytes=arrived.head if received is None else b"",
                tls_answer=arrived.looks_like_tls(),
            ) from None
        except AnswerProblem as exc:
            raise answer_error(exc.kind, request, exc.got, exc.hint) from None  # type: ignore[arg-type]
        elapsed = perf_counter() - started
        content_type = answer.headers.get("content-type", "")
        response = masked_response(answer.status_code, content_type, content, elapsed, text_secrets)
        return Exchange(request, response)

    def _renew(self, used: str | None) -> None:
        assert self.oauth is not None
        with self._refresh_lock:
            if self.target.access_token == used:  # else another thread renewed it meanwhile
                fresh = self.oauth.refresh()
                if used:
                    self._former_tokens.append(used)
                self.target = replace(self.target, access_token=fresh)

    def _note_reset(self, method: str, token: str | None, response: Response) -> None:
        stamp = operating_reset_at(response)
        if stamp is not None:
            self._reset_at[(method, token)] = stamp

    def _response_wait(
        self, response: Response, method: str, token: str | None, attempt: int, started: float
    ) -> float | None:
        if self.retry is None:
            return None
        reason = self.retry.response_reason(response)
        if reason is None:
            return None
        reset_at = self._reset_at.get((method, token)) if reason == OPERATION_LIMIT else None
        return self.retry.delay(attempt, started, reset_at=reset_at)

    def _transport_wait(
        self, error: TransportError, method: str, attempt: int, started: float
    ) -> float | None:
        if self.retry is None or self.retry.transport_reason(error, method) is None:
            return None
        return self.retry.delay(attempt, started)

    def _sleep(self, seconds: float) -> None:
        assert self.retry is not None
        self.retry.sleep(seconds)

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
        extras = "".join(
            f", {name}={value!r}"
            for name, value in (("pacer", self.pacer), ("retry", self.retry), ("oauth", self.oauth))
            if value is not None
        )
        cap = (
            ""
            if self.max_answer_bytes == DEFAULT_MAX_ANSWER_BYTES
            else f", max_answer_bytes={self.max_answer_bytes}"
        )
        return f"Client({self.target!r}, timeout={self.timeout:g}{cap}{extras})"


def _expired(response: Response) -> bool:
    return response.status == 401 and root_error(response) == "expired_token"


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
    return "POST", url, json_bytes(payload), headers


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
    # sent only where a secret was. The payload is params and what _with_auth added after them.
    shown_params = redact_params(params, secrets)
    added = {key: value for key, value in payload.items() if key not in params}
    shown_payload = {**shown_params, **redact_params(added, secrets)} if added else shown_params
    http_method, shown_url, body, _ = _encode(encoding, mask_url(redact(url, secrets)), shown_payload)
    return Request(
        method=method,
        http_method=http_method,
        url=shown_url,
        encoding=encoding,
        params=shown_params,
        body=body,
        headers=redact_headers({**_BASE_HEADERS, **headers}, secrets),
    )
