"""Soak the mock over HTTP with generated hostile requests; print what it answered and its peak RSS.

    python bench/mock_soak.py --requests 20000 --workers 8 --seed 1

Prints requests sent, answers with status 5xx, non-JSON answers under /rest/, hangs (no answer within
--timeout), and the peak RSS of this process (the mock runs in it) against its RSS after start-up.
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from conformance.mock import MockConfig, MockPortal, serve

_SOAK = Path(__file__).resolve().parents[1] / "tests" / "mock" / "_soak.py"
_BATCH = 50


def _soak_module():
    # The strategies live beside the short soak test, so the bench and the test send the same kind.
    spec = importlib.util.spec_from_file_location("mock_soak_requests", _SOAK)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    """Run the soak; 0 when no answer was a 5xx, non-JSON or missing, else 1."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=10.0)
    args = parser.parse_args(argv)
    soak_module = _soak_module()
    portal = MockPortal(MockConfig(access_token="soak-1", second_access_token="soak-2", webhook_code="hook"))
    tally = soak_module.Tally()
    with serve(portal) as running:
        baseline = _peak_rss_mib()

        @seed(args.seed)
        @settings(
            max_examples=max(1, args.requests // _BATCH),
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(batch=st.lists(soak_module.probes("soak-1"), min_size=_BATCH, max_size=_BATCH))
        def run(batch):
            soak_module.soak(
                running.host, running.port, batch, workers=args.workers, timeout_s=args.timeout, tally=tally
            )

        run()
    peak = _peak_rss_mib()
    print(f"requests sent:         {tally.sent}")
    print(f"5xx answers:           {tally.server_errors}")
    print(f"non-JSON under /rest/: {tally.not_json}")
    print(f"hangs (> {args.timeout:g} s):       {tally.hangs}")
    print(f"peak RSS:              {peak:.0f} MiB ({peak / baseline:.2f}x the RSS after start-up)")
    print(f"objects left:          {portal!r}")
    for example in tally.examples:
        print(f"  {example}")
    return 0 if (tally.server_errors, tally.not_json, tally.hangs) == (0, 0, 0) else 1


if __name__ == "__main__":
    sys.exit(main())
