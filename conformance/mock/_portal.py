"""MockPortal: the WSGI app that answers BIconnector REST calls like a real portal's module."""

from __future__ import annotations

import logging
import time
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Request, Response

from . import _envelope
from ._batch import BATCH, run_batch
from ._config import SCOPE, Application, Caller, MockConfig, applications, bucket, member_id, webhook_code
from ._connector import Connectors
from ._errors import FrameworkFailure, MethodError, ServerFault, framework_error
from ._limits import OperatingLimiter, RequestBucket
from ._methods import Entity, call, default_routes
from ._oauth import TOKEN_PATHS, token_response
from ._request import Call, read_call
from ._source import Sources
from ._store import ENTITIES, Store
from ._table import Tables
from ._tokens import Grant, TokenBook, same_secret
from ._urlcheck import UrlChecker

_LOG = logging.getLogger(__name__)

# A REST request body is small; anything bigger is refused before it is read (HTTP 413).
MAX_BODY_BYTES = 8 * 1024 * 1024


# Frozen, and the portal draws its secrets itself, so one default instance serves every portal.
_DEFAULT_CONFIG = MockConfig()


class _Request(Request):
    max_content_length = MAX_BODY_BYTES


@dataclass(frozen=True)
class _Who:
    """An authenticated caller, the token's grant (None for the webhook) and its operating-time account."""

    caller: Caller
    grant: Grant | None
    account: Hashable


