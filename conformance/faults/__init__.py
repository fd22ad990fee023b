"""The fault zoo: named ways a portal, proxy or mock breaks the contract, as WSGI middleware.

Each fault wraps a MockPortal (or any WSGI app) and rewrites requests, answers or both, so the
mock itself stays faithful. The zoo proves the suite: every fault should end a run nonconformant
with a finding of the fault's expected check.
"""

from ._envelope_faults import SLOW_DEFAULT_S, SLOW_ENV, slow_seconds
from ._fault import Fault
from ._wsgi import WSGIApp
from ._zoo import FAULTS, fault, list_faults, with_faults

__all__ = [
    "FAULTS",
    "SLOW_DEFAULT_S",
    "SLOW_ENV",
    "Fault",
    "WSGIApp",
    "fault",
    "list_faults",
    "slow_seconds",
    "with_faults",
]
