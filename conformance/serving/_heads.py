"""A deadline for each request head: a client that sends its headers a byte at a time is closed.

waitress drops a connection only after it has been idle for channel_timeout; a client that sends one
header byte a second is never idle and keeps its connection for as long as it likes. Enough of them
fill the connection limit and nobody else gets in. Here each request's parser notes when its first
byte came, and the server's periodic maintenance closes a connection whose head is not complete by
the deadline.
"""

from __future__ import annotations

import time
from typing import Any

from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser


class _TimedParser(HTTPRequestParser):
    """waitress' request parser, noting when the request's first bytes came."""

    def __init__(self, adj: Any) -> None:
        super().__init__(adj)
        self.began = time.time()  # waitress' own clock for channel activity


class _TimedChannel(HTTPChannel):
    """waitress' channel with parsers that know their age."""

    parser_class = _TimedParser


def bound_request_heads(server: Any, deadline_s: float) -> None:
    """Make server (a waitress server, not yet running) close connections whose request head is not
    complete deadline_s after its first byte; checked at each maintenance (every cleanup_interval)."""
    server.channel_class = _TimedChannel
    idle_maintenance = server.maintenance

    def maintenance(now: float) -> None:
        idle_maintenance(now)
        cutoff = now - deadline_s
        for channel in list(server.active_channels.values()):
            request = getattr(channel, "request", None)
            if isinstance(request, _TimedParser) and not request.headers_finished and request.began < cutoff:
                channel.will_close = True  # closed by the event loop, as waitress closes an idle one

    server.maintenance = maintenance
