"""Error codes as the contract knows them: module codes and framework codes."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ErrorCode:
    """A module error code and the error_description the docs fix for it."""

    code: str
    description: str | None
    pattern: str | None = None
    # The module sends some errors with the number 0 as code; .code is then "0" and this is True.
    numeric: bool = False

    @property
    def wire_code(self) -> str | int:
        """The value of "error" as the module sends it: the string code, or the number 0."""
        return 0 if self.numeric else self.code

    @property
    def template(self) -> str | None:
        """The description with its #PLACEHOLDERS#, when the text varies."""
        return self.description if self.pattern else None

    def describes(self, text: str) -> bool:
        """Whether text is a description the docs allow for this code."""
        if self.pattern is not None:
            return re.fullmatch(self.pattern, text) is not None
        return text == self.description

    @classmethod
    def from_schema(cls, schema: dict) -> ErrorCode:
        """Read one entry of errors/biconnector.json."""
        props = schema["properties"]
        raw = props["error"]["const"]
        code, numeric = str(raw), not isinstance(raw, str)
        description = props["error_description"]
        if "const" in description:
            return cls(code, description["const"], numeric=numeric)
        return cls(code, description["x-template"], description["pattern"], numeric=numeric)


@dataclass(frozen=True)
class FrameworkError:
    """An error of the REST framework: root placement, non-200, no time."""

    code: str
    statuses: tuple[int, ...]
    description: str
    source: str

    @property
    def status(self) -> int:
        """The documented HTTP status (the first one listed)."""
        return self.statuses[0]

    @classmethod
    def from_schema(cls, schema: dict) -> FrameworkError:
        """Read one entry of errors/framework.json."""
        props = schema["properties"]
        return cls(
            code=props["error"]["const"],
            statuses=tuple(schema["x-http-status"]),
            description=props["error_description"]["examples"][0],
            source=schema["x-source"],
        )
