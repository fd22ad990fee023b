"""A client in any language: a driver process spoken to in JSON lines on its stdin and stdout."""

from __future__ import annotations

import collections
import contextlib
import json
import os
import queue
import shlex
import subprocess
import threading
from dataclasses import asdict
from typing import IO, Any

from ._protocol import PortalAccess

PROTOCOL = 1
MAX_LINE_CHARS = 8 * 1024 * 1024
_CLOSE_GRACE_S = 2.0
# Error types a driver reports that mean its client met an answer it did not handle.
CRASH_TYPES = frozenset(
    {
        "SyntaxError",
        "TypeError",
        "ReferenceError",
        "RangeError",
        "KeyError",
        "ValueError",
        "JSONDecodeError",
        "AttributeError",
        "IndexError",
        "UnicodeDecodeError",
    }
)


class DriverBroken(Exception):
    """The driver broke the protocol (exited, hung past its deadline, printed what is not an answer)."""


class DriverError(Exception):
    """An error the driver's client reported for a task: its code, message and type."""

    def __init__(self, code: str | None, message: str, kind: str) -> None:
        super().__init__(message)
        self.code = code
        self.description = message
        self.kind = kind
        self.crashed = kind in CRASH_TYPES

    def __str__(self) -> str:
        return f"{self.kind}: {self.description}" if self.kind else self.description


def parse_command(command: str) -> list[str]:
    """The driver command line split as a POSIX shell would; ValueError when it cannot be."""
    try:
        argv = shlex.split(command)
    except ValueError as error:
        raise ValueError(f"Expected --driver as a command line, got {command!r} ({error})") from None
    if not argv:
        raise ValueError("Expected --driver as a command line such as 'node driver.mjs', got nothing")
    return argv


