"""The connector checks: each declared once with @connector_check, and the findings they raise."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from conformance.findings import CheckInfo, Finding, Severity

if TYPE_CHECKING:
    from ._recording import Recording

ConnectorCheck = Callable[["Recording"], list["ConnectorFinding"]]


@dataclass(frozen=True)
class ConnectorCheckInfo:
    """One connector check: its name, description and severities (as CheckInfo), and the URL it judges."""

    info: CheckInfo
    endpoint: str  # urlCheck | urlTableList | urlTableDescription | urlData | any


# Kept apart from findings.CHECKS: these judge a connector service, not the portal's REST answers, and
# the portal suite's registry holds every one of its checks to tests under tests/checks.
CONNECTOR_CHECKS: dict[str, ConnectorCheckInfo] = {}
ENDPOINTS = ("urlCheck", "urlTableList", "urlTableDescription", "urlData")


def connector_check(
    *, endpoint: str, severities: tuple[Severity, ...] = ("fail",)
) -> Callable[[ConnectorCheck], ConnectorCheck]:
    """Register function as the connector check its name names (data_limit: "data-limit")."""
    if endpoint not in (*ENDPOINTS, "any"):
        raise ValueError(f"Expected endpoint among {ENDPOINTS} or 'any', got {endpoint!r}")

    def register(function: ConnectorCheck) -> ConnectorCheck:
        name = function.__name__.replace("_", "-")
        doc = inspect.getdoc(function)
        if not doc:
            raise ValueError(f"Expected a docstring on connector check {function.__qualname__}, got none")
        existing = CONNECTOR_CHECKS.get(name)
        if (
            existing is not None
            and existing.info.function is not None
            and (existing.info.function.__qualname__ != function.__qualname__)
        ):
            raise ValueError(f"Expected a connector check name not registered yet, got {name!r}")
        info = CheckInfo(name, doc.splitlines()[0], tuple(severities), function, batch_command=False)
        CONNECTOR_CHECKS[name] = ConnectorCheckInfo(info, endpoint)
        return function

    return register


@dataclass(frozen=True)
class ConnectorFinding(Finding):
    """A Finding about a connector service: method is the URL setting, input_class the check's case."""

    def __post_init__(self) -> None:
        if self.check not in CONNECTOR_CHECKS:
            raise ValueError(f"Expected check to be one of {', '.join(CONNECTOR_CHECKS)}, got {self.check!r}")
        if self.severity not in CONNECTOR_CHECKS[self.check].info.severities:
            raise ValueError(
                f"Expected severity among {CONNECTOR_CHECKS[self.check].info.severities} for "
                f"{self.check}, got {self.severity!r}"
            )
