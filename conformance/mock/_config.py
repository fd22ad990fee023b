"""How a mock portal is set up: applications, webhook, error placement, limits, token lifetime, scopes."""

from __future__ import annotations

import math
import random
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
    """Settings of a mock portal; every secret left as None is drawn when the portal starts.

    The drawn secrets (both applications' access and refresh tokens, client ids and secrets, the
    member id, the webhook code) come from the operating system's randomness, or, when seed is set,
    from a stream derived from it: two portals with one seed have the same credentials, so a mock
    served over HTTP answers the requests an in-process run with that seed made. Guessable secrets
    are only acceptable for a local mock. Tokens issued later (renewal, issue_token) stay random.

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
    seed: int | None = None

    def __post_init__(self) -> None:
        seed = self.seed
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
            raise ValueError(f"Expected seed to be None or a whole number >= 0, got {seed!r}")
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


class Draws:
    """Where a portal's generated secrets come from: fresh randomness, or a stream fixed by a seed."""

    def __init__(self, seed: int | None, purpose: str) -> None:
        # A string seed is hashed with SHA-512 (not hash()), so every process draws the same stream.
        self._random = secrets.SystemRandom() if seed is None else random.Random(f"b24-mock/{seed}/{purpose}")

    def token_hex(self, nbytes: int) -> str:
        """nbytes random bytes as 2 * nbytes hex digits, like secrets.token_hex."""
        return self._random.getrandbits(8 * nbytes).to_bytes(nbytes, "big").hex()

    def randbelow(self, n: int) -> int:
        """A whole number in [0, n)."""
        return self._random.randrange(n)


def draws(config: MockConfig, purpose: str) -> Draws:
    """The draws of config's portal for one purpose; each purpose has its own stream."""
    return Draws(config.seed, purpose)


def applications(config: MockConfig) -> tuple[Application, Application]:
    """The primary application and the foreign one, with the configured or drawn tokens."""
    draw = draws(config, "applications")
    # Drawn even when configured, so that fixing one secret leaves the others as the seed makes them.
    drawn = draw.token_hex(16), draw.token_hex(16)
    primary = _application("primary", config.access_token or drawn[0], draw)
    second = config.second_access_token or drawn[1]
    while second == primary.access_token:
        second = draw.token_hex(16)
    return primary, _application("foreign", second, draw)


def _application(name: str, access_token: str, draw: Draws) -> Application:
    # A local application's secret is 50 letters and digits; tokens are 32 hex digits here.
    return Application(name, _client_id(draw), access_token, draw.token_hex(25), draw.token_hex(16))


def webhook_code(config: MockConfig) -> str:
    """The configured webhook code or a drawn one."""
    return config.webhook_code or draws(config, "webhook").token_hex(8)


def member_id(config: MockConfig) -> str:
    """The portal's member id (32 hex digits), drawn."""
    return draws(config, "member").token_hex(16)


def _client_id(draw: Draws) -> str:
    # The shape of a locally installed Bitrix24 application's client_id.
    return f"local.{draw.token_hex(7)}.{draw.randbelow(10**8):08d}"


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
