"""How a mock portal is set up: its two OAuth applications, its webhook, its error placement."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Placement = Literal["nested", "root"]
PLACEMENTS: tuple[Placement, ...] = ("nested", "root")
UrlCheck = Callable[[str, dict[str, str]], bool]


@dataclass(frozen=True)
class Application:
    """An OAuth application installed on the mock portal; objects belong to the one that made them."""

    name: str
    client_id: str
    access_token: str


@dataclass(frozen=True)
class MockConfig:
    """Settings of a mock portal; every secret left as None is drawn at random when the portal starts.

    error_placement "nested" answers method errors as the module does, inside result with a time
    block; "root" puts {"error", "error_description"} at the top level, HTTP 200, without time.
    url_check is what source.add and source.update call with the connector's urlCheck and the
    source settings (code -> value as strings); it returns whether the external system answered
    200 with a body. When it is None the mock posts the settings as the module does: a urlCheck on
    the host connector.invalid reaches the bundled ConnectorApp in-process, a loopback URL
    (localhost, 127.0.0.0/8, ::1) gets a real HTTP POST, and any other host fails the check.
    bi_builder models a portal with BI Builder deployed, where dataset.delete ends in HTTP 500.
    """

    error_placement: Placement = "nested"
    access_token: str | None = None
    second_access_token: str | None = None
    webhook_user: int = 1
    webhook_code: str | None = None
    url_check: UrlCheck | None = None
    bi_builder: bool = False

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


def applications(config: MockConfig) -> tuple[Application, Application]:
    """The primary application and the foreign one, with the configured or fresh tokens."""
    primary = Application("primary", _client_id(), config.access_token or secrets.token_hex(16))
    second = config.second_access_token or secrets.token_hex(16)
    while second == primary.access_token:
        second = secrets.token_hex(16)
    return primary, Application("foreign", _client_id(), second)


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
