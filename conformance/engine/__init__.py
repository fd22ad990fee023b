"""The run engine: settings, one session against a target, and the tally of what it sent and found."""

from ..ledger import TITLE_PREFIX
from ._recorder import MethodCoverage, Recorder, RunError
from ._runconfig import OPTION, OPTIONS, PROFILES, RATE_LIMITS, ConfigError, Option, Profile, RunConfig
from ._session import (
    LOGO,
    UNKNOWN_ID,
    BudgetSpent,
    ConformanceSession,
    Created,
    Objects,
    SetupFailed,
    Unreachable,
    listed_ids,
    listed_items,
)

__all__ = [
    "LOGO",
    "OPTION",
    "OPTIONS",
    "PROFILES",
    "RATE_LIMITS",
    "TITLE_PREFIX",
    "UNKNOWN_ID",
    "BudgetSpent",
    "ConfigError",
    "ConformanceSession",
    "Created",
    "MethodCoverage",
    "Objects",
    "Option",
    "Profile",
    "Recorder",
    "RunConfig",
    "RunError",
    "SetupFailed",
    "Unreachable",
    "listed_ids",
    "listed_items",
]
