"""What a client did with one task: its result or the error it raised, and how long it took."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ._protocol import error_code, error_text

# Exceptions a client lets escape when it did not expect an answer (a JSON decoder's, a missing key):
# a crash, not an error the client reported.
_CRASHES = (ValueError, KeyError, TypeError, AttributeError, IndexError, UnicodeError)


@dataclass(frozen=True)
class Task:
    """One thing a scenario asks the client to do: call, list_all or batch, with its arguments."""

    kind: str  # call | list_all | batch
    method: str  # the method, or "batch"
    params: Any  # params; for batch {key: [method, params]}

    def brief(self) -> str:
        """One line: kind, method and the arguments, shortened."""
        text = json.dumps(self.params, ensure_ascii=False, default=str)
        text = text if len(text) <= 100 else text[:97] + "..."
        return f"{self.kind}({self.method}, {text})"


@dataclass(frozen=True)
class Outcome:
    """The client's answer to a task: a value, or an error (its type, code and text)."""

    task: Task
    ok: bool
    value: Any = None
    error_type: str = ""
    error_code: str | None = None
    error_text: str = ""
    crashed: bool = False  # a bare built-in exception escaped: the client did not handle the answer
    elapsed_s: float = 0.0
    timed_out: bool = False  # the client gave no outcome within the scenario's deadline
    commands: dict[str, Outcome] = field(default_factory=dict)  # batch: one outcome per command key

    def says(self, *words: str) -> bool:
        """Whether the error's code or text contains every one of words."""
        told = f"{self.error_code or ''} {self.error_text}"
        return not self.ok and all(word in told for word in words)

    def brief(self) -> str:
        """One line: what the client returned or raised."""
        if self.timed_out:
            return f"no outcome within {self.elapsed_s:.1f} s"
        if self.ok:
            text = json.dumps(self.value, ensure_ascii=False, default=str)
            return "returned " + (text if len(text) <= 160 else text[:157] + "...")
        kind = "crashed with" if self.crashed else "raised"
        return f"{kind} {self.error_text[:200]} (after {self.elapsed_s:.2f} s)"

    def as_json(self) -> dict[str, Any]:
        """The outcome as summary.json holds it."""
        return {
            "task": self.task.brief(),
            "outcome": self.brief(),
            "ok": self.ok,
            "error_code": self.error_code,
            "elapsed_s": round(self.elapsed_s, 3),
        }


def from_exception(task: Task, error: BaseException, elapsed_s: float = 0.0) -> Outcome:
    """The outcome of a task whose client raised error."""
    told = getattr(error, "crashed", None)  # a driver's error says whether its client crashed
    if isinstance(told, bool):
        crashed = told
    else:
        crashed = type(error).__module__ in ("builtins", "json.decoder") and isinstance(error, _CRASHES)
    return Outcome(
        task,
        False,
        error_type=type(error).__name__,
        error_code=error_code(error),
        error_text=error_text(error),
        crashed=crashed,
        elapsed_s=elapsed_s,
    )


def attempt(task: Task, action: Callable[[], Any], deadline_s: float) -> Outcome:
    """Run action in a thread and make its outcome; a client still busy after deadline_s is left behind."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = action()
        except BaseException as error:
            box["error"] = error

    started = time.monotonic()
    worker = threading.Thread(target=run, name=f"client task {task.kind}", daemon=True)
    worker.start()
    worker.join(deadline_s)
    elapsed = time.monotonic() - started
    if worker.is_alive():
        return Outcome(
            task, False, error_type="deadline", error_text="no outcome", elapsed_s=elapsed, timed_out=True
        )
    if "error" in box:
        return from_exception(task, box["error"], elapsed)
    value = box.get("value")
    if task.kind == "batch" and isinstance(value, dict):
        commands = {
            str(key): from_exception(task, item)
            if isinstance(item, BaseException)
            else Outcome(task, True, item)
            for key, item in value.items()
        }
        return Outcome(
            task,
            True,
            value={k: o.brief() for k, o in commands.items()},
            elapsed_s=elapsed,
            commands=commands,
        )
    return Outcome(task, True, value, elapsed_s=elapsed)
