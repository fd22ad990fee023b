"""Declaring a check once: the decorator, the declaration of findings raised elsewhere, and live views."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator, Sequence
from typing import overload

from conformance.findings import CHECKS, CheckInfo, Severity

from ._context import Check


@overload
def check(function: Check, /) -> Check: ...


@overload
def check(
    *, severities: tuple[Severity, ...] = ("fail",), batch_command: bool = True
) -> Callable[[Check], Check]: ...


def check(
    function: Check | None = None,
    /,
    *,
    severities: tuple[Severity, ...] = ("fail",),
    batch_command: bool = True,
) -> Check | Callable[[Check], Check]:
    """Register function as the check its name names (error_placement: "error-placement")."""

    def register(function: Check) -> Check:
        CHECKS.register(
            CheckInfo(
                name=function.__name__.replace("_", "-"),
                description=_summary(function),
                severities=tuple(severities),
                function=function,
                batch_command=batch_command,
            )
        )
        return function

    return register if function is None else register(function)


def declare(name: str, description: str, *, severities: tuple[Severity, ...] = ("fail",)) -> CheckInfo:
    """Register a check whose findings are raised elsewhere than in a check function."""
    return CHECKS.register(CheckInfo(name=name, description=description, severities=tuple(severities)))


def _summary(function: Check) -> str:
    doc = inspect.getdoc(function)
    if not doc:
        raise ValueError(
            f"Expected a docstring on check function {function.__qualname__} (its first line describes "
            "the check), got none"
        )
    return doc.splitlines()[0]


class RegisteredChecks(Sequence[Check]):
    """The registered check functions in the order they run; follows registrations as they happen."""

    def __init__(self, *, batch_command: bool = False) -> None:
        self.batch_command = batch_command  # only the checks that also run on a batch's commands
        self._functions: tuple[Check, ...] | None = None
        CHECKS.subscribe(self._forget)

    def _forget(self, name: str, info: CheckInfo | None) -> None:
        self._functions = None

    def _current(self) -> tuple[Check, ...]:
        functions = self._functions
        if functions is None:
            functions = self._functions = tuple(
                info.function
                for info in CHECKS.values()
                if info.function is not None and (info.batch_command or not self.batch_command)
            )
        return functions

    @overload
    def __getitem__(self, index: int) -> Check: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Check, ...]: ...

    def __getitem__(self, index: int | slice) -> Check | tuple[Check, ...]:
        return self._current()[index]

    def __len__(self) -> int:
        return len(self._current())

    def __iter__(self) -> Iterator[Check]:
        return iter(self._current())

    def __repr__(self) -> str:
        names = ", ".join(function.__name__ for function in self)
        return f"RegisteredChecks({names})"
