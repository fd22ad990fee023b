"""Schemathesis over the same contract: its generation, the suite's checks, findings in the suite's format.

Importing this package registers a b24_* schemathesis check for each of the suite's check functions,
and keeps registering them as checks are registered (conformance.findings.CHECKS).
"""

from ._bridge import UNKNOWN_ID, Bridge, BudgetSpent, Created
from ._checks import Scope, bridged_checks, schemathesis_name, scope
from ._config import BUILTIN_CHECKS, MODES, BuiltinCheck, builtin_checks_config, make_config
from ._convert import failures_of, to_findings
from ._exchange import method_name, to_exchange
from ._stateful import state_machine

__all__ = [
    "BUILTIN_CHECKS",
    "MODES",
    "UNKNOWN_ID",
    "Bridge",
    "BudgetSpent",
    "BuiltinCheck",
    "Created",
    "Scope",
    "bridged_checks",
    "builtin_checks_config",
    "failures_of",
    "make_config",
    "method_name",
    "schemathesis_name",
    "scope",
    "state_machine",
    "to_exchange",
    "to_findings",
]
