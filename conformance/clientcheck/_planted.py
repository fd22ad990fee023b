"""Planted client bugs: for each scenario, a careful client that breaks exactly that scenario's rule."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx

from ._adapters import CarefulAdapter, PortalError
from ._protocol import PortalAccess


class IgnoresNestedErrors(CarefulAdapter):
    """Raises only on root errors: a nested module error comes back as a result (b24pysdk 1.3.2)."""

    def _nested(self, result: Any) -> Any:
        return result


class ReturnsRootErrors(CarefulAdapter):
    """Hands a root error body back as if it were the result."""

    def _root_error(self, answer: httpx.Response, body: dict[str, Any]) -> Any:
        return body


class BatchReadsOnlyResultError(CarefulAdapter):
    """Reads a batch's errors from result_error only: a nested error in result passes as a result."""

    def _command_result(self, result: Any) -> Any:
        return result


class CrashesOnHtml(CarefulAdapter):
    """Decodes every answer as JSON without looking at its content type."""

    def _decoded(self, answer: httpx.Response) -> Any:
        return json.loads(answer.text)


class RetriesAtOnce(CarefulAdapter):
    """Retries a 503 at once, again and again, instead of waiting."""

    def _on_query_limit(self) -> None:
        time.sleep(0.01)


class IgnoresOperatingReset(CarefulAdapter):
    """Retries a 429 after a short fixed pause, before the announced operating_reset_at."""

    def _on_operating_limit(self, method: str) -> None:
        time.sleep(0.05)


class NeverRenews(CarefulAdapter):
    """Has no token renewal: expired_token ends the task."""

    def _renew(self) -> bool:
        return False


class RepeatsLostAdds(CarefulAdapter):
    """Sends a request again when its answer was lost, adds included."""

    def _post(self, method: str, params: dict[str, Any]) -> httpx.Response:
        try:
            return super()._post(method, params)
        except PortalError as error:
            if error.code != "NO_ANSWER":
                raise
            return super()._post(method, params)


class NoTimeout(CarefulAdapter):
    """Waits for an answer as long as it takes."""

    def _http(self, access: PortalAccess) -> httpx.Client:
        return httpx.Client(timeout=None)


class StopsAfterFirstPage(CarefulAdapter):
    """Pages while the answer names a total, which BIconnector lists never send: stops after 50."""

    def list_all(self, method: str, params: dict[str, Any]) -> list[Any]:
        return list(self.call(method, {**params, "page": 1}))


class Int32Ids(CarefulAdapter):
    """Keeps ids in a signed 32-bit integer."""

    def call(self, method: str, params: dict[str, Any]) -> Any:
        if isinstance(params.get("id"), int):
            params = {**params, "id": _int32(params["id"])}
        result = super().call(method, params)
        if isinstance(result, dict) and isinstance(result.get("id"), int):
            result = {**result, "id": _int32(result["id"])}
        return result


class Latin1Body(CarefulAdapter):
    """Sends its JSON body in Latin-1, characters outside it replaced by '?'."""

    def _post(self, method: str, params: dict[str, Any]) -> httpx.Response:
        body = json.dumps({**params, "auth": self.token}, ensure_ascii=False).encode("latin-1", "replace")
        try:
            return self.http.post(
                self.access.rest_url + method, content=body, headers={"Content-Type": "application/json"}
            )
        except httpx.TransportError as error:
            raise PortalError("NO_ANSWER", str(error)) from None


class SendsStart(CarefulAdapter):
    """Adds start=0 to every list call, as other REST methods page: an unknown parameter here."""

    def call(self, method: str, params: dict[str, Any]) -> Any:
        if method.endswith(".list"):
            params = {**params, "start": 0}
        return super().call(method, params)


def _int32(value: int) -> int:
    return (value + 2**31) % 2**32 - 2**31


# scenario name -> the client that breaks exactly its rule
PLANTED: dict[str, type[CarefulAdapter]] = {
    "nested-error": IgnoresNestedErrors,
    "root-error": ReturnsRootErrors,
    "batch-errors": BatchReadsOnlyResultError,
    "html-error-page": CrashesOnHtml,
    "query-limit": RetriesAtOnce,
    "operating-limit": IgnoresOperatingReset,
    "expired-token": NeverRenews,
    "lost-answer": RepeatsLostAdds,
    "slow-answer": NoTimeout,
    "list-all": StopsAfterFirstPage,
    "big-ids": Int32Ids,
    "unicode-text": Latin1Body,
    "request-contract": SendsStart,
}
