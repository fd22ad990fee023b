"""The checks about sequences of calls: the suite's lifecycle and list tests raise their findings."""

from __future__ import annotations

from ._registry import declare

declare(
    "lifecycle",
    "A sequence of calls behaves as the module's: writes are read back, deletes delete, lists page, "
    "filter and select as documented.",
)
declare("isolation", "An application sees only its own objects, never another application's.")
