"""The portal's HTTP client for connector URLs: form-encoded POSTs within the portal's time budget."""

from __future__ import annotations

import time
from http.cookiejar import CookieJar, DefaultCookiePolicy

import httpx

from ._answer import KEEP_ROWS, DataReader
from ._phpquery import http_build_query
from ._recording import Budget, Call
from ._values import column_type

FORM = "application/x-www-form-urlencoded"
MAX_REDIRECTS = 5
MAX_BODY_BYTES = 32 * 1024 * 1024  # of the answers read whole: lists and descriptions
KEPT_BYTES = 4096  # of a urlData body, for the findings' Received line


class Caller:
    """Sends the portal's requests: POST, PHP-encoded form, redirects followed, the body within budget."""

    def __init__(
        self,
        budget: Budget | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        max_body_bytes: int = MAX_BODY_BYTES,
        keep_rows: int = KEEP_ROWS,
    ) -> None:
        budget = self.budget = budget or Budget()
        self.max_body_bytes = max_body_bytes  # for the answers read whole: all but urlData's
        self.keep_rows = keep_rows
        timeout = httpx.Timeout(
            connect=budget.connect_s, read=budget.body_s, write=budget.body_s, pool=budget.connect_s
        )
        self._client = httpx.Client(
            transport=transport,
            timeout=timeout,
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            headers={"User-Agent": "b24-conformance connector-check"},
            trust_env=False,
            # No cookie kept, so none sent: a bad-settings call must not pass on a session an earlier
            # call with good ones opened, and a reproduce line is all a call sent.
            cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
        )

    def close(self) -> None:
        """Close the client's connections."""
        self._client.close()

    def __enter__(self) -> Caller:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def post(self, call: Call, connection: dict[str, str], shown_connection: dict[str, str]) -> Call:
        """Send call's params with connection, fill in the answer, and return call.

        shown_connection (the settings with their values masked) is what the reproduce line carries.
        """
        body = http_build_query({**call.params, "connection": connection})
        shown = http_build_query({**call.params, "connection": shown_connection})
        call.reproduce = f"curl -X POST {call.url} -H 'Content-Type: {FORM}' --data-raw '{shown}'"
        started = time.monotonic()
        try:
            with self._client.stream(
                "POST", call.url, content=body.encode("ascii"), headers={"Content-Type": FORM}
            ) as response:
                call.status = response.status_code
                call.content_type = response.headers.get("content-type", "")
                call.body = self._read(response, started, call)
        except httpx.TimeoutException as exc:
            call.timed_out = call.status is not None or isinstance(exc, httpx.ReadTimeout)
            call.error = _timeout_text(exc, self.budget)
        except httpx.TooManyRedirects:
            call.status, call.error = None, f"more than {MAX_REDIRECTS} redirects"
        except httpx.HTTPError as exc:
            call.status, call.error = None, f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        call.elapsed_s = time.monotonic() - started
        return call

    def _read(self, response: httpx.Response, started: float, call: Call) -> bytes:
        """The body, or for a urlData call its first bytes, with the rest read into call.answer."""
        reader = None
        if call.data is not None:
            kinds = {str(c.get("code")): column_type(c.get("type")) for c in call.data.columns}
            reader = DataReader(kinds, self.keep_rows)
        chunks: list[bytes] = []
        kept = 0
        for chunk in response.iter_bytes():
            call.size += len(chunk)
            if reader is not None:
                reader.feed(chunk)
                if reader.answer.problem is not None:
                    break  # what follows a broken answer changes nothing the checks read
            if kept < (KEPT_BYTES if reader is not None else self.max_body_bytes):
                chunks.append(chunk)
                kept += len(chunk)
            elif reader is None:
                call.error = f"the body passed {self.max_body_bytes} bytes; the rest was not read"
                break
            if time.monotonic() - started > self.budget.body_s:
                call.timed_out = True
                call.error = f"the body was not complete within {self.budget.body_s:g} s"
                break
        if reader is not None:
            if not call.timed_out:
                reader.feed(b"", final=True)
            elif reader.answer.problem is None:
                reader.answer.problem = "Expected the whole answer, got it cut off at the time budget"
            call.answer = reader.answer
        return b"".join(chunks)


def _timeout_text(exc: httpx.TimeoutException, budget: Budget) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return f"no connection within {budget.connect_s:g} s"
    if isinstance(exc, httpx.ReadTimeout):
        return f"no bytes of the answer for {budget.body_s:g} s"
    return f"{type(exc).__name__} after the portal's budget"
