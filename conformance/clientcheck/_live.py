"""LivePortal: the mock on a free loopback port for a client team's own tests, recording its traffic."""

from __future__ import annotations

import dataclasses
import secrets
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from ..mock import MockConfig, MockPortal, RecordedRequest, Script, TrafficRecorder, serve
from ._catalog_data import contract_breaks
from ._protocol import PortalAccess
from ._scenario import CLIENT_TIMEOUT_S, SCENARIOS, Scenario, Setting, seeded

_DEFAULTS = MockConfig()


def scenario_config(name: str, base: MockConfig) -> MockConfig:
    """base with the limits of the client-check scenario name (what its config sets apart from defaults)."""
    wanted = _chosen(name).config()
    changes = {
        f.name: getattr(wanted, f.name)
        for f in dataclasses.fields(MockConfig)
        if getattr(wanted, f.name) != getattr(_DEFAULTS, f.name)
    }
    return dataclasses.replace(base, **changes)


def set_up(name: str, setting: Setting, **options: Any) -> Any:
    """Run the setup of scenario name on setting (objects, scripted behaviours); what it returns.

    ValueError for an unknown name or option.
    """
    chosen = _chosen(name)
    try:
        return chosen.setup(setting, **options)
    except TypeError as error:
        raise ValueError(f"Expected options the scenario {name} takes, got {error}") from None


@dataclass
class ScriptedPortal:
    """A portal behind its Script: what a scenario's setup acts on outside a Stage (the served mock)."""

    portal: MockPortal
    script: Script

    def seed(self, method: str, params: dict[str, Any]) -> Any:
        """Call the portal in-process, unrecorded, as the primary application: the result, or raise."""
        return seeded(self.portal, method, params)


def _chosen(name: str) -> Scenario:
    chosen = SCENARIOS.get(name)
    if chosen is None:
        raise ValueError(f"Expected a scenario name among {', '.join(SCENARIOS)}, got {name!r}")
    return chosen


class ContractBroken(AssertionError):
    """Requests the client sent broke the contract; the message lists them."""


class LivePortal:
    """A served mock: url (ends in /rest/), token, access (PortalAccess), requests (recorded), script.

    script.add(method, behaviour, nth=..., delay_s=...) plants a scenario behaviour (html-502,
    html-503, lost-answer, slow-answer, expire-tokens); scenario(name) puts the mock into a
    client-check scenario's state; portal is the MockPortal for setup.
    """

    def __init__(self, config: MockConfig | None = None) -> None:
        config = config or MockConfig()
        if config.seed is None:
            # Fixed per LivePortal so that scenario() can start a portal with the same credentials.
            config = dataclasses.replace(config, seed=secrets.randbits(62))
        self._config = config
        self.portal = MockPortal(config)
        self.script = Script(self.portal)
        self.recorder = TrafficRecorder(self.script)
        self._server = serve(self.recorder)
        primary = self.portal.applications[0]
        self.url = f"{self._server.url}/rest/"
        self.token = primary.access_token
        self.access = PortalAccess(
            rest_url=self.url,
            access_token=primary.access_token,
            refresh_token=primary.refresh_token,
            client_id=primary.client_id,
            client_secret=primary.client_secret,
            oauth_url=f"{self._server.url}/oauth/token/",
            timeout_s=CLIENT_TIMEOUT_S,
        )

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far, in order."""
        return list(self.recorder.requests)

    def scenario(self, name: str, **options: Any) -> Any:
        """Put the mock into the state of the client-check scenario name; what its setup returns.

        A fresh portal behind the same URL and credentials takes over, with the scenario's limits
        (query-limit: a bucket of 3 draining 2/s; operating-limit: 0.5 s of work a second) and its
        setup: list-all makes `objects` connectors (120) and returns their ids; big-ids starts ids
        at `first_id` (2^31 + 5); expired-token, lost-answer, slow-answer and html-error-page plant
        their behaviour on the `nth` call of `method` (slow-answer: held `delay_s`). Objects made
        and tokens renewed before are gone; the recorded traffic stays. ValueError for an unknown
        name or option.
        """
        portal = MockPortal(scenario_config(name, self._config))
        script = Script(portal)
        self.script.stop()
        self.portal, self.script = portal, script
        self.recorder.app = script
        return set_up(name, self, **options)

    def seed(self, method: str, params: dict[str, Any]) -> Any:
        """Call the portal in-process, unrecorded, as the primary application: the result, or raise."""
        return seeded(self.portal, method, params)

    def assert_contract(self) -> None:
        """Raise ContractBroken listing every recorded request that broke the contract."""
        broken = contract_breaks(self.requests)
        if broken:
            lines = [f"{what}\n    {request.brief()}" for request, what in broken]
            raise ContractBroken(f"{len(broken)} requests broke the contract:\n" + "\n".join(lines))

    def close(self) -> None:
        """Release held answers and stop the server."""
        self.script.stop()
        self._server.close()

    def __enter__(self) -> LivePortal:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
