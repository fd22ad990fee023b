"""A large urlData answer read the way connector-check reads it: rows per second and peak RSS.

Serves a generated table of --rows rows over loopback HTTP (streamed, never whole in the server either)
and reads it in a child process per mode, so that each peak RSS is its own:
  stream  connector-check's reader: the body parsed as it arrives, rows counted and typed, few kept
  whole   the naive way, for comparison: the whole body, then json.loads
Usage: python bench/connector_stream.py [--rows 200000]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

COLUMNS = [
    {"code": "id", "name": "ID", "type": "int"},
    {"code": "title", "name": "Title", "type": "string"},
    {"code": "at", "name": "At", "type": "datetime"},
    {"code": "amount", "name": "Amount", "type": "money"},
    {"code": "score", "name": "Score", "type": "double"},
]


def table_app(rows: int):
    """A WSGI app answering a header row, then rows generated one at a time."""

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "application/json")])

        def body():
            yield b'[["id","title","at","amount","score"]'
            batch = []
            for n in range(rows):
                row = [
                    9_007_199_254_740_993 + n,
                    f"Заказ №{n}",
                    f"2026-01-{1 + n % 28:02d} 10:{n % 60:02d}:00",
                    round(n * 1.25, 2),
                    None if n % 9 == 0 else n / 7,
                ]
                batch.append(b"," + json.dumps(row, ensure_ascii=False).encode())
                if len(batch) == 1000:
                    yield b"".join(batch)
                    batch = []
            yield b"".join(batch) + b"]"

        return body()

    return app


def measure(mode: str, url: str) -> dict:
    """Read the answer once in this process; the figures of this mode."""
    import httpx

    from conformance.connectorcheck import Budget, Call, DataRequest
    from conformance.connectorcheck._caller import Caller

    started = time.perf_counter()
    if mode == "stream":
        call = Call("urlData", "bench", url, {"table": "t"}, data=DataRequest("t", COLUMNS))
        with Caller(Budget(connect_s=10, body_s=600), keep_rows=1000) as caller:
            caller.post(call, {"token": "t"}, {"token": "***"})
        assert call.answer is not None and call.answer.problem is None, call.answer
        rows, size, bad = (
            call.answer.row_count,
            call.size,
            sum(p.count for p in call.answer.bad_cells.values()),
        )
    else:
        answer = httpx.post(url, data={"table": "t"}, timeout=600)
        table = json.loads(answer.content)
        rows, size, bad = len(table) - 1, len(answer.content), 0
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "mode": mode,
        "rows": rows,
        "mb": round(size / 2**20, 1),
        "seconds": round(seconds, 2),
        "rows_per_s": round(rows / seconds),
        "peak_rss_mb": round(peak_mb, 1),
        "bad_cells": bad,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--child", nargs=2, metavar=("MODE", "URL"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(*args.child)))
        return 0
    from conformance.serving import serve

    with serve(table_app(args.rows), "127.0.0.1", 0) as running:
        for mode in ("stream", "whole"):
            child = subprocess.run(
                [sys.executable, __file__, "--child", mode, f"{running.url}/data"],
                capture_output=True,
                text=True,
                check=True,
            )
            figures = json.loads(child.stdout)
            print(
                f"{figures['mode']:6}  {figures['rows']} rows, {figures['mb']} MB in {figures['seconds']} s: "
                f"{figures['rows_per_s']} rows/s, peak RSS {figures['peak_rss_mb']} MB"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
