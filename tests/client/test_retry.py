"""Retries: 503 and 429 answers and transient faults are sent again with backoff, within a time bound."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from conformance.client import Client, Pacer, RetryPolicy, Target, TransportError

TOKEN = "oauth-token-0123456789abcdef"
OK = (200, {"result": {"item": {"id": 1}}, "time": {"start": 1.0, "finish": 1.1}})
QUERY_LIMIT = (503, {"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"})
OVERLOAD = (503, {"error": "OVERLOAD_LIMIT", "error_description": "REST API is blocked due to overload."})
BLOCKED = "Method is blocked due to operation time limit."
OPERATION = (429, {"error": "OPERATION_TIME_LIMIT", "error_description": BLOCKED})


def _policy(clock, **options) -> RetryPolicy:
    return RetryPolicy(clock=clock, sleep=clock.sleep, now=clock.wall, **options)


def _call(app, policy, method="biconnector.connector.get", pacer=None):
    with Client(Target.in_process(app, TOKEN), retry=policy, pacer=pacer) as client:
        return client.call(method, {"id": 1})


@pytest.mark.parametrize("refusal", [QUERY_LIMIT, OVERLOAD, (503, b"<html>Service Unavailable</html>")])
def test_a_503_then_success_returns_the_success_with_the_tries_counted(scripted, clock, refusal):
    app = scripted([refusal, refusal, OK])
    exchange = _call(app, _policy(clock))
    assert exchange.response.status == 200 and exchange.attempts == 3
    assert len(app.seen) == 3
    # Backoff doubles from 1 s, each wait cut by up to half by the jitter.
    first, second = clock.sleeps
    assert 0.5 <= first <= 1.0 and 1.0 <= second <= 2.0


def test_the_jitter_is_seeded_so_a_run_repeats_exactly(scripted, make_clock):
    waits = []
    for seed in (7, 7, 8):
        clock = make_clock()
        _call(scripted([QUERY_LIMIT] * 4 + [OK]), _policy(clock, seed=seed))
        waits.append(clock.sleeps)
    assert waits[0] == waits[1] != waits[2]
    assert len(waits[0]) == 4


def test_no_jitter_gives_plain_doubling_up_to_the_cap(scripted, clock):
    _call(scripted([QUERY_LIMIT] * 6 + [OK]), _policy(clock, jitter=0, max_delay_s=5, max_attempts=10))
    assert clock.sleeps == [1, 2, 4, 5, 5, 5]


def test_when_the_tries_run_out_the_last_answer_is_returned(scripted, clock):
    app = scripted([QUERY_LIMIT])
    exchange = _call(app, _policy(clock, max_attempts=4))
    assert exchange.response.status == 503 and exchange.attempts == 4 == len(app.seen)
    assert exchange.response.json["error"] == "QUERY_LIMIT_EXCEEDED"


def test_the_total_time_is_bounded(scripted, clock):
    app = scripted([OVERLOAD])
    exchange = _call(app, _policy(clock, max_attempts=100, max_total_s=20, jitter=0))
    assert clock.sleeps == [1, 2, 4, 8], "the next wait (16 s) would end past 20 s"
    assert clock() <= 20 and exchange.attempts == 5


def test_query_limit_fills_the_pacer_so_the_next_send_waits_for_the_drain(scripted, clock):
    pacer = Pacer(50, 2.0, clock=clock, sleep=clock.sleep)
    _call(scripted([QUERY_LIMIT, OK]), _policy(clock, jitter=0, base_delay_s=0.2), pacer=pacer)
    # The 503 fills the pacer's bucket and halves its rate to 1/s: 0.2 s of backoff drains 0.2 of
    # it, so the pacer waits the rest of a slot (and, the bucket being shared, up to half a slot more).
    assert clock.sleeps[0] == pytest.approx(0.2)
    assert 0.8 - 1e-9 <= clock.sleeps[1] <= 1.3
    assert pacer.limited == 1
    assert pacer.acquired == 2


def test_operation_time_limit_waits_until_the_reset_the_portal_announced(scripted, clock):
    reset_at = clock.wall() + 30
    times = {"start": 1.0, "operating_reset_at": reset_at, "operating": 9.5}
    announced = (200, {"result": [], "time": times})
    app = scripted([announced, OPERATION, OK])
    with Client(Target.in_process(app, TOKEN), retry=_policy(clock)) as client:
        client.call("biconnector.source.list")
        exchange = client.call("biconnector.source.list")
    assert exchange.response.status == 200 and exchange.attempts == 2
    assert clock.sleeps == [pytest.approx(31.0)], "the reset time plus a second's margin"


def test_a_reset_in_the_429_itself_wins(scripted, clock):
    blocked = (429, {**OPERATION[1], "time": {"operating_reset_at": clock.wall() + 12}})
    exchange = _call(scripted([blocked, OK]), _policy(clock))
    assert exchange.attempts == 2 and clock.sleeps == [pytest.approx(13.0)]


def test_a_reset_past_the_time_bound_returns_the_429_at_once(scripted, clock):
    blocked = (429, {**OPERATION[1], "time": {"operating_reset_at": clock.wall() + 600}})
    exchange = _call(scripted([blocked, OK]), _policy(clock, max_total_s=120))
    assert exchange.response.status == 429 and exchange.attempts == 1 and clock.sleeps == []


def test_a_429_without_a_known_reset_backs_off(scripted, clock):
    exchange = _call(scripted([OPERATION, OK]), _policy(clock, jitter=0))
    assert exchange.attempts == 2 and clock.sleeps == [1]


@pytest.mark.parametrize(
    "answer",
    [
        OK,
        (200, {"result": {"error": {"error": "CONNECTOR_NOT_FOUND", "error_description": "x"}}, "time": {}}),
        (500, {"error": "ERROR_CORE", "error_description": "SQL query error!"}),
        (401, {"error": "expired_token", "error_description": "The access token provided has expired"}),
        (502, b"<html>Bad Gateway</html>"),
    ],
)
def test_other_answers_are_not_retried(scripted, clock, answer):
    app = scripted([answer, OK])
    exchange = _call(app, _policy(clock))
    assert exchange.attempts == 1 and len(app.seen) == 1 and clock.sleeps == []


def test_without_a_policy_a_503_is_returned_as_it_came(scripted):
    app = scripted([QUERY_LIMIT, OK])
    with Client(Target.in_process(app, TOKEN)) as client:
        exchange = client.call("biconnector.connector.get", {"id": 1})
    assert exchange.response.status == 503 and exchange.attempts == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"max_attempts": 0}, "Expected max_attempts of at least 1, got 0"),
        ({"jitter": 1.5}, "Expected jitter between 0 and 1, got 1.5"),
        ({"max_total_s": -1}, "Expected non-negative times, got max_total_s=-1"),
    ],
)
def test_a_policy_that_cannot_work_is_refused(options, message):
    with pytest.raises(ValueError, match=message):
        RetryPolicy(**options)


# Transport faults over real loopback sockets.


@pytest.fixture
def flaky_port() -> Iterator[tuple[int, list[int]]]:
    """A loopback server closing its first two connections unanswered, then answering 200; and a count."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.05)  # accept() wakes up often enough to see the fixture stop it
    stop = threading.Event()
    served = [0]
    body = b'{"result":true,"time":{"start":1}}'
    reply = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
    reply += str(len(body)).encode() + b"\r\n\r\n" + body

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                conn.recv(65536)
                served[0] += 1
                if served[0] > 2:
                    conn.sendall(reply)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1], served
    stop.set()
    thread.join(timeout=6)
    listener.close()


