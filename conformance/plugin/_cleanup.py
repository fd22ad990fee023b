"""The end of a run's objects: the keeper's cleanup, and what the recorder is told when it falls short."""

from __future__ import annotations

import pytest

from ._keys import RECORDER, RUN_CONFIG, SESSION, SIGNALS
from ._signals import CleanupCutShort


def cleanup(config: pytest.Config) -> None:
    """Have the keeper delete what the run made; what it could not, and why, goes to the recorder."""
    session = config.stash.get(SESSION, None)
    if session is None:
        return
    guard = config.stash.get(SIGNALS, None)
    try:
        if guard is None:
            problems = session.cleanup()
        else:
            with guard.cleaning():
                problems = session.cleanup()
    except (CleanupCutShort, KeyboardInterrupt):
        config.stash[RECORDER].incomplete(
            "cleanup_cut_short",
            "a second stop signal cut the cleanup short; "
            f"`b24-conformance cleanup --ledger {_ledger_path(config)}` deletes what is left",
        )
        return
    finally:
        session.close()
    if problems and session.sender.lost is not None:
        # Not the suite going wrong: the target is gone, and what it still holds waits in the ledger.
        config.stash[RECORDER].incomplete(
            "cleanup_left",
            f"the target stopped answering, so the cleanup left {_left(session, problems)};"
            f" `b24-conformance cleanup --ledger {_ledger_path(config)}` deletes them once it answers again",
        )
    elif problems:
        config.stash[RECORDER].fail_run(
            "cleanup", "Could not delete objects this run made: " + "; ".join(problems), 2
        )


def _ledger_path(config: pytest.Config) -> object:
    report_dir = config.stash[RUN_CONFIG].report_dir
    return report_dir / "ledger.jsonl" if report_dir is not None else "the run's ledger.jsonl"


def _left(session, problems: list[str]) -> str:
    """What the ledger still names (without a ledger: what the cleanup could not delete), in words."""
    ledger = session.keeper.ledger
    if ledger is None:
        return f"{len(problems)} objects the run made"
    outstanding = ledger.outstanding()
    unsure = sum(1 for entry in outstanding if entry.id is None)
    maybe = f" and {unsure} adds whose answer never came" if unsure else ""
    return f"{len(outstanding) - unsure} objects the run made{maybe}"
