"""The run engine: settings, one session against a target, and the tally of what it sent and found.

A session wires three parts to one target: the Sender (every request, within the budget, checked and
recorded), the ObjectKeeper (what the run made, the ledger, one cleanup path) and the Probes on top.
"""

from ..ledger import TITLE_PREFIX
from ._batch_probes import BatchCommand, BatchProbes, FixedCase, PackedAnswer
from ._keeper import Created, ObjectKeeper, SetupFailed
from ._listed import listed_ids, listed_items
from ._mock import MockSetup, bundled_mock
from ._probes import Probes
from ._recorder import MethodCoverage, Recorder, RunError
from ._runconfig import OPTION, OPTIONS, PROFILES, RATE_LIMITS, ConfigError, Option, Profile, RunConfig
from ._sender import BudgetSpent, Sender
from ._session import UNKNOWN_ID, ConformanceSession, Objects, Unreachable

__all__ = [
    "OPTION",
    "OPTIONS",
    "PROFILES",
    "RATE_LIMITS",
    "TITLE_PREFIX",
    "UNKNOWN_ID",
    "BatchCommand",
    "BatchProbes",
    "BudgetSpent",
    "ConfigError",
    "ConformanceSession",
    "Created",
    "FixedCase",
    "MethodCoverage",
    "MockSetup",
    "ObjectKeeper",
    "Objects",
    "Option",
    "PackedAnswer",
    "Probes",
    "Profile",
    "Recorder",
    "RunConfig",
    "RunError",
    "Sender",
    "SetupFailed",
    "Unreachable",
    "bundled_mock",
    "listed_ids",
    "listed_items",
]
