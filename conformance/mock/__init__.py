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
from ._script import BEHAVIOURS, Rule, Script, start_ids_at
from ._server import serve_forever
from ._traffic import TOKEN_METHOD, RecordedRequest, TrafficRecorder
from ._urlcheck import IN_PROCESS_HOST, UrlChecker

__all__ = [
    "BEHAVIOURS",
    "IN_PROCESS_HOST",
    "TOKEN_METHOD",
    "Application",
    "MockConfig",
    "MockPortal",
    "RecordedRequest",
    "Rule",
    "RunningServer",
    "Script",
    "TrafficRecorder",
    "UrlCheck",
    "UrlChecker",
    "serve",
    "serve_forever",
    "start_ids_at",
]
