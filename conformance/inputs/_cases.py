"""What the suite knows about a target's ids, and one generated id input."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

# PHP's (int) turns anything at or above this into a wrapped or saturated value, so facts stay below it.
LONG_MAX = 2**63 - 1


class _Missing(enum.Enum):
    MISSING = "MISSING"

    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing.MISSING  # the value of an id that is not sent at all


@dataclass(frozen=True)
class IdFacts:
    """What the suite knows about the target's ids."""

    existing: int  # an object of the caller's application (made by the suite)
    unknown: int  # a positive id that no object has
    foreign: int | None = None  # another application's object; None when no second application is available

    def __post_init__(self) -> None:
        named = {"existing": self.existing, "unknown": self.unknown}
        if self.foreign is not None:
            named["foreign"] = self.foreign
        for name, value in named.items():
            if type(value) is not int or not 1 <= value < LONG_MAX:
                raise ValueError(f"Expected IdFacts.{name} to be an int in [1, 2^63-1), got {value!r}")
        if len(set(named.values())) != len(named):
            raise ValueError(f"Expected distinct ids in IdFacts, got {named}")


@dataclass(frozen=True)
class IdCase:
    """One id input: its class, the body encoding, and the params to send."""

    input_class: str
    encoding: str
    params: dict = field(hash=False)  # {name: value}, or {} for id.missing

    @property
    def value(self) -> Any:
        """The id value, or MISSING when the params hold none."""
        if not self.params:
            return MISSING
        (value,) = self.params.values()
        return value
