"""Findings: one nonconformance each, the failure that carries them, and the checks they may name."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["fail", "warn"]
SEVERITIES: tuple[Severity, ...] = ("fail", "warn")
# Importing this package registers the built-in checks (see CheckRegistry._load_builtins).
BUILTIN_CHECKS = "conformance.checks"
_KEBAB = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


@dataclass(frozen=True)
class CheckInfo:
    """One registered check: its name, what it holds the target to, and how the suite runs it."""

    name: str  # kebab-case, what a Finding's check names
    description: str  # one line
    severities: tuple[Severity, ...] = ("fail",)  # the severities its findings may have
    # (exchange, context) -> findings, run on every answer; None when its findings are raised elsewhere
    # (about a sequence of calls, a batch call as a whole, or a request that got no answer)
    function: Callable[..., list[Finding]] | None = None
    batch_command: bool = True  # whether function also runs on each command's answer inside a batch

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not _KEBAB.fullmatch(self.name):
            raise ValueError(f"Expected a kebab-case check name such as 'error-code', got {self.name!r}")
        if not self.description or "\n" in self.description:
            raise ValueError(
                f"Expected a one-line description for check {self.name!r}, got {self.description!r}"
            )
        if not self.severities or not set(self.severities) <= set(SEVERITIES):
            raise ValueError(
                f"Expected severities of check {self.name!r} among {SEVERITIES}, got {self.severities!r}"
            )


Listener = Callable[[str, CheckInfo | None], object]


class CheckRegistry(Mapping[str, CheckInfo]):
    """The checks by name, in registration order: conformance.checks fills it, everything else reads it."""

    def __init__(self) -> None:
        self._items: dict[str, CheckInfo] = {}
        self._listeners: list[Listener] = []

    def register(self, info: CheckInfo) -> CheckInfo:
        """Add info; a second check of a name already registered is refused."""
        existing = self._items.get(info.name)
        if existing is not None and not _same_check(existing, info):
            raise ValueError(
                f"Expected a check name not registered yet, got {info.name!r}, "
                f"already registered for {_describe(existing)}"
            )
        self._items[info.name] = info
        for listener in list(self._listeners):
            listener(info.name, info)
        return info

    def unregister(self, name: str) -> CheckInfo:
        """Remove the check called name (a test's own check, after the test) and return it."""
        if name not in self._items:
            raise KeyError(f"Expected a registered check name, got {name!r}")
        info = self._items.pop(name)
        for listener in list(self._listeners):
            listener(name, None)
        return info

    def subscribe(self, listener: Listener) -> None:
        """Call listener(name, info) for each check registered now and later, with info None on removal."""
        self._listeners.append(listener)
        for name, info in list(self.items()):
            listener(name, info)

    def __getitem__(self, name: str) -> CheckInfo:
        found = self._items.get(name)
        if found is None:
            self._load_builtins()
            found = self._items[name]
        return found

    def __contains__(self, name: object) -> bool:
        if name in self._items:
            return True
        self._load_builtins()
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        self._load_builtins()
        return iter(list(self._items))

    def __len__(self) -> int:
        self._load_builtins()
        return len(self._items)

    def __str__(self) -> str:
        return ", ".join(self)

    def __repr__(self) -> str:
        return f"CheckRegistry({', '.join(self)})"

    @staticmethod
    def _load_builtins() -> None:
        # The built-in checks register themselves when their package is imported, but findings are
        # made and check names looked up by code that never imports it (the fault zoo, a test of
        # findings alone). So a look-up that needs them imports it by name first, the way schemathesis
        # loads its own checks: at run time, leaving findings a leaf at import time. Imports wait
        # for a package another thread is importing, and are a dictionary look-up once done.
        importlib.import_module(BUILTIN_CHECKS)


CHECKS = CheckRegistry()


def _same_check(first: CheckInfo, second: CheckInfo) -> bool:
    # the same declaration run again (a module reloaded) rather than a second check of that name
    if first.function is None or second.function is None:
        return first == second
    return _origin(first.function) == _origin(second.function)


def _origin(function: Callable[..., Any]) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def _describe(info: CheckInfo) -> str:
    return _origin(info.function) if info.function is not None else repr(info.description)


@dataclass(frozen=True)
class Finding:
    """One way a response broke the contract."""

    check: str
    severity: Severity
    method: str
    message: str
    expected: str = ""
    observed: str = ""
    input_class: str | None = None
    reproduce: str = ""
    encoding: str | None = None  # how the request carried its parameters: json, form or query

    def __post_init__(self) -> None:
        if self.check not in CHECKS:
            raise ValueError(f"Expected check to be one of {CHECKS}, got {self.check!r}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"Expected severity 'fail' or 'warn', got {self.severity!r}")

    def key(self) -> tuple:
        """What makes two findings the same one, for counting repeats."""
        return (
            self.check,
            self.severity,
            self.method,
            self.input_class,
            self.encoding,
            self.expected,
            self.observed,
        )

    def as_json(self) -> dict[str, Any]:
        """The finding as summary.json holds it."""
        return asdict(self)

    def render(self) -> str:
        """Title, then Received/Documented lines."""
        where = f" [{self.input_class}]" if self.input_class else ""
        lines = [f"{self.severity.upper()} {self.check}: {self.method}{where}: {self.message}"]
        if self.observed:
            lines.append(f"  Received:   {self.observed}")
        if self.expected:
            lines.append(f"  Documented: {self.expected}")
        if self.reproduce:
            lines.append(f"  Reproduce:  {self.reproduce}")
        return "\n".join(lines)


class ConformanceFailure(AssertionError):
    """Raised by a suite test when a response has findings of severity fail."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = list(findings)
        super().__init__("\n".join(f.render() for f in self.findings))

    @classmethod
    def raise_for(cls, findings: list[Finding]) -> None:
        """Raise with the fail findings among findings; warn findings alone pass."""
        failures = [finding for finding in findings if finding.severity == "fail"]
        if failures:
            raise cls(failures)