class DriverAdapter:
    """The adapter protocol over a driver process: one JSON line per task, one JSON line per outcome.

    The process is started per scenario and first gets {"op": "init", "protocol": 1, "access": {...}},
    to which it answers {"ok": true}. broken is set (and DriverBroken raised) when it exits, hangs
    past deadline_s (it is then killed) or answers a line that is not a JSON object of the protocol.
    """

    def __init__(self, argv: list[str], access: PortalAccess, deadline_s: float) -> None:
        self.argv = argv
        self.deadline_s = deadline_s
        self.broken: str | None = None
        self._sequence = 0
        self._stderr: collections.deque[str] = collections.deque(maxlen=5)
        self._lines: queue.Queue[str | None] = queue.Queue()
        try:
            self._process = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                errors="replace",
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        except OSError as error:
            raise DriverBroken(f"could not start the driver {argv[0]!r}: {error.strerror or error}") from None
        self._readers_done = threading.Event()
        threading.Thread(target=self._read, args=(self._process.stdout,), daemon=True).start()
        threading.Thread(target=self._drain, args=(self._process.stderr,), daemon=True).start()
        try:
            self._exchange({"op": "init", "protocol": PROTOCOL, "access": asdict(access)})
        except DriverBroken:
            self.close()
            raise

    # -- the adapter protocol

    def call(self, method: str, params: dict[str, Any]) -> Any:
        """The driver's outcome of one call."""
        return self._value(self._exchange({"op": "call", "method": method, "params": params}))

    def list_all(self, method: str, params: dict[str, Any]) -> list[Any]:
        """The driver's outcome of list_all."""
        return self._value(self._exchange({"op": "list_all", "method": method, "params": params}))

    def batch(self, commands: dict[str, tuple[str, dict[str, Any]]]) -> dict[str, Any]:
        """The driver's batch outcome: per key a result, or a DriverError."""
        wire = {key: [method, params] for key, (method, params) in commands.items()}
        answers = self._value(self._exchange({"op": "batch", "commands": wire}))
        if not isinstance(answers, dict):
            self._break(f"answered the batch with {_short(answers)}, expected an object of outcomes per key")
        return {key: _command(self, key, item) for key, item in answers.items()}

    def close(self) -> None:
        """Say close, close stdin, and kill the process if it is still there after a grace period."""
        process = self._process
        if process.poll() is None:
            with contextlib.suppress(OSError, ValueError):
                process.stdin.write(json.dumps({"op": "close"}) + "\n")
                process.stdin.flush()
        with contextlib.suppress(OSError, ValueError):
            process.stdin.close()
        try:
            process.wait(_CLOSE_GRACE_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        self._readers_done.wait(_CLOSE_GRACE_S)
        for stream in (process.stdout, process.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.close()

    # -- the wire

    def _exchange(self, message: dict[str, Any]) -> dict[str, Any]:
        if self.broken:
            raise DriverBroken(self.broken)
        self._sequence += 1
        message = {"id": self._sequence, **message}
        try:
            self._process.stdin.write(json.dumps(message, ensure_ascii=False) + "\n")
            self._process.stdin.flush()
        except OSError:
            self._break(f"exited (code {self._process.wait()}) before it read the {message['op']} task")
        try:
            line = self._lines.get(timeout=self.deadline_s)
        except queue.Empty:
            self._process.kill()
            self._break(f"gave no answer to the {message['op']} task within {self.deadline_s:g} s; killed")
        if line is None:
            self._break(f"exited (code {self._process.wait()}) without answering the {message['op']} task")
        try:
            answer = json.loads(line)
        except ValueError:
            self._break(f"answered the {message['op']} task with {_short(line)}, expected a JSON line")
        if not isinstance(answer, dict) or not isinstance(answer.get("ok"), bool):
            self._break(f'answered with {_short(line)}, expected an object with "ok": true or false')
        if answer.get("id") not in (None, self._sequence):
            self._break(f"answered task {answer.get('id')!r}, expected the answer to task {self._sequence}")
        return answer

    def _value(self, answer: dict[str, Any]) -> Any:
        if answer["ok"]:
            return answer.get("result")
        raise _error(self, answer.get("error"))

    def _break(self, why: str):
        self.broken = f"the driver {' '.join(self.argv)!r} {why}" + self._stderr_tail()
        if self._process.poll() is None:
            self._process.kill()
        raise DriverBroken(self.broken)

    def _stderr_tail(self) -> str:
        tail = " | ".join(line.strip() for line in self._stderr if line.strip())
        return f" (its stderr: {tail[-300:]})" if tail else ""

    def _read(self, stream: IO[str]) -> None:
        with contextlib.suppress(OSError, ValueError):  # the stream closed under us: the end too
            for line in iter(lambda: stream.readline(MAX_LINE_CHARS), ""):
                if line.strip():
                    self._lines.put(line)
        self._lines.put(None)

    def _drain(self, stream: IO[str]) -> None:
        with contextlib.suppress(OSError, ValueError):
            for line in stream:
                self._stderr.append(line)
        self._readers_done.set()


def _error(driver: DriverAdapter, error: Any) -> DriverError:
    if not isinstance(error, dict) or not isinstance(error.get("message", ""), str):
        driver._break(f'answered "error": {_short(error)}, expected an object with code, message and type')
    code = error.get("code")
    return DriverError(
        None if code is None else str(code), error.get("message", ""), str(error.get("type", ""))
    )


def _command(driver: DriverAdapter, key: str, item: Any) -> Any:
    if not isinstance(item, dict) or not isinstance(item.get("ok"), bool):
        driver._break(
            f'answered batch command {key} with {_short(item)}, expected {{"ok": ..., "result" or "error"}}'
        )
    return item.get("result") if item["ok"] else _error(driver, item.get("error"))


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    text = text.strip()
    return repr(text if len(text) <= 80 else text[:77] + "...")


def driver_factory(command: str, deadline_s: float):
    """An adapter factory that starts the driver command for each scenario (ValueError for a bad command)."""
    from ._scenario import AdapterBroken

    argv = parse_command(command)

    def start(access: PortalAccess) -> DriverAdapter:
        try:
            return DriverAdapter(argv, access, deadline_s)
        except DriverBroken as error:
            raise AdapterBroken(str(error)) from None

    return start
