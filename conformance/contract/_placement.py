"""Error placement: where a target puts a method's error, a word every part of the project uses."""

from __future__ import annotations

from typing import Literal

# nested: {"result": {"error": ...}, "time": ...} with HTTP 200, as the module answers;
# root: {"error": ..., "error_description": ...} at the top level, as the seed documents show.
Placement = Literal["nested", "root"]
PLACEMENTS: tuple[Placement, ...] = ("nested", "root")
