"""Hostile HTTP requests for the mock's soak: Hypothesis strategies, a sender and a tally of answers.

Shared by tests/mock/test_soak.py (a few hundred requests) and bench/mock_soak.py (the long run).
"""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import quote

from hypothesis import strategies as st

VERBS = ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")
METHODS = (
    "biconnector.connector.add",
    "biconnector.connector.list",
    "biconnector.connector.get",
    "biconnector.connector.update",
    "biconnector.connector.delete",
    "biconnector.source.add",
    "biconnector.source.list",
    "biconnector.table.add",
    "biconnector.dataset.list",
    "biconnector.table.fields",
    "batch",
    "no.such.method",
)
# Texts the mock once failed on, beside whatever Hypothesis draws.
NASTY = ("\ud800", "a\nb", "\x00", "\u2028", "x" * 600, "$result[a][id]", "%41", "[", "]", "é")
CONTENT_TYPES = (
    "application/json",
    "application/x-www-form-urlencoded",
    "text/plain",
    "",
    "multipart/form-data",
)


@dataclass(frozen=True)
class Probe:
    """One raw request: verb, path with query, headers and body bytes."""

    verb: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes


@dataclass
class Tally:
    """What the mock answered: counts of requests, 5xx, non-JSON under /rest/, and hangs."""

    sent: int = 0
    server_errors: int = 0
    not_json: int = 0
    hangs: int = 0
    examples: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, probe: Probe, status: int | None, content_type: str, body: bytes) -> None:
        """Count one answer (status None: no answer within the timeout)."""
        with self._lock:
            self.sent += 1
            problem = None
            if status is None:
                self.hangs += 1
                problem = "no answer"
            elif status >= 500:
                self.server_errors += 1
                problem = f"status {status}"
            elif probe.verb != "HEAD" and not _is_json(content_type, body):
                self.not_json += 1
                problem = f"not JSON ({content_type})"
            if problem and len(self.examples) < 5:
                self.examples.append(f"{problem}: {probe.verb} {probe.path[:120]!r} {probe.body[:120]!r}")


def _is_json(content_type: str, body: bytes) -> bool:
    if not content_type.startswith("application/json"):
        return False
    try:
        json.loads(body)
    except ValueError:
        return False
    return True


def _texts() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(NASTY), st.text(max_size=12), st.sampled_from(("TOKEN", "1", "title")))


def _values() -> st.SearchStrategy[object]:
    scalars = st.one_of(_texts(), st.integers(), st.floats(allow_nan=False), st.booleans(), st.none())
    return st.recursive(
        scalars,
        lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_texts(), inner, max_size=4)),
        max_leaves=12,
    )


def _form(pairs: list[tuple[str, str]]) -> str:
    return "&".join(
        f"{quote(name, safe='[]', errors='surrogatepass')}={quote(value, safe='', errors='surrogatepass')}"
        for name, value in pairs
    )


def _form_names() -> st.SearchStrategy[str]:
    base = st.sampled_from(("auth", "id", "fields", "select", "filter", "order", "cmd", "halt"))
    index = st.one_of(st.just("[]"), _texts().map(lambda text: f"[{text}]"))
    return st.builds(lambda name, indexes: name + "".join(indexes), base, st.lists(index, max_size=3))


@st.composite
def probes(draw: st.DrawFn, token: str) -> Probe:
    """A request to the mock: any verb, a method or a stray path, a query, a body in some encoding.

    Shrinks towards a GET of the first method with an empty query and body.
    """
    verb = draw(st.sampled_from(VERBS))
    method = draw(
        st.one_of(
            st.sampled_from(METHODS), _texts().map(lambda text: quote(text, safe="", errors="surrogatepass"))
        )
    )
    prefix = draw(st.sampled_from(("/rest/", "/rest/1/hook/", "/", "/oauth/token/", "/rest/x/")))
    pairs = draw(st.lists(st.tuples(_form_names(), _texts()), max_size=6))
    if draw(st.booleans()):
        pairs.append(("auth", token))
    query = _form(pairs)
    kind = draw(st.sampled_from(CONTENT_TYPES))
    if kind == "application/json":
        document = draw(st.dictionaries(_texts(), _values(), max_size=5))
        if draw(st.booleans()):
            document["auth"] = token
        # ensure_ascii keeps lone surrogates as \ud800 escapes, as a hostile client would send them.
        body = json.dumps(document).encode()
    elif kind == "application/x-www-form-urlencoded":
        body = _form(draw(st.lists(st.tuples(_form_names(), _texts()), max_size=8))).encode()
    else:
        body = draw(st.binary(max_size=64))
    headers = [("Content-Type", kind)] if kind else []
    if draw(st.booleans()):
        headers.append(("Authorization", f"Bearer {draw(st.sampled_from((token, 'nope', '')))}"))
    path = prefix + (method if prefix.startswith("/rest") else "") + (f"?{query}" if query else "")
    return Probe(verb, path, tuple(headers), body)


def send(host: str, port: int, probe: Probe, tally: Tally, timeout_s: float) -> None:
    """Send probe on a fresh connection and count its answer (a hang when none comes within timeout_s)."""
    connection = http.client.HTTPConnection(host, port, timeout=timeout_s)
    try:
        connection.putrequest(probe.verb, probe.path, skip_accept_encoding=True)
        for name, value in probe.headers:
            connection.putheader(name, value)
        connection.putheader("Content-Length", str(len(probe.body)))
        connection.endheaders(probe.body)
        response = connection.getresponse()
        body = response.read()
        tally.add(probe, response.status, response.getheader("Content-Type", ""), body)
    except TimeoutError:
        tally.add(probe, None, "", b"")
    finally:
        connection.close()


def soak(
    host: str, port: int, batch: Iterable[Probe], *, workers: int, timeout_s: float, tally: Tally
) -> None:
    """Send every probe of batch from workers concurrent clients."""
    with ThreadPoolExecutor(workers) as pool:
        for future in [pool.submit(send, host, port, probe, tally, timeout_s) for probe in batch]:
            future.result()
