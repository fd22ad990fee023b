"""The summary.json document of a run, from the recorder and the run's settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from ._keys import RECORDER, RUN_CONFIG, SESSION

if TYPE_CHECKING:
    from ..engine import RunConfig


def summary_of(config: pytest.Config) -> dict:
    """summary.json as it stands: what the recorder holds, the run's settings and the contract coverage."""
    from ..contract import default_contract
    from ..reports import contract_coverage

    summary = config.stash[RECORDER].summary(**_run_facts(config))
    summary["contract_coverage"] = contract_coverage(summary["coverage"], default_contract())
    return summary


def _run_facts(config: pytest.Config) -> dict:
    run = config.stash[RUN_CONFIG]
    session = config.stash.get(SESSION, None)
    return {
        "target": session.redacted_target() if session is not None else _redacted_target(run.target),
        "auth": session.auth if session is not None else run.auth,
        "error_placement": run.error_placement,
        "seed": run.seed,
        "profile": run.profile.name,
        "budget": run.budget,
        "rate_limit": run.pacing,
        # how the pacing went: the pacer's own line at the end of the run (None when unpaced)
        "pacing": _pacing(session),
        "read_only": run.read_only,
        "batch": run.batch,
        # whether --webhook (B24_WEBHOOK) gave the run a webhook beside its token; never the URL itself
        "webhook": run.webhook is not None,
        "mock_faults": list(run.mock_faults),
        **_served_mock(run),
    }


def _pacing(session) -> str | None:
    pacer = getattr(getattr(session, "client", None), "pacer", None)
    return pacer.describe() if pacer is not None else None


def _served_mock(run: RunConfig) -> dict:
    """For a run against the bundled mock: its error placement and the command that serves the same mock,
    at the address its reproduce lines name."""
    if not run.is_mock:
        return {"serve_mock": None}
    from ..engine import MockSetup

    setup = MockSetup.of_run(run)
    return {"mock_error_placement": setup.error_placement, "serve_mock": setup.command()}


def _redacted_target(target: str) -> str:
    if target == "mock":
        return target
    from ..client import shown_target

    return shown_target(target)
