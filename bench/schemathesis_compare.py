"""Cases per second on the same in-process mock: the suite's own generation loop against schemathesis.

Both sides generate N cases for biconnector.connector.get with Hypothesis, send each to one MockPortal
in-process (WSGI, no socket), and check every answer with the same conformance.checks. The suite's loop
draws from the ids() strategy and sends through conformance.client; schemathesis draws positive and
negative bodies from the OpenAPI export and sends through its WSGI transport (conformance.stbridge).

    python bench/schemathesis_compare.py [--cases N] [--seed S]
"""

from __future__ import annotations

import argparse
import time

from hypothesis import HealthCheck, Phase, given, seed, settings

from conformance.checks import CheckContext, run_checks
from conformance.client import Client, Target
from conformance.contract import default_contract
from conformance.engine import Recorder, bundled_mock
from conformance.inputs import IdFacts, ids
from conformance.mock import MockPortal
from conformance.stbridge import UNKNOWN_ID, Bridge

METHOD = "biconnector.connector.get"


def own_loop(portal: MockPortal, token: str, cases: int, run_seed: int) -> tuple[int, float]:
    """The suite's loop: ids() strategy, Client.call, run_checks; returns (requests, seconds)."""
    contract = default_contract()
    method = contract.method(METHOD)
    context = CheckContext(contract, method, "nested")
    sent = 0
    with Client(Target.in_process(portal, token)) as client:
        existing = client.call("biconnector.connector.add", {"fields": _connector()}).response.json["result"][
            "id"
        ]
        facts = IdFacts(existing=existing, unknown=UNKNOWN_ID)

        @seed(run_seed)
        @settings(
            max_examples=cases,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=ids(method, facts=facts))
        def probe(case):
            nonlocal sent
            exchange = client.call(METHOD, case.params, encoding=case.encoding)
            sent += 1
            run_checks(exchange, context)

        started = time.perf_counter()
        probe()
        return sent, time.perf_counter() - started


def schemathesis_loop(portal: MockPortal, token: str, cases: int, run_seed: int) -> tuple[int, float]:
    """schemathesis through the bridge: positive and negative cases, same checks; (requests, seconds)."""
    recorder = Recorder()
    bridge = Bridge(
        default_contract(), Target.in_process(portal, token), recorder, seed=run_seed, examples=cases
    )
    bridge.schema  # noqa: B018 -- build the export and load it before the clock starts
    started = time.perf_counter()
    failures = bridge.fuzz(operations=(METHOD,))
    elapsed = time.perf_counter() - started
    if failures:
        raise SystemExit(f"Expected no failures on the faithful mock, got: {failures}")
    return recorder.requests, elapsed


def _connector() -> dict:
    base = "https://connector.invalid/bench"
    return {
        "title": "bench connector",
        "logo": "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=",
        "urlCheck": f"{base}/check",
        "urlTableList": f"{base}/table_list",
        "urlTableDescription": f"{base}/table_description",
        "urlData": f"{base}/data",
        "settings": [{"code": "token", "name": "Token", "type": "STRING"}],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=300, help="cases per side (default 300)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    portal = bundled_mock()
    token = portal.applications[0].access_token
    own_sent, own_s = own_loop(portal, token, args.cases, args.seed)
    st_sent, st_s = schemathesis_loop(portal, token, args.cases, args.seed)
    own_rate, st_rate = own_sent / own_s, st_sent / st_s
    print(f"method: {METHOD}, in-process mock, {args.cases} cases asked per side, seed {args.seed}")
    print(
        f"own loop (ids + client + run_checks): {own_sent} requests in {own_s:.2f} s = {own_rate:.0f} cases/s"
    )
    print(f"schemathesis (bridge, b24 checks):    {st_sent} requests in {st_s:.2f} s = {st_rate:.0f} cases/s")
    print(f"ratio own/schemathesis: {own_rate / st_rate:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
