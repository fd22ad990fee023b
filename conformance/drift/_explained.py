"""Known, reasoned differences between the docs and the schemas (explained.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._compare import Drift

KINDS = (
    "method-missing-in-schemas",
    "method-not-in-docs",
    "error-code-missing-in-schemas",
    "error-code-not-in-docs",
    "description-differs",
    "field-missing-in-schemas",
    "field-not-in-docs",
)
ANY_METHOD = "*"
_KEYS = ("method", "kind", "name", "reason")


@dataclass(frozen=True)
class Explanation:
    """Why one difference (or one difference in every method, with method "*") is expected."""

    method: str
    kind: str
    name: str
    reason: str

    def covers(self, drift: Drift) -> bool:
        """Whether this explanation is about drift."""
        return (
            self.method in (ANY_METHOD, drift.method) and self.kind == drift.kind and self.name == drift.name
        )


@dataclass(frozen=True)
class Explained:
    """The explanations of an explained.json file, first match wins."""

    entries: tuple[Explanation, ...] = ()

    def reason_for(self, drift: Drift) -> str | None:
        """The reason listed for drift, or None when nothing explains it."""
        return next((e.reason for e in self.entries if e.covers(drift)), None)

    def unused(self, drifts: list[Drift]) -> list[Explanation]:
        """Explanations that no longer match any difference: stale knowledge to remove."""
        return [e for e in self.entries if not any(e.covers(d) for d in drifts)]


def load_explained(path: Path | None = None) -> Explained:
    """Read explained.json (default: the one packaged with conformance.drift)."""
    if path is None:
        text = resources.files(__package__).joinpath("explained.json").read_text(encoding="utf-8")
        where = "the packaged explained.json"
    else:
        text = Path(path).read_text(encoding="utf-8")
        where = str(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"Expected JSON in {where}, got a syntax error: {exc}") from exc
    if not isinstance(data, list):
        raise ValueError(f"Expected a list of explanations in {where}, got {type(data).__name__}")
    return Explained(tuple(_entry(item, index, where) for index, item in enumerate(data)))


def _entry(item: object, index: int, where: str) -> Explanation:
    if not isinstance(item, dict) or set(item) != set(_KEYS):
        got = sorted(item) if isinstance(item, dict) else type(item).__name__
        raise ValueError(
            f"Expected entry {index} of {where} to have exactly the keys {list(_KEYS)}, got {got}"
        )
    empty = [key for key in _KEYS if not isinstance(item[key], str) or not item[key].strip()]
    if empty:
        raise ValueError(f"Expected non-empty strings in entry {index} of {where}, got none for {empty}")
    if item["kind"] not in KINDS:
        raise ValueError(f"Expected a kind among {KINDS} in entry {index} of {where}, got {item['kind']!r}")
    return Explanation(**{key: item[key] for key in _KEYS})
