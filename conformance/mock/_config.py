"""How a mock portal is set up: applications, webhook, error placement, limits, token lifetime, scopes."""

from __future__ import annotations

import math
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ..contract import PLACEMENTS, Placement

UrlCheck = Callable[[str, dict[str, str]], bool]
RateLimit = Literal["off", "standard", "enterprise"] | tuple[int, float]
BatchOverflow = Literal["request", "commands"]
# The portal's leaky bucket per plan: (requests before blocking, requests drained per second).
RATE_PLANS: dict[str, tuple[int, float]] = {"standard": (50, 2.0), "enterprise": (250, 5.0)}
SCOPE = "biconnector"


@dataclass(frozen=True)
class Application:
    """An OAuth application installed on the mock portal; objects belong to the one that made them."""

    name: str
    client_id: str
    access_token: str
    client_secret: str
    refresh_token: str


@dataclass(frozen=True)
class MockConfig:
    """Settings of a mock portal; every secret left as None is drawn at random when the portal starts.

    error_placement "nested" answers method errors as the module does, inside result with a time
    block; "root" puts {"error", "error_description"} at the top level, HTTP 200, without time.
    url_check is what source.add and source.update call with the connector's urlCheck and the
    source settings (code -> value as strings); it returns whether the external system answered
    200 with a body. When it is None the mock posts the settings as the module does: a loopback
    URL (localhost, 127.0.0.0/8, ::1) gets a real HTTP POST, and any other host fails the check,
    the reserved connector.invalid too (conformance.engine's bundled_mock answers that one with the
    reference connector app in-process).
    bi_builder models a portal with BI Builder deployed, where dataset.delete ends in HTTP 500.

    Limits (all off by default): rate_limit is the portal's leaky bucket, a plan name or
    (requests before blocking, drained per second), answering 503 QUERY_LIMIT_EXCEEDED; a batch
    counts as one request. operating_limit_s turns on the per-method, per-application operating
    time limit (10 baskets of operating_basket_s seconds), answering 429 OPERATION_TIME_LIMIT;
    each call is charged operating_cost_s, or its measured processing time when that is None.
    token_lifetime_s makes access tokens expire (401 expired_token); /oauth/token/ renews them.
    scopes are what the applications' tokens are issued with; without "biconnector" a
    biconnector method answers insufficient_scope with insufficient_scope_status (401 as the
    module's OAuth code path answers; the docs' table says 403). batch_overflow says where more
    than 50 batch commands end: "request" refuses the whole batch with 400
    ERROR_BATCH_LENGTH_EXCEEDED (the docs' error table), "commands" runs the first 50 and puts the
    error in result_error for each command past them (the batch page). clock is the portal's
    time.time(); tests inject a fake one so nothing sleeps.
    """

    error_placement: Placement = "nested"
    access_token: str | None = None
    second_access_token: str | None = None
    webhook_user: int = 1
    webhook_code: str | None = None
    url_check: UrlCheck | None = None
    bi_builder: bool = False
    rate_limit: RateLimit = "off"
    operating_limit_s: float | None = None
    operating_cost_s: float | None = None
    operating_basket_s: float = 60.0
    token_lifetime_s: float | None = None
    scopes: tuple[str, ...] = (SCOPE,)
    insufficient_scope_status: Literal[401, 403] = 401
    batch_overflow: BatchOverflow = "request"
    clock: Callable[[], float] | None = None

    def __post_init__(self) -> None:
        if self.error_placement not in PLACEMENTS:
            raise ValueError(f"Expected error_placement 'nested' or 'root', got {self.error_placement!r}")
        for name in ("access_token", "second_access_token", "webhook_code"):
            value = getattr(self, name)
            if value is not None and (not value or "/" in value or value != value.strip()):
                raise ValueError(f"Expected {name} to be non-empty, without / or spaces, got {value!r}")
        if self.access_token is not None and self.access_token == self.second_access_token:
            raise ValueError("Expected two different access tokens, got the same one twice")
        user = self.webhook_user
        if isinstance(user, bool) or not isinstance(user, int) or user < 1:
            raise ValueError(f"Expected webhook_user to be a positive integer, got {self.webhook_user!r}")
        bucket(self.rate_limit)
        for name in ("operating_limit_s", "operating_cost_s", "token_lifetime_s"):
            _check_seconds(name, getattr(self, name), optional=True)
        _check_seconds("operating_basket_s", self.operating_basket_s, optional=False)
        if isinstance(self.scopes, str) or not all(isinstance(s, str) and s for s in self.scopes):
            raise ValueError(
                f"Expected scopes as a tuple of names like ('biconnector',), got {self.scopes!r}"
            )
        if self.insufficient_scope_status not in (401, 403):
            got = self.insufficient_scope_status
            raise ValueError(f"Expected insufficient_scope_status 401 or 403, got {got!r}")
        if self.batch_overflow not in ("request", "commands"):
            raise ValueError(f"Expected batch_overflow 'request' or 'commands', got {self.batch_overflow!r}")


def bucket(rate_limit: RateLimit) -> tuple[int, float] | None:
    """The leaky bucket (capacity, drained per second) a rate_limit setting stands for; None when off."""
    if isinstance(rate_limit, str):
        if rate_limit == "off":
            return None
        if rate_limit in RATE_PLANS:
            return RATE_PLANS[rate_limit]
    elif isinstance(rate_limit, tuple) and len(rate_limit) == 2:
        capacity, drain = rate_limit
        good_capacity = isinstance(capacity, int) and not isinstance(capacity, bool) and capacity >= 1
        good_drain = isinstance(drain, int | float) and not isinstance(drain, bool) and drain > 0
        if good_capacity and good_drain and math.isfinite(drain):
            return capacity, float(drain)
    raise ValueError(
        "Expected rate_limit 'off', 'standard', 'enterprise' or (capacity >= 1, drained per second > 0), "
        f"got {rate_limit!r}"
    )


def _check_seconds(name: str, value: object, *, optional: bool) -> None:
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not (0 < value < math.inf):
        raise ValueError(f"Expected {name} to be a positive number of seconds, got {value!r}")


def applications(config: MockConfig) -> tuple[Application, Application]:
    """The primary application and the foreign one, with the configured or fresh tokens."""
    primary = _application("primary", config.access_token or secrets.token_hex(16))
    second = config.second_access_token or secrets.token_hex(16)
    while second == primary.access_token:
        second = secrets.token_hex(16)
    return primary, _application("foreign", second)


def _application(name: str, access_token: str) -> Application:
    # A local application's secret is 50 letters and digits; tokens are 32 hex digits here.
    return Application(name, _client_id(), access_token, secrets.token_hex(25), secrets.token_hex(16))


def webhook_code(config: MockConfig) -> str:
    """The configured webhook code or a fresh one."""
    return config.webhook_code or secrets.token_hex(8)


def _client_id() -> str:
    # The shape of a locally installed Bitrix24 application's client_id.
    return f"local.{secrets.token_hex(7)}.{secrets.randbelow(10**8):08d}"


@dataclass(frozen=True)
class Caller:
    """Who makes a call: an application (OAuth) or nobody's app (a webhook), acting as a user."""

    application: Application | None
    user_id: int

    @property
    def owner(self) -> str:
        """The client_id that objects made by this caller belong to."""
        if self.application is None:
            raise RuntimeError("Expected an application context, got a webhook call")
        return self.application.client_id
