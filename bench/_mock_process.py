"""`b24-conformance mock` in a child process, for benches that must not share a process with the mock."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class MockProcess:
    """A mock served by a child process: its REST base URL and process id."""

    rest_url: str
    pid: int

    def cpu_s(self) -> float:
        """CPU seconds (user and system) the mock has used so far, read from Linux's /proc."""
        fields = Path(f"/proc/{self.pid}/stat").read_text(encoding="ascii").rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def mock_process(token: str, *options: str) -> Iterator[MockProcess]:
    """`b24-conformance mock --access-token TOKEN OPTIONS` on a free port, once it accepts connections;
    stopped on leaving."""
    port = free_port()
    command = [sys.executable, "-m", "conformance.cli", "mock", "--port", str(port), "--access-token", token]
    child = subprocess.Popen(
        [*command, *options], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        _wait_for(child, port)
        yield MockProcess(f"http://127.0.0.1:{port}/rest/", child.pid)
    finally:
        child.terminate()
        child.wait(timeout=10)


def _wait_for(child: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise SystemExit(f"bench: the mock exited with {child.returncode}: {child.stderr.read()[-500:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("bench: the mock did not listen within 30 s")
