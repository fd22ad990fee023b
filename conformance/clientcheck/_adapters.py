"""Reference clients: a naive one as many are written, and a careful one that keeps every rule."""

from __future__ import annotations

import threading
import time
from typing import Any
from urllib.parse import quote

import httpx

from ._protocol import PortalAccess

PAGE_SIZE = 50  # BIconnector lists answer 50 items a page and say nothing of a total or a next page
# After a 503 QUERY_LIMIT_EXCEEDED: the wait before trying again, and the pace kept afterwards
# (the standard plan drains 2 requests a second).
LIMIT_WAIT_S = 1.0
LIMIT_PACE_S = 0.5
OPERATING_WAIT_CAP_S = 600.0  # the operating window is 10 minutes


class PortalError(Exception):
    """An error the portal answered (or a failure to get an answer), with its code and text."""

    def __init__(self, code: str, description: str, status: int | None = None) -> None:
        super().__init__(f"{code}: {description}" + (f" (HTTP {status})" if status else ""))
        self.code = code
        self.description = description
        self.status = status


class NaiveAdapter:
    """A requests-style client: post, decode, raise on a root error, follow `next` while there is one."""

    def __init__(self, access: PortalAccess) -> None:
        self.access = access
        self.http = httpx.Client(timeout=None)

    def call(self, method: str, params: dict[str, Any]) -> Any:
        """The result of method, raising on a root error."""
        return self._body(method, params)["result"]

    def list_all(self, method: str, params: dict[str, Any]) -> list[Any]:
        """Items page after page while the answer names a next one."""
        body = self._body(method, params)
        items = list(body["result"])
        while "next" in body:
            body = self._body(method, {**params, "start": body["next"]})
            items += body["result"]
        return items

    def batch(self, commands: dict[str, tuple[str, dict[str, Any]]]) -> dict[str, Any]:
        """Each command's result; the ones in result_error as errors."""
        cmd = {key: f"{method}?{php_query(params)}" for key, (method, params) in commands.items()}
        result = self.call("batch", {"halt": 0, "cmd": cmd})
        out: dict[str, Any] = dict(_mapping(result.get("result")))
        for key, error in _mapping(result.get("result_error")).items():
            out[key] = PortalError(error.get("error", ""), error.get("error_description", ""))
        return out

    def close(self) -> None:
        """Close the connection pool."""
        self.http.close()

    def _body(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        answer = self.http.post(
            self.access.rest_url + method, json={**params, "auth": self.access.access_token}
        )
        body = answer.json()
        if "error" in body:
            raise PortalError(body["error"], body.get("error_description", ""), answer.status_code)
        return body


class CarefulAdapter:
    """A client that keeps every rule of the catalog.

    It raises nested module errors as errors, pages lists by `page` until a short page, waits out
    503 and then keeps a pace, waits until operating_reset_at after a 429, renews an expired token
    once and repeats the call once, turns a non-JSON answer into an error that names the status,
    never repeats a request whose answer was lost, and keeps its own timeout.
    """

    def __init__(self, access: PortalAccess) -> None:
        self.access = access
        self.token = access.access_token
        self.refresh_token = access.refresh_token
        self.http = self._http(access)
        self._lock = threading.Lock()
        self._pace_s = 0.0  # set after a 503: the least time between two requests from then on
        self._last_sent = 0.0
        self._reset_at: dict[str, float] = {}  # method -> operating_reset_at from its last time block
        self._blocked: str | None = None  # the method a 429 blocked, until its reset moment
        self._backoff_s = 1.0  # the wait after a 429 whose reset moment is unknown or past

    def _http(self, access: PortalAccess) -> httpx.Client:
        return httpx.Client(timeout=access.timeout_s)

    # -- the protocol

    def call(self, method: str, params: dict[str, Any]) -> Any:
        """The result of method; PortalError for a root or a nested error, or no usable answer."""
        return self._nested(self._result(method, params))

    def list_all(self, method: str, params: dict[str, Any]) -> list[Any]:
        """Every item: page 1, 2, ... until a page with fewer than 50 items."""
        items: list[Any] = []
        page = 1
        while True:
            chunk = self.call(method, {**params, "page": page})
            if not isinstance(chunk, list):
                raise PortalError(
                    "UNEXPECTED_ANSWER", f"Expected a list of items, got {type(chunk).__name__}"
                )
            items += chunk
            if len(chunk) < PAGE_SIZE:
                return items
            page += 1

    def batch(self, commands: dict[str, tuple[str, dict[str, Any]]]) -> dict[str, Any]:
        """Each command's result, or the PortalError of a command that failed (nested or root)."""
        cmd = {key: f"{method}?{php_query(params)}" for key, (method, params) in commands.items()}
        result = self.call("batch", {"halt": 0, "cmd": cmd})
        answered = _mapping(result.get("result"))
        failed = _mapping(result.get("result_error"))
        out: dict[str, Any] = {}
        for key in commands:
            if key in failed:
                error = failed[key]
                out[key] = PortalError(str(error.get("error", "")), str(error.get("error_description", "")))
            elif key in answered:
                out[key] = self._command_result(answered[key])
            else:
                out[key] = PortalError("NOT_RUN", "The batch did not run this command")
        return out

    def close(self) -> None:
        """Close the connection pool."""
        self.http.close()

    def _command_result(self, result: Any) -> Any:
        """A batch command's result, or its nested module error as a PortalError."""
        error = nested_error(result)
        return result if error is None else error

    # -- one request and its answer

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        renewed = False
        while True:
            self._wait_operating(method)
            self._keep_pace()
            answer = self._post(method, params)
            body = self._decoded(answer)
            if isinstance(body, dict) and isinstance(body.get("error"), str):
                code = body["error"]
                if code == "QUERY_LIMIT_EXCEEDED":
                    self._on_query_limit()
                    continue
                if code == "OPERATION_TIME_LIMIT":
                    self._on_operating_limit(method)
                    continue
                if code == "expired_token" and not renewed and self._renew():
                    renewed = True
                    continue
                return self._root_error(answer, body)
            self._note_time(method, body)
            return body["result"]

    def _post(self, method: str, params: dict[str, Any]) -> httpx.Response:
        try:
            return self.http.post(self.access.rest_url + method, json={**params, "auth": self.token})
        except httpx.TimeoutException as error:
            raise PortalError("TIMEOUT", f"No answer within {self.access.timeout_s} s ({error})") from None
        except httpx.TransportError as error:
            # The portal may have acted before the answer was lost: never sent again blindly.
            raise PortalError("NO_ANSWER", f"The answer was lost: {type(error).__name__}: {error}") from None

    def _decoded(self, answer: httpx.Response) -> Any:
        kind = answer.headers.get("content-type", "")
        if "json" not in kind:
            raise PortalError(
                f"HTTP_{answer.status_code}",
                f"Expected a JSON answer, got {kind or 'no content type'} ({answer.status_code} "
                f"{answer.reason_phrase})",
                answer.status_code,
            )
        try:
            body = answer.json()
        except ValueError:
            raise PortalError(
                f"HTTP_{answer.status_code}",
                "Expected a JSON answer, got a body that is not JSON",
                answer.status_code,
            ) from None
        if not isinstance(body, dict) or not ("result" in body or "error" in body):
            raise PortalError("UNEXPECTED_ANSWER", "Expected a JSON object with result or error")
        return body

    def _root_error(self, answer: httpx.Response, body: dict[str, Any]) -> Any:
        raise PortalError(body["error"], str(body.get("error_description", "")), answer.status_code)

    def _nested(self, result: Any) -> Any:
        error = nested_error(result)
        if error is not None:
            raise error
        return result

    # -- limits and tokens

    def _keep_pace(self) -> None:
        with self._lock:
            wait = self._last_sent + self._pace_s - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last_sent = time.monotonic()

    def _on_query_limit(self) -> None:
        time.sleep(LIMIT_WAIT_S)
        self._pace_s = LIMIT_PACE_S

    def _note_time(self, method: str, body: dict[str, Any]) -> None:
        block = body.get("time")
        if isinstance(block, dict) and isinstance(block.get("operating_reset_at"), int | float):
            self._reset_at[method] = float(block["operating_reset_at"])

    def _on_operating_limit(self, method: str) -> None:
        # Blocked until the oldest basket drops out (the last time block said when); without a
        # moment still ahead, a growing wait.
        now = time.time()
        if self._reset_at.get(method, 0.0) <= now:
            self._reset_at[method] = now + self._backoff_s
            self._backoff_s = min(self._backoff_s * 2, OPERATING_WAIT_CAP_S)
        self._blocked = method

    def _wait_operating(self, method: str) -> None:
        if self._blocked != method:
            return
        wait = min(self._reset_at.get(method, 0.0) - time.time(), OPERATING_WAIT_CAP_S)
        if wait > 0:
            time.sleep(wait)
        self._blocked = None

    def _renew(self) -> bool:
        query = {
            "grant_type": "refresh_token",
            "client_id": self.access.client_id,
            "client_secret": self.access.client_secret,
            "refresh_token": self.refresh_token,
        }
        try:
            answer = self.http.get(self.access.oauth_url, params=query)
            body = answer.json()
        except (httpx.HTTPError, ValueError):
            return False
        if answer.status_code != 200 or not isinstance(body, dict) or "access_token" not in body:
            return False
        self.token, self.refresh_token = body["access_token"], body.get("refresh_token", self.refresh_token)
        return True


def nested_error(result: Any) -> PortalError | None:
    """The module error a result carries nested ({"error": {"error", "error_description"}}), if any."""
    if isinstance(result, dict) and isinstance(result.get("error"), dict):
        error = result["error"]
        return PortalError(str(error.get("error", "")), str(error.get("error_description", "")))
    return None


def _mapping(value: Any) -> dict[str, Any]:
    """A batch answer's map; PHP sends an empty one as [] and one keyed 0..n-1 as a list."""
    if isinstance(value, dict):
        return {str(k): v for k, v in value.items()}
    if isinstance(value, list):
        return {str(i): v for i, v in enumerate(value)}
    return {}


def php_query(params: dict[str, Any]) -> str:
    """params as PHP's http_build_query writes them: a[b][0]=c, true as 1, false as 0, None left out."""
    pairs: list[tuple[str, str]] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(f"{prefix}[{key}]", item)
        elif isinstance(value, list | tuple):
            for index, item in enumerate(value):
                walk(f"{prefix}[{index}]", item)
        elif value is None:
            return
        elif isinstance(value, bool):
            pairs.append((prefix, "1" if value else "0"))
        else:
            pairs.append((prefix, str(value)))

    for key, value in params.items():
        walk(str(key), value)
    return "&".join(f"{quote(k, safe='[]')}={quote(v, safe='')}" for k, v in pairs)
