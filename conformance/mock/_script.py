"""Scripted portal behaviours for client scenarios: an HTML error page, a lost answer, a slow answer."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from ._portal import MockPortal
from ._request import read_call
from ._traffic import SCRIPTED_KEY, rewound

Behaviour = Literal["html-502", "html-503", "lost-answer", "slow-answer", "expire-tokens"]
BEHAVIOURS: tuple[Behaviour, ...] = ("html-502", "html-503", "lost-answer", "slow-answer", "expire-tokens")

_HTML = """<!DOCTYPE html>
<html><head><title>{status}</title></head>
<body><h1>{status}</h1><p>The server is temporarily unable to answer. nginx</p></body></html>
"""
_STATUS_LINES = {502: "502 Bad Gateway", 503: "503 Service Temporarily Unavailable"}


@dataclass
class Rule:
    """Do behaviour to the nth request (1-based) of method; nth None: to every one of them.

    html-502/html-503 answer an nginx error page instead of the portal; lost-answer lets the portal
    act, then sends the headers and only part of the body and closes the connection (as a reset
    after the portal acted looks to a client); slow-answer lets the portal act and holds its answer
    for delay_s seconds; expire-tokens expires every access token before the portal reads the request.
    """

    method: str
    behaviour: Behaviour
    nth: int | None = 1
    delay_s: float = 0.0
    seen: int = 0

    def __post_init__(self) -> None:
        if self.behaviour not in BEHAVIOURS:
            raise ValueError(f"Expected a behaviour among {BEHAVIOURS}, got {self.behaviour!r}")


@dataclass
class Script:
    """Wraps a portal and applies its rules; stop() ends every slow answer still being held."""

    portal: MockPortal
    rules: list[Rule] = field(default_factory=list)
    _stopped: threading.Event = field(default_factory=threading.Event, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, method: str, behaviour: Behaviour, *, nth: int | None = 1, delay_s: float = 0.0) -> Rule:
        """Add a rule (see Rule) and return it."""
        rule = Rule(method, behaviour, nth, delay_s)
        self.rules.append(rule)
        return rule

    def stop(self) -> None:
        """Release every held answer at once (before the server stops)."""
        self._stopped.set()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        """The WSGI entry point."""
        rule = self._matching(environ)
        if rule is None:
            return self.portal(environ, start_response)
        environ[SCRIPTED_KEY] = rule.behaviour
        return _APPLY[rule.behaviour](self, rule, environ, start_response)

    def _matching(self, environ: dict[str, Any]) -> Rule | None:
        call = read_call(rewound(environ))
        if call is None:
            return None
        with self._lock:
            chosen = None
            for rule in self.rules:
                if rule.method == call.method:
                    rule.seen += 1
                    if chosen is None and (rule.nth is None or rule.seen == rule.nth):
                        chosen = rule
            return chosen


def _html(status: int) -> Callable[..., Iterable[bytes]]:
    def apply(script: Script, rule: Rule, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        body = _HTML.format(status=_STATUS_LINES[status]).encode()
        start_response(
            _STATUS_LINES[status], [("Content-Type", "text/html"), ("Content-Length", str(len(body)))]
        )
        return [body]

    return apply


def _lost(script: Script, rule: Rule, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    captured: dict[str, Any] = {}

    def keep(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        captured["status"], captured["headers"] = status, headers

    body = b"".join(script.portal(environ, keep))
    # The promised length is the whole answer; half of it is sent, then the server closes the
    # connection for writing too few bytes.
    headers = [(k, v) for k, v in captured["headers"] if k.lower() != "content-length"]
    start_response(captured["status"], [*headers, ("Content-Length", str(len(body)))])
    return [body[: len(body) // 2]]


def _slow(script: Script, rule: Rule, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    body = list(script.portal(environ, start_response))
    script._stopped.wait(rule.delay_s)
    return body


def _expire(script: Script, rule: Rule, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    script.portal.expire_tokens()
    return script.portal(environ, start_response)


_APPLY: dict[str, Callable[..., Iterable[bytes]]] = {
    "html-502": _html(502),
    "html-503": _html(503),
    "lost-answer": _lost,
    "slow-answer": _slow,
    "expire-tokens": _expire,
}


def start_ids_at(portal: MockPortal, entity: str, first_id: int) -> None:
    """Make the portal's next object of entity get first_id (ids beyond 2**31 for a client's test)."""
    store = portal._store  # the mock's own store; scenarios are the only callers
    with store.locked():
        store._next[entity] = first_id
