"""Schemathesis over the same contract: its generation, the suite's checks, findings in the suite's format.

Importing this package registers the b24_* checks with schemathesis.
"""

from ._bridge import UNKNOWN_ID, Bridge, BudgetSpent, Created
from ._checks import (
    B24_CHECKS,
    Scope,
    b24_envelope,
    b24_error_code,
    b24_error_placement,
    b24_http_status,
    b24_result_schema,
    b24_time,
    scope,
)
from ._config import BUILTIN_CHECKS, MODES, BuiltinCheck, builtin_checks_config, make_config
from ._convert import failures_of, to_findings
from ._exchange import method_name, to_exchange
from ._stateful import state_machine

__all__ = [
    "B24_CHECKS",
    "BUILTIN_CHECKS",
    "MODES",
    "UNKNOWN_ID",
    "Bridge",
    "BudgetSpent",
    "BuiltinCheck",
    "Created",
    "Scope",
    "b24_envelope",
    "b24_error_code",
    "b24_error_placement",
    "b24_http_status",
    "b24_result_schema",
    "b24_time",
    "builtin_checks_config",
    "failures_of",
    "make_config",
    "method_name",
    "scope",
    "state_machine",
    "to_exchange",
    "to_findings",
]
