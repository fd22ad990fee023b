"""Serving any WSGI app: on 127.0.0.1 in a thread, closed by close(), in the foreground until a signal."""

from __future__ import annotations

import io
import resource
import signal
import socket
import threading
import time

import httpx
import pytest

import conformance.serving as serving_module
from conformance.serving import RunningServer, serve, serve_or_explain, serve_until_signalled

pytestmark = pytest.mark.http


def hello(environ, start_response):
    """A WSGI app that is neither the mock nor the connector app."""
    body = f"{environ['REQUEST_METHOD']} {environ['PATH_INFO']}".encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]


def test_public_api_is_what_all_names():
    public = {name for name in dir(serving_module) if not name.startswith(("_", "@"))}
    assert public == set(serving_module.__all__)


def test_serve_answers_for_any_wsgi_app_on_loopback_until_closed():
    running = serve(hello)
    try:
        assert running.host == "127.0.0.1" and running.port > 0
        assert running.url == f"http://127.0.0.1:{running.port}"
        answer = httpx.get(f"{running.url}/anything", timeout=5)
        assert (answer.status_code, answer.text) == (200, "GET /anything")
    finally:
        running.close()
    running.close()
    assert repr(running) == f"RunningServer({running.url!r}, closed=True)"
    with pytest.raises(OSError):
        socket.create_connection((running.host, running.port), timeout=1).close()
    # The port is free again: it can be listened on at once.
    with socket.socket() as again:
        again.bind((running.host, running.port))
        again.listen()


def test_a_running_server_is_a_context_manager():
    with serve(hello) as running:
        assert isinstance(running, RunningServer)
        assert httpx.post(f"{running.url}/x", timeout=5).text == "POST /x"
    assert "closed=True" in repr(running)


def test_serve_refuses_a_port_in_use_and_serve_or_explain_says_why(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(OSError):
            serve(hello, "127.0.0.1", port)
        assert serve_or_explain(hello, "127.0.0.1", port, "demo") is None
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"b24-conformance demo: cannot listen on 127.0.0.1:{port}: ")
    assert len(captured.err.splitlines()) == 1


class _SignalOnFlush(io.StringIO):
    """Output that sends SIGTERM to this process once the lines are flushed, i.e. once serving."""

    def flush(self) -> None:
        super().flush()
        signal.raise_signal(signal.SIGTERM)


def test_serve_until_signalled_prints_serves_and_stops_on_a_signal():
    before = signal.getsignal(signal.SIGTERM)
    running = serve(hello)
    try:
        out = _SignalOnFlush()
        assert serve_until_signalled(running, ["first", "second"], out) == 0
    finally:
        running.close()
    assert out.getvalue() == "first\nsecond\n"
    assert "closed=True" in repr(running)
    assert signal.getsignal(signal.SIGTERM) is before


def _half_sent_requests(running: RunningServer, count: int) -> list[socket.socket]:
    opened = []
    for _ in range(count):
        client = socket.create_connection((running.host, running.port), timeout=5)
        client.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # the headers never end
        opened.append(client)
    return opened


def test_idle_connections_with_unfinished_headers_leave_room_for_a_normal_request():
    with serve(hello) as running:
        idle = _half_sent_requests(running, 150)
        try:
            answer = httpx.get(f"{running.url}/still-here", timeout=5)
            assert (answer.status_code, answer.text) == (200, "GET /still-here")
        finally:
            for client in idle:
                client.close()


def test_a_connection_that_stops_sending_is_closed_after_the_idle_timeout():
    with serve(hello, idle_timeout_s=1.0) as running:
        (client,) = _half_sent_requests(running, 1)
        with client:
            client.settimeout(10)  # a bound for the test; the server closes far sooner
            try:
                closed = client.recv(1024) == b""
            except ConnectionResetError:  # what waitress sends when it drops unread request bytes
                closed = True
            assert closed
        answer = httpx.get(f"{running.url}/after", timeout=5)
        assert answer.status_code == 200


class _Dribblers:
    """Connections that send a request head one byte at a time, each byte after `every` seconds."""

    def __init__(self, running: RunningServer, count: int, every: float) -> None:
        self.head = b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 10_000  # never ends in time
        self.sockets = [
            socket.create_connection((running.host, running.port), timeout=5) for _ in range(count)
        ]
        self.every = every
        self.dropped: set[int] = set()  # the ones the server closed
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._drip, daemon=True)
        self._thread.start()

    def _drip(self) -> None:
        sent = 0
        while not self._stop.wait(self.every):
            for number, client in enumerate(self.sockets):
                if number not in self.dropped:
                    try:
                        client.send(self.head[sent : sent + 1])
                    except OSError:  # reset or broken pipe: the server has closed it
                        self.dropped.add(number)
            sent += 1

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        for client in self.sockets:
            client.close()


def _answered_within(running: RunningServer, seconds: float) -> bool:
    answer = httpx.get(f"{running.url}/still-here", timeout=seconds)
    return (answer.status_code, answer.text) == (200, "GET /still-here")


def test_dribbling_clients_leave_room_for_a_normal_request_and_are_closed_at_the_head_deadline():
    # never idle long enough for the idle timeout: only the head deadline closes them
    with serve(hello, idle_timeout_s=30.0, head_deadline_s=1.0) as running:
        dribblers = _Dribblers(running, 150, every=0.2)
        try:
            assert _answered_within(running, 2.0)
            deadline = time.monotonic() + 10  # a bound for the test; the server closes them in ~2 s
            while len(dribblers.dropped) < 150 and time.monotonic() < deadline:
                time.sleep(0.1)
            assert len(dribblers.dropped) == 150
            assert _answered_within(running, 2.0)
        finally:
            dribblers.close()


def test_more_connections_than_select_can_watch_neither_stop_the_server_nor_keep_others_out():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    needed = 2 * 1100 + 200  # both ends of every connection live in this process
    if soft < needed:
        if hard != resource.RLIM_INFINITY and hard < needed:
            pytest.skip(f"needs {needed} open files, the limit is {hard}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))
    try:
        # past the connection limit (1000) and descriptor 1024: select() would end waitress' loop
        with serve(hello, idle_timeout_s=30.0, head_deadline_s=1.0) as running:
            held = _half_sent_requests(running, 1100)
            try:
                # the 1001st and later wait to be accepted until the head deadline frees room
                assert _answered_within(running, 10.0)
            finally:
                for client in held:
                    client.close()
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
