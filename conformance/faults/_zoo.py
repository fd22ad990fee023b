"""The fault zoo: every named fault, wrapping an app in some of them, and the one-line listing."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from ..mock import MockPortal
from ._batch_faults import BATCH_FAULTS
from ._code_faults import CODE_FAULTS
from ._envelope_faults import ENVELOPE_FAULTS
from ._fault import Fault
from ._object_faults import OBJECT_FAULTS
from ._wsgi import WSGIApp

FAULTS: dict[str, Fault] = {
    fault.name: fault for fault in (*ENVELOPE_FAULTS, *CODE_FAULTS, *OBJECT_FAULTS, *BATCH_FAULTS)
}


def with_faults(app: WSGIApp, names: Iterable[str], *, portal: MockPortal | None = None) -> WSGIApp:
    """app wrapped in the named faults, the first name outermost; portal defaults to app if it is one."""
    chosen = [fault(name) for name in names]
    if portal is None and isinstance(app, MockPortal):
        portal = app
    for chosen_fault in reversed(chosen):
        app = chosen_fault.apply(app, portal)
    return app


def fault(name: str) -> Fault:
    """The fault of that name, or a ValueError naming the close matches."""
    try:
        return FAULTS[name]
    except KeyError:
        pass
    close = difflib.get_close_matches(name, FAULTS, n=3, cutoff=0.5)
    hint = f"; perhaps you meant {', '.join(close)}" if close else ""
    raise ValueError(
        f"Expected a fault name (b24-conformance mock --list-faults lists them), got {name!r}{hint}"
    )


def list_faults() -> str:
    """One fault a line: its name, then what it breaks."""
    width = max(len(name) for name in FAULTS)
    return "\n".join(f"{name.ljust(width)}  {fault.breaks}" for name, fault in FAULTS.items())
