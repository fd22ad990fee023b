"""Serving any WSGI app over real HTTP with waitress: in a background thread, or in the foreground.

The mock portal and the reference connector app both run through it; it imports nothing else of
ours, so neither of them has to import the other to be served.
"""

from ._foreground import serve_or_explain, serve_until_signalled
from ._loopback import is_loopback_host
from ._running import RunningServer, WsgiApp, serve

__all__ = [
    "RunningServer",
    "WsgiApp",
    "is_loopback_host",
    "serve",
    "serve_or_explain",
    "serve_until_signalled",
]
