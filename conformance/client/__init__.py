"""The client: talks to a target (mock in-process, webhook URL, OAuth base), paces, retries, redacts."""

from ._batch import batch_params, command, fits_in_batch
from ._client import Client
from ._masked_answer import masked_response
from ._oauth import DEFAULT_OAUTH_SERVER, OAuthError, OAuthRefresh
from ._pacer import PLANS, Pacer
from ._query import http_build_query
from ._redact import MASK, redact, redact_command, redact_headers
from ._retry import RetryPolicy
from ._target import Target, TargetError, shown_target
from ._transport import TransportError

__all__ = [
    "DEFAULT_OAUTH_SERVER",
    "MASK",
    "PLANS",
    "Client",
    "OAuthError",
    "OAuthRefresh",
    "Pacer",
    "RetryPolicy",
    "Target",
    "TargetError",
    "TransportError",
    "batch_params",
    "command",
    "fits_in_batch",
    "http_build_query",
    "masked_response",
    "redact",
    "redact_command",
    "redact_headers",
    "shown_target",
]
