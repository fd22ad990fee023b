"""Reading urlData as it streams: any chunking reads the same; memory follows the row, not the answer."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.connectorcheck import DataReader
from conformance.connectorcheck._stream import ArrayStream, StreamError

cells = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=6)
arrays = st.lists(
    st.lists(cells, max_size=4) | cells | st.dictionaries(st.text(max_size=3), cells), max_size=6
)


@settings(max_examples=80, deadline=None)
@given(arrays, st.integers(1, 7), st.sampled_from([None, 1, 2]))
def test_any_chunking_reads_what_json_loads_reads(value, size, indent):
    body = json.dumps(value, indent=indent, ensure_ascii=False).encode("utf-8")
    stream, read = ArrayStream(), []
    for start in range(0, len(body), size):
        read += stream.feed(body[start : start + size])
    read += stream.feed(b"", final=True)
    assert read == value


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "got an empty body"),
        (b'{"rows": []}', "got a JSON object"),
        (b"<html><body>502</body></html>", "got HTML or XML"),
        (b"[[1], [2]", "got the end of the body"),
        (b"[[1] [2]]", "Expected ',' or ']' after element 1"),
        (b"[[1]] trailing", "Expected nothing after the array's ']'"),
        (b'[["\xff"]]', "Expected UTF-8"),
        (b"[" + b"[" * 100_000 + b"]" * 100_000 + b"]", "nested to a sane depth"),
    ],
)
def test_what_is_not_one_array_says_so(body, message):
    with pytest.raises(StreamError, match=message.replace("[", r"\[").replace("]", r"\]")):
        ArrayStream().feed(body, final=True)


def test_an_element_past_the_bound_is_refused_not_buffered():
    stream = ArrayStream(max_element_chars=1000)
    stream.feed(b'[["')
    with pytest.raises(StreamError, match="elements under 1000 characters"):
        for _ in range(20):
            stream.feed(b"x" * 100)


def test_the_reader_folds_rows_and_keeps_only_as_many_as_asked():
    reader = DataReader({"id": "int", "at": "datetime"}, keep_rows=3)
    rows = [[n, "2026-01-05 09:30:00" if n % 2 else "soon"] for n in range(10)] + [[10]]
    body = json.dumps([["id", "at"], *rows]).encode()
    for start in range(0, len(body), 5):
        reader.feed(body[start : start + 5])
    reader.feed(b"", final=True)
    answer = reader.answer
    assert answer.header == ["id", "at"] and answer.row_count == 11 and answer.rows is None
    assert (answer.uneven, answer.first_uneven) == (1, (11, 1))
    assert answer.bad_cells["at"].count == 5 and answer.bad_cells["at"].first == "soon"
    assert answer.table is None and answer.problem is None


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"[]", "got an empty array"),
        (b'[{"id": 1}]', "got an object at item 1"),
        (b'[["id"], 5]', "a scalar"),
    ],
)
def test_the_reader_names_an_answer_that_is_not_rows(body, problem):
    reader = DataReader({"id": "int"})
    reader.feed(body, final=True)
    assert problem in (reader.answer.problem or "")


def endless(first: bytes, then: bytes):
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "application/json")])

        def body():
            yield first
            while True:
                yield then

        return body()

    return app


@pytest.mark.parametrize(
    ("first", "then", "expected"),
    [
        (b'[["id"],["', b"x" * 65536, "Expected elements under"),  # one endless cell: refused
        (b'[["id"]', b",[1]" * 4096, "cut off at the time budget"),  # endless rows: stopped by the budget
    ],
)
def test_an_endless_urldata_body_ends_with_a_problem_in_bounded_time(first, then, expected):
    import time

    import httpx

    from conformance.connectorcheck import Budget, Call, DataRequest
    from conformance.connectorcheck._caller import Caller

    call = Call(
        "urlData", "endless", "http://connector.test/data", {}, data=DataRequest("t", [{"code": "id"}])
    )
    started = time.monotonic()
    with Caller(
        Budget(connect_s=5, body_s=0.5), transport=httpx.WSGITransport(app=endless(first, then))
    ) as c:
        c.post(call, {}, {})
    assert time.monotonic() - started < 5
    assert call.answer is not None and expected in (call.answer.problem or "")
    assert len(call.body) < 200_000  # only the start of the body is kept


def test_a_cookie_the_connector_sets_is_never_sent_back():
    """A call with bad settings must not pass on a session that a call with good ones opened."""
    import httpx

    from conformance.connectorcheck import Call
    from conformance.connectorcheck._caller import Caller

    seen = []

    def opens_a_session(environ, start_response):
        seen.append(environ.get("HTTP_COOKIE"))
        start_response("200 OK", [("Content-Type", "application/json"), ("Set-Cookie", "session=1; Path=/")])
        return [b"{}"]

    with Caller(transport=httpx.WSGITransport(app=opens_a_session)) as caller:
        for settings in ({"token": "good"}, {"token": "x"}):
            caller.post(Call("urlCheck", "check", "http://connector.test/check", {}), settings, settings)
    assert seen == [None, None]
