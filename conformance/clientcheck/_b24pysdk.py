"""The b24pysdk adapter: the official Python SDK used as its documentation shows, against the mock.

b24pysdk builds https://DOMAIN/rest/METHOD.json and renews tokens at its fixed OAuth host. The adapter
gives the SDK a made-up domain under .invalid and routes requests' HTTPS requests for that domain and
for the OAuth host to the scenario's loopback mock (a transport hook installed once per process;
nothing else is rerouted and nothing leaves the machine). Everything else is the SDK's own behaviour:
its retries, its token renewal, its reading of answers, with the client timeout set to access.timeout_s.
"""

from __future__ import annotations

import threading
from typing import Any
from urllib.parse import urlsplit

from ._protocol import PortalAccess

OAUTH_HOST = "https://oauth.bitrix24.tech"
_ROUTES: dict[str, str] = {}  # "https://host" -> "http://127.0.0.1:port"
_ROUTES_LOCK = threading.Lock()


class B24pysdkError(Exception):
    """A batch command's error as a b24pysdk user reads it from result_error."""

    def __init__(self, code: str, description: str) -> None:
        super().__init__(f"{code}: {description}")
        self.code = code
        self.description = description


class B24pysdkAdapter:
    """b24pysdk's BitrixToken with a BitrixApp (OAuth): call_method, call_list, call_batch."""

    def __init__(self, access: PortalAccess) -> None:
        try:
            from b24pysdk import BitrixApp, BitrixToken
        except ImportError as error:
            raise RuntimeError(
                f"Expected b24pysdk installed (pip install 'b24-conformance[b24pysdk]'), got {error}"
            ) from None
        mock = urlsplit(access.rest_url)
        self.domain = f"portal-{mock.port}.client-check.invalid"
        _route(f"https://{self.domain}", f"{mock.scheme}://{mock.netloc}")
        oauth = urlsplit(access.oauth_url)
        _route(OAUTH_HOST, f"{oauth.scheme}://{oauth.netloc}")
        self.timeout = access.timeout_s
        app = BitrixApp(client_id=access.client_id, client_secret=access.client_secret)
        self.token = BitrixToken(
            domain=self.domain,
            auth_token=access.access_token,
            refresh_token=access.refresh_token,
            bitrix_app=app,
        )

    def call(self, method: str, params: dict[str, Any]) -> Any:
        """The result of call_method."""
        return _result(self.token.call_method(method, params, timeout=self.timeout))

    def list_all(self, method: str, params: dict[str, Any]) -> list[Any]:
        """The items call_list collects."""
        return list(_result(self.token.call_list(method, params, timeout=self.timeout)))

    def batch(self, commands: dict[str, tuple[str, dict[str, Any]]]) -> dict[str, Any]:
        """call_batch, each command read from result or result_error."""
        answer = _result(self.token.call_batch(dict(commands), timeout=self.timeout))
        results = answer.get("result", {}) if isinstance(answer, dict) else {}
        errors = answer.get("result_error", {}) if isinstance(answer, dict) else {}
        results = dict(enumerate(results)) if isinstance(results, list) else results
        errors = dict(enumerate(errors)) if isinstance(errors, list) else errors
        out: dict[str, Any] = {}
        for key in commands:
            if key in errors:
                error = errors[key]
                out[key] = B24pysdkError(str(error.get("error", "")), str(error.get("error_description", "")))
            else:
                out[key] = results.get(key)
        return out


def _result(response: Any) -> Any:
    """The result of what a b24pysdk call returned (a response object or its dict)."""
    if isinstance(response, dict):
        return response.get("result")
    return getattr(response, "result", response)


def _route(prefix: str, target: str) -> None:
    """Send requests' requests whose URL starts with prefix to target instead."""
    import requests.adapters

    with _ROUTES_LOCK:
        _ROUTES[prefix] = target
        adapter = requests.adapters.HTTPAdapter
        if getattr(adapter.send, "_client_check_routes", False):
            return
        original = adapter.send

        def send(self, request, **kwargs):
            for start, goal in list(_ROUTES.items()):
                if request.url.startswith(start + "/"):
                    request.url = goal + request.url[len(start) :]
                    kwargs["proxies"] = {}
                    break
            return original(self, request, **kwargs)

        send._client_check_routes = True  # type: ignore[attr-defined]
        adapter.send = send
