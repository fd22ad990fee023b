"""What a person sees of a run in the terminal: a header, a line per phase, the findings, the verdict."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys

import pytest

FAILING = ("--profile", "quick", "--mock-fault", "not-found-http-404", "--seed", "5")
PHASES_OF_IDS = ("--", "-k", "test_access or (test_ids and connector)")
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def _pytest_progress(line: str) -> bool:
    """pytest's own progress: rows of letters, a [100%], the "N passed in" line."""
    return bool(re.fullmatch(r"[.FsExX]+( +\[ *\d+%\])?", line.strip())) or " passed in " in line


def test_a_failing_run_shows_header_phases_and_the_first_finding_early(run_cli):
    result = run_cli(*FAILING, *PHASES_OF_IDS)
    assert result.code == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("b24-conformance: the bundled mock, in-process (faults: not-found-http-404)")
    assert "seed 5" in lines[1] and "pacing off" in lines[1]
    phases = [line.split()[0] for line in lines[2:4]]
    assert phases == ["webhook", "ids"], lines[:5]  # phases in the order they ran, one line each
    assert not [line for line in lines if _pytest_progress(line)]
    assert "Traceback" not in result.stdout + result.stderr
    assert len(lines) <= 60, result.stdout
    first_reproduce = next(at for at, line in enumerate(lines) if line.lstrip().startswith("curl "))
    assert first_reproduce < 40
    assert lines[-1].startswith("b24-conformance: nonconformant: ")
    assert sum("nonconformant" in line for line in lines) == 1  # one verdict line, not pytest's as well


def test_a_passing_run_fits_in_thirty_lines(run_cli):
    result = run_cli("--profile", "quick", "--seed", "5", *PHASES_OF_IDS)
    assert result.code == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) <= 30, result.stdout
    assert lines[-1].startswith("b24-conformance: conformant: ")
    assert not _COLOUR.search(result.stdout)  # no terminal, no colours


def test_debug_brings_pytest_output_back(run_cli):
    result = run_cli(*FAILING, "--debug", "--", "-k", "test_ids and connector.get")
    assert result.code == 1
    assert "= FAILURES =" in result.stdout  # pytest's own report of each failing test
    assert not result.stdout.startswith("b24-conformance: the bundled mock")


def _run_on_a_terminal(tmp_path, *args: str, env: dict[str, str]) -> str:
    """Run the command with a pseudo-terminal as its output; everything it wrote."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "conformance.cli", "run", "--report-dir", str(tmp_path / "r"), *args],
        stdout=terminal,
        stderr=terminal,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    os.close(terminal)
    chunks = []
    try:
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal closes when the process ends
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(controller)
        process.wait(timeout=120)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture
def terminal_env():
    env = {name: value for name, value in os.environ.items() if name not in ("CI", "NO_COLOR", "TERM")}
    return {**env, "TERM": "xterm"}


def test_on_a_terminal_a_status_line_is_redrawn_and_the_verdict_coloured(tmp_path, terminal_env):
    output = _run_on_a_terminal(tmp_path, *FAILING, "--", "-k", "test_ids and connector", env=terminal_env)
    assert "\r\x1b[K  ids " in output  # the live line: phase, tests done, requests so far
    assert "run so far: " in output
    assert "\x1b[31;1mnonconformant\x1b[0m" in output


@pytest.mark.parametrize("how", ["NO_COLOR", "--no-color"])
def test_no_colour_when_asked(tmp_path, terminal_env, how):
    env = {**terminal_env, "NO_COLOR": "1"} if how == "NO_COLOR" else terminal_env
    flag = ("--no-color",) if how == "--no-color" else ()
    output = _run_on_a_terminal(tmp_path, *FAILING, *flag, "--", "-k", "test_ids and connector.get", env=env)
    assert "nonconformant" in output
    assert not _COLOUR.search(output)
