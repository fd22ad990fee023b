"""The mock portal: a WSGI app that answers every BIconnector method (connector, source, table, dataset).

Besides the methods it answers batch and its own OAuth token endpoint (/oauth/token/), and, when
MockConfig asks for them, emulates a portal's request-rate bucket, operating-time limit, access-token
expiry and scopes, on an injectable clock.

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
