"""MockPortal: the WSGI app that answers BIconnector REST calls like a real portal's module."""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from typing import Any

from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Request, Response

from ..connector_app import ConnectorApp
from ..contract import default_contract
from . import _envelope
from ._config import Application, Caller, MockConfig, applications, webhook_code
from ._connector import Connectors
from ._errors import FrameworkFailure, MethodError, ServerFault, framework_error
from ._methods import Entity, call, routes
from ._request import Call, read_call
from ._source import Sources
from ._store import ENTITIES, Store
from ._table import Tables
from ._urlcheck import UrlChecker

# A REST request body is small; anything bigger is refused before it is read (HTTP 413).
MAX_BODY_BYTES = 8 * 1024 * 1024


# Frozen, and the portal draws its secrets itself, so one default instance serves every portal.
_DEFAULT_CONFIG = MockConfig()


class _Request(Request):
    max_content_length = MAX_BODY_BYTES


class MockPortal:
    """A Bitrix24 portal with the BIconnector methods (connector, source, table, dataset), held in memory.

    Two OAuth applications (applications: primary, foreign) and one webhook (webhook_path) can call
    it. Every object belongs to the application that made it; the other one gets *_NOT_FOUND.
    """

    def __init__(self, config: MockConfig = _DEFAULT_CONFIG) -> None:
        self.config = config
        self.applications: tuple[Application, Application] = applications(config)
        self._webhook = (str(config.webhook_user), webhook_code(config))
        self.webhook_path = f"/rest/{self._webhook[0]}/{self._webhook[1]}/"
        self._store = Store()
        url_check = config.url_check or UrlChecker(ConnectorApp())
        self._entities: dict[str, Entity] = {
            "connector": Connectors(self._store),
            "source": Sources(self._store, url_check),
            "table": Tables(self._store, "table"),
            "dataset": Tables(self._store, "dataset", bi_builder=config.bi_builder),
        }
        self._routes = routes(default_contract())

    def __repr__(self) -> str:
        return f"MockPortal(error_placement={self.config.error_placement!r}, objects={self._counts()})"

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        """The WSGI entry point."""
        try:
            response = self._respond(_Request(environ))
        except HTTPException as exc:  # a body over MAX_BODY_BYTES
            response = exc.get_response(environ)
        return response(environ, start_response)

    def reset(self) -> None:
        """Drop every object and start ids again at 1; tokens and the webhook stay."""
        self._store.clear()

    def count(self, entity: str, application: Application | None = None) -> int:
        """How many objects of entity (connector, source or table) are stored, all or one application's."""
        return self._store.count(entity, None if application is None else application.client_id)

    def _counts(self) -> dict[str, int]:
        return {entity: self._store.count(entity) for entity in ENTITIES}

    def _respond(self, request: Request) -> Response:
        clock = _envelope.Clock()
        if request.method not in ("GET", "POST"):
            return Response(
                f"Expected GET or POST, got {request.method}\n", 405, {"Allow": "GET, POST"}, "text/plain"
            )
        rest_call = read_call(request)
        if rest_call is None:
            return Response(
                f"Not found: {request.path}. The mock answers /rest/METHOD, /rest/METHOD.json "
                "and /rest/USER/CODE/METHOD[.json]\n",
                404,
                mimetype="text/plain",
            )
        try:
            caller = self._authenticate(rest_call)
            route = self._routes.get(rest_call.method)
            if route is None:
                raise framework_error("ERROR_METHOD_NOT_FOUND")
            clock.begin_processing()
            result = call(route, self._entities[route.entity], caller, rest_call.params)
        except FrameworkFailure as failure:
            return _envelope.framework_error(failure)
        except MethodError as error:
            return _envelope.method_error(error, self.config.error_placement, clock)
        except ServerFault:
            # A PHP fatal error: the framework never gets to write a REST body.
            return Response(b"", 500, mimetype="text/html")
        return _envelope.success(result, clock)

    def _authenticate(self, rest_call: Call) -> Caller:
        """The caller a webhook path or an OAuth token stands for; NO_AUTH_FOUND when neither fits."""
        user = self.config.webhook_user
        if rest_call.webhook is not None:
            (given_user, given_code), (known_user, known_code) = rest_call.webhook, self._webhook
            if given_user == known_user and _same(given_code, known_code):
                return Caller(None, user)
            raise framework_error("NO_AUTH_FOUND")
        token = rest_call.token()
        for application in self.applications:
            if token is not None and _same(token, application.access_token):
                return Caller(application, user)
        raise framework_error("NO_AUTH_FOUND")


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
