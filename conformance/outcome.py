"""What a request should produce: success, or a named error code."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Semantics = Literal["module", "documented"]


@dataclass(frozen=True)
class Outcome:
    """One expected outcome: success, or an error with its code (and, where known, its exact text)."""

    code: str | None = None  # None means success
    # The exact error_description when the oracle knows it; None means any text documented for the code.
    # Outcomes compare by code alone, so verdicts stay about codes; describes() checks the text.
    description: str | None = field(default=None, compare=False)

    @property
    def is_success(self) -> bool:
        """Whether the outcome is a success."""
        return self.code is None

    def describes(self, text: str) -> bool:
        """Whether text is this outcome's error_description (any text when none is fixed)."""
        return self.description is None or text == self.description

    def __str__(self) -> str:
        return "success" if self.code is None else self.code


SUCCESS = Outcome()


@dataclass(frozen=True)
class Expectation:
    """The outcome under the documented rule and under what the real module does."""

    documented: Outcome
    module: Outcome

    @property
    def may_succeed(self) -> bool:
        """Whether the call may succeed under either semantics (and so make or change an object)."""
        return self.documented.is_success or self.module.is_success

    @property
    def diverges(self) -> bool:
        """Whether the two semantics disagree for this input."""
        return self.documented != self.module

    def verdict(self, observed: Outcome) -> Literal["pass", "warn", "fail"]:
        """pass when observed is documented; warn when it is the module's divergent outcome."""
        if observed == self.documented:
            return "pass"
        if observed == self.module:
            return "warn"
        return "fail"
