"""The mock portal: a WSGI app that answers every BIconnector method (connector, source, table, dataset).

It reads the contract and calls the bundled connector app, never the oracle or the checks: the
mock and the oracle are two independent readings of the module's behaviour, so a mistake in one
shows up against the other.
"""

from ._config import Application, MockConfig
from ._portal import MockPortal
from ._server import RunningServer, serve, serve_forever

__all__ = [
    "Application",
    "MockConfig",
    "MockPortal",
    "RunningServer",
    "serve",
    "serve_forever",
]
