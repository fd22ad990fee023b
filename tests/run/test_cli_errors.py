"""Every bad option, path or target is one line on stderr and exit 2: no traceback, no pytest option names."""

from __future__ import annotations

import subprocess
import sys

import pytest

PORTAL = "https://portal.example/rest/"
CODE = "hook-code-31337"  # a webhook code: never in a message
BAD_WEBHOOKS = [
    ["--webhook", f"{PORTAL}1/{CODE}/"],  # the bundled mock calls its own webhook
    ["--target", PORTAL, "--access-token", "t", "--webhook", f"https://other.example/rest/1/{CODE}/"],
    ["--target", f"{PORTAL}1/{CODE}x/", "--webhook", f"{PORTAL}1/{CODE}/"],  # already a webhook run
    ["--target", PORTAL, "--access-token", "t", "--webhook", f"{PORTAL}{CODE}/"],  # no user id
    ["--target", PORTAL, "--access-token", "t", "--webhook", PORTAL],  # not a webhook URL
]


def _bad_commands(tmp_path) -> list[list[str]]:
    existing_file = tmp_path / "a-file"
    existing_file.write_text("x")
    return [
        ["openapi", "-o", str(tmp_path / "missing" / "x.json")],
        ["openapi", "-o", str(tmp_path)],
        ["run", "--report-dir", str(existing_file)],
        ["run", "--report-dir", "/proc/nope"],
        ["run", "--retry-time", "-3"],
        ["run", "--budget", "0"],
        ["run", "--timeout", "0"],
        ["run", "--seed", "abc"],
        ["run", "--profile", "fast"],
        ["run", "--min-coverage", "200"],
        ["run", "--target", "portal.example"],
        ["run", "--target", "http://127.0.0.1:9/rest/"],
        ["run", "--target", "http://127.0.0.1:9/rest/", "--access-token", "t", "--mock-fault", "no-time"],
        ["run", "--mock-fault", "no-such-fault"],
        ["run", "--no-such-option"],
        *(["run", *args] for args in BAD_WEBHOOKS),
        ["mock", "--port", "99999"],
        ["mock", "--fault", "no-such-fault"],
        ["cleanup", "--target", "mock"],
        ["cleanup", "--target", "mock", "--ledger", str(tmp_path / "none.jsonl")],
        ["replay", str(tmp_path / "none.json")],
        ["docs-drift", str(tmp_path / "none")],
        ["openapi", "--", "-x"],
    ]


def _run(args: list[str], tmp_path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "conformance.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )


@pytest.mark.parametrize("index", range(27))
def test_a_bad_command_is_one_line_and_exit_2(tmp_path, index):
    args = _bad_commands(tmp_path)[index]
    done = _run(args, tmp_path)
    assert done.returncode == 2, (args, done.stdout, done.stderr)
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, (args, done.stderr)
    assert lines[0].startswith("b24-conformance")
    assert "Traceback" not in done.stderr
    assert "--b24-" not in done.stderr
    assert CODE not in done.stderr  # a webhook code, wherever it was misplaced


def test_the_bad_commands_are_all_run(tmp_path):
    assert len(_bad_commands(tmp_path)) == 27


def test_the_webhook_can_come_from_the_environment_and_is_checked_there_too(tmp_path, monkeypatch):
    monkeypatch.setenv("B24_WEBHOOK", f"https://other.example/rest/1/{CODE}/")
    done = _run(
        ["run", "--report-dir", str(tmp_path / "r"), "--target", PORTAL, "--access-token", "t"], tmp_path
    )
    assert done.returncode == 2, done.stderr
    assert "on the target's host portal.example:443, got a webhook on other.example:443" in done.stderr
    assert CODE not in done.stderr


def test_a_pytest_selection_of_nothing_is_a_usage_error_without_a_verdict(tmp_path):
    done = _run(["run", "--report-dir", str(tmp_path / "r"), "--", "-k", "nomatch_at_all"], tmp_path)
    assert done.returncode == 2, done.stderr
    assert "conformant" not in done.stdout + done.stderr
    assert "selected no suite test" in done.stderr
    assert "exit code" not in done.stderr


def test_version_and_help_name_the_exit_codes_and_the_pass_through(tmp_path):
    assert _run(["--version"], tmp_path).stdout.startswith("b24-conformance ")
    helped = _run(["run", "--help"], tmp_path).stdout
    assert "-- PYTEST ARGS" in helped
    assert "4  incomplete" in helped
    assert "--allow-incomplete" in helped
    assert "--max-answer-bytes" in helped
