"""The bundled mock, and MockSetup: the in-process mock of a run, and the command that serves the same one."""

from __future__ import annotations

import dataclasses
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..connector_app import ConnectorApp
from ..contract import PLACEMENTS, Placement
from ..mock import MockConfig, MockPortal, UrlChecker

if TYPE_CHECKING:
    from ._runconfig import RunConfig

# Where `b24-conformance mock --port 8000` listens: in-process requests carry this address, so that the
# reproduce lines of a run against the bundled mock can be pasted once the same mock is served there.
SERVED_PORT = 8000
_COMMAND = "b24-conformance mock"


def bundled_mock(config: MockConfig | None = None) -> MockPortal:
    """A MockPortal with config whose default urlCheck answers connector.invalid with a ConnectorApp.

    A url_check given in config is kept as it is; otherwise the portal's urlCheck posts to a fresh
    ConnectorApp in-process for connector.invalid, and to loopback or nowhere as the mock's own does.
    """
    config = MockConfig() if config is None else config
    if config.url_check is None:
        config = dataclasses.replace(config, url_check=UrlChecker(ConnectorApp()))
    return MockPortal(config)


@dataclass(frozen=True)
class MockSetup:
    """What makes a run's in-process mock (the seed of its credentials, planted faults, error placement)
    and the `b24-conformance mock` command that serves the same mock on port."""

    seed: int | None = None
    faults: tuple[str, ...] = ()
    error_placement: Placement = "nested"
    port: int = SERVED_PORT

    def __post_init__(self) -> None:
        # Through MockConfig, so that a bad seed or placement reads the same here as there.
        MockConfig(error_placement=self.error_placement, seed=self.seed)

    @property
    def base_url(self) -> str:
        """The REST base of the served mock, the one in-process requests are addressed to."""
        return f"http://127.0.0.1:{self.port}/rest/"

    def build(self) -> tuple[MockPortal, Any]:
        """The portal and the WSGI app to call: the portal itself, or wrapped in the faults.

        Raises ValueError naming an unknown fault.
        """
        portal = bundled_mock(MockConfig(error_placement=self.error_placement, seed=self.seed))
        if not self.faults:
            return portal, portal
        from ..faults import with_faults

        return portal, with_faults(portal, self.faults, portal=portal)

    def command(self) -> str:
        """The shell command that serves this mock over HTTP: b24-conformance mock --port 8000 --seed N."""
        words = [*_COMMAND.split(), "--port", str(self.port)]
        if self.seed is not None:
            words += ["--seed", str(self.seed)]
        if self.error_placement != "nested":
            words += ["--error-placement", self.error_placement]
        for name in self.faults:
            words += ["--fault", name]
        return shlex.join(words)

    @classmethod
    def of_run(cls, config: RunConfig) -> MockSetup:
        """The mock a run against target mock uses: seeded with the run's seed, so that
        `b24-conformance mock --seed SEED` serves one with the same credentials."""
        return cls(config.seed, config.mock_faults, config.mock_error_placement)

    @classmethod
    def from_summary(cls, summary: Mapping[str, Any]) -> MockSetup:
        """The mock an in-process run's summary.json was made against; ValueError when it names none."""
        if summary.get("target") != "mock":
            raise ValueError(
                f"Expected the summary of a run against the bundled mock (target mock), got target "
                f"{summary.get('target')!r}"
            )
        seed, faults = summary.get("seed"), summary.get("mock_faults") or []
        placement = summary.get("mock_error_placement") or "nested"
        if not isinstance(faults, list) or not all(isinstance(name, str) for name in faults):
            raise ValueError(f"Expected mock_faults as a list of fault names, got {faults!r}")
        if placement not in PLACEMENTS:
            raise ValueError(f"Expected mock_error_placement 'nested' or 'root', got {placement!r}")
        return cls(seed, tuple(faults), placement)