class MockPortal:
    """A Bitrix24 portal with the BIconnector methods (connector, source, table, dataset), held in memory.

    Two OAuth applications (applications: primary, foreign) and one webhook (webhook_path) can call
    it. Every object belongs to the application that made it; the other one gets *_NOT_FOUND.
    """

    def __init__(self, config: MockConfig = _DEFAULT_CONFIG) -> None:
        self.config = config
        self._now = config.clock or time.time
        self.applications: tuple[Application, Application] = applications(config)
        self.member_id = member_id(config)
        self._tokens = TokenBook(
            self.applications,
            scopes=config.scopes,
            lifetime_s=config.token_lifetime_s,
            scope_status=config.insufficient_scope_status,
            clock=self._now,
        )
        rate = bucket(config.rate_limit)
        self.bucket = None if rate is None else RequestBucket(*rate, self._now)
        limit = config.operating_limit_s
        self.operating = (
            None if limit is None else OperatingLimiter(limit, config.operating_basket_s, self._now)
        )
        self._webhook = (str(config.webhook_user), webhook_code(config))
        # Percent-encoded, so that a code with "+", "%" or other reserved characters still reaches
        # the portal as itself when the printed URL is used.
        self.webhook_path = f"/rest/{self._webhook[0]}/{quote(self._webhook[1], safe='')}/"
        self._store = Store()
        # Without a handler there is no connector app here: urlChecks on connector.invalid fail.
        url_check = config.url_check or UrlChecker()
        self._entities: dict[str, Entity] = {
            "connector": Connectors(self._store),
            "source": Sources(self._store, url_check),
            "table": Tables(self._store, "table"),
            "dataset": Tables(self._store, "dataset", bi_builder=config.bi_builder),
        }
        self._routes = default_routes()

    def __repr__(self) -> str:
        return f"MockPortal(error_placement={self.config.error_placement!r}, objects={self._counts()})"

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        """The WSGI entry point."""
        try:
            response = self._respond(_Request(environ))
        except HTTPException as exc:  # a body over MAX_BODY_BYTES
            response = _envelope.framework_error(
                FrameworkFailure(
                    "ERROR_CORE",
                    400,
                    f"Expected a request body of at most {MAX_BODY_BYTES} bytes, got more ({exc.code})",
                )
            )
        except Exception:
            # A bug of the mock still answers in the portal's JSON, and a 500 the soak counts;
            # the traceback goes to the log, never to the client.
            _LOG.exception(
                "The mock failed on %s %s", environ.get("REQUEST_METHOD"), environ.get("PATH_INFO")
            )
            response = _envelope.framework_error(
                FrameworkFailure("ERROR_CORE", 500, "Internal error of the mock.")
            )
        return response(environ, start_response)

    def reset(self) -> None:
        """Drop every object and start ids again at 1; tokens, the webhook and the limits' counts stay."""
        self._store.clear()

    def issue_token(self, application: Application, scopes: tuple[str, ...] = (SCOPE,)) -> str:
        """A further access token for application, e.g. one without the biconnector scope."""
        return self._tokens.issue(application, tuple(scopes))

    def expire_tokens(self) -> None:
        """Make every access token issued so far expired, so the next call with one gets expired_token."""
        self._tokens.expire_all()

    def count(self, entity: str, application: Application | None = None) -> int:
        """How many objects of entity (connector, source or table) are stored, all or one application's."""
        return self._store.count(entity, None if application is None else application.client_id)

    def _counts(self) -> dict[str, int]:
        return {entity: self._store.count(entity) for entity in ENTITIES}

    def _respond(self, request: Request) -> Response:
        # Any HTTP method reaches the framework as GET and POST do (PHP reads the request the same
        # way); HEAD gets GET's status and headers without the body (werkzeug drops it).
        if request.path in TOKEN_PATHS:
            user = self.config.webhook_user
            return token_response(
                request, self._tokens, now=self._now(), user_id=user, member_id=self.member_id
            )
        rest_call = read_call(request)
        if rest_call is None:
            # Outside /rest/ there is no method to find: the framework's own not-found answer.
            return _envelope.framework_error(framework_error("ERROR_METHOD_NOT_FOUND"))
        clock = _envelope.Clock(self._now)
        try:
            if self.bucket is not None:
                self.bucket.admit()  # every REST request, batch or not, authenticated or not
            who = self._authenticate(rest_call)
            if rest_call.method == BATCH:
                # The batch itself is not charged operating time; each command is, as its own method.
                clock.begin_processing()
                overflow = self.config.batch_overflow
                result = run_batch(rest_call.params, lambda m, p: self._command(m, who, p), overflow=overflow)
                return _envelope.success(result, clock)
            body = self._execute(rest_call.method, who, rest_call.params, clock)
        except FrameworkFailure as failure:
            return _envelope.framework_error(failure)
        except ServerFault:
            # A PHP fatal error: the framework never gets to write a REST body.
            return Response(b"", 500, mimetype="text/html")
        return _envelope.json_response(200, body)

    def _execute(
        self, method: str, who: _Who, params: dict[str, Any], clock: _envelope.Clock
    ) -> dict[str, Any]:
        """One method call's body (with time, or a root method error); may raise FrameworkFailure."""
        route = self._routes.get(method)
        if route is None:
            raise framework_error("ERROR_METHOD_NOT_FOUND")
        self._tokens.require(who.grant)
        account = (method, who.account)
        if self.operating is not None:
            self.operating.check(account)
        clock.begin_processing()
        outcome: Any
        try:
            outcome = call(route, self._entities[route.entity], who.caller, params)
        except MethodError as error:
            outcome = error
        if self.operating is not None:
            cost = self.config.operating_cost_s
            clock.extra = self.operating.charge(account, clock.processing() if cost is None else cost)
        if isinstance(outcome, MethodError):
            return _envelope.method_error_body(outcome, self.config.error_placement, clock)
        return _envelope.success_body(outcome, clock)

    def _command(self, method: str, who: _Who, params: dict[str, Any]) -> dict[str, Any]:
        """One batch command's body; a framework failure becomes its root error body."""
        try:
            return self._execute(method, who, params, _envelope.Clock(self._now))
        except FrameworkFailure as failure:
            return {"error": failure.code, "error_description": failure.description}

    def _authenticate(self, rest_call: Call) -> _Who:
        """The caller a webhook path or an OAuth token stands for; NO_AUTH_FOUND or expired_token if none."""
        user = self.config.webhook_user
        if rest_call.webhook is not None:
            (given_user, given_code), (known_user, known_code) = rest_call.webhook, self._webhook
            if given_user == known_user and same_secret(given_code, known_code):
                return _Who(Caller(None, user), None, ("webhook", user))
            raise framework_error("NO_AUTH_FOUND")
        grant = self._tokens.grant(rest_call.token())
        return _Who(Caller(grant.application, user), grant, grant.application.client_id)
