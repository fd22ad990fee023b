"""The mock portal: a WSGI app that answers every BIconnector method (connector, source, table, dataset).

Besides the methods it answers batch and its own OAuth token endpoint (/oauth/token/), and, when
MockConfig asks for them, emulates a portal's request-rate bucket, operating-time limit, access-token
expiry and scopes, on an injectable clock.

It reads the contract, never the oracle or the checks: the mock and the oracle are two independent
readings of the module's behaviour, so a mistake in one shows up against the other. It is given
its urlCheck handler (MockConfig.url_check) rather than knowing any connector app itself.
"""

from ..serving import RunningServer, serve
from ._config import Application, MockConfig, UrlCheck
from ._portal import MockPortal
from ._server import serve_forever
from ._urlcheck import IN_PROCESS_HOST, UrlChecker

__all__ = [
    "IN_PROCESS_HOST",
    "Application",
    "MockConfig",
    "MockPortal",
    "RunningServer",
    "UrlCheck",
    "UrlChecker",
    "serve",
    "serve_forever",
]