def _webhook(port: int) -> Target:
    return Target.parse(f"http://127.0.0.1:{port}/rest/1/wh7k2p9x4m1q8z3c/")


@pytest.mark.http
def test_a_reset_read_is_sent_again(flaky_port, clock):
    port, served = flaky_port
    with Client(_webhook(port), timeout=3, retry=_policy(clock)) as client:
        exchange = client.call("biconnector.connector.list")
    assert exchange.response.json == {"result": True, "time": {"start": 1}}
    assert exchange.attempts == 3 == served[0]


@pytest.mark.http
def test_a_reset_write_is_not_sent_again_as_it_may_have_happened(flaky_port, clock):
    port, served = flaky_port
    with (
        Client(_webhook(port), timeout=3, retry=_policy(clock)) as client,
        pytest.raises(TransportError) as caught,
    ):
        client.call("biconnector.connector.delete", {"id": 1})
    assert caught.value.kind == "reset" and caught.value.attempts == 1 == served[0]


@pytest.mark.http
def test_writes_are_sent_again_when_the_policy_says_so(flaky_port, clock):
    port, served = flaky_port
    with Client(_webhook(port), timeout=3, retry=_policy(clock, retry_unsafe=True)) as client:
        exchange = client.call("biconnector.connector.add", {"fields": {"title": "x"}})
    assert exchange.attempts == 3 == served[0]


@pytest.mark.http
def test_a_timeout_counts_its_tries_when_they_run_out(silent_port, clock):
    with (
        Client(_webhook(silent_port), timeout=0.1, retry=_policy(clock, max_attempts=2)) as client,
        pytest.raises(TransportError) as caught,
    ):
        client.call("biconnector.source.get", {"id": 1})
    assert caught.value.kind == "timeout" and caught.value.attempts == 2
    assert len(clock.sleeps) == 1


@pytest.mark.http
def test_a_refused_connection_is_not_retried(refused_port, clock):
    with (
        Client(_webhook(refused_port), retry=_policy(clock)) as client,
        pytest.raises(TransportError) as caught,
    ):
        client.call("biconnector.source.get", {"id": 1})
    assert caught.value.kind == "refused" and caught.value.attempts == 1 and clock.sleeps == []
