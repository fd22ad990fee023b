"""The client: talks to a target (the mock in-process, a webhook URL, an OAuth base) and redacts secrets."""

from ._client import Client
from ._query import http_build_query
from ._redact import redact
from ._target import Target, TargetError
from ._transport import TransportError

__all__ = ["Client", "Target", "TargetError", "TransportError", "http_build_query", "redact"]
