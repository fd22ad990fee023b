"""schemathesis' own CLI over the module export and the shipped schemathesis.toml, against a served mock."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conformance.engine import bundled_mock
from conformance.faults import with_faults
from conformance.mock import MockConfig
from conformance.openapi import write_openapi, write_schemathesis_config
from conformance.serving import serve

TOKEN = "st-cli-token"
# Few examples and one worker: the point is the verdict, and the cores are shared.
EXAMPLES = "4"
SEED = "20261206"
ST_TIMEOUT_S = 240


def _st() -> str:
    beside = Path(sys.executable).with_name("st")
    found = str(beside) if beside.exists() else shutil.which("st")
    if found is None:
        pytest.skip("schemathesis' st command is not installed")
    return found


@pytest.fixture
def shipped(tmp_path: Path) -> tuple[Path, Path]:
    """The module export and the schemathesis.toml that `b24-conformance openapi` writes for st."""
    document = tmp_path / "openapi.json"
    config = tmp_path / "schemathesis.toml"
    write_openapi(document, requests="module")
    write_schemathesis_config(config)
    return document, config


def _st_run(app, shipped: tuple[Path, Path], cwd: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    document, config = shipped
    with serve(app) as server:
        command = [
            _st(),
            "--config-file",
            str(config),
            "run",
            str(document),
            "--url",
            f"{server.url}/rest",
            "--header",
            f"Authorization: Bearer {TOKEN}",
            "--max-examples",
            EXAMPLES,
            "--seed",
            SEED,
            "--workers",
            "1",
            "--generation-database",
            "none",
            "--no-color",
            *extra,
        ]
        env = {**os.environ, "NO_COLOR": "1"}
        return subprocess.run(
            command, cwd=cwd, env=env, capture_output=True, text=True, timeout=ST_TIMEOUT_S, check=False
        )


def _portal():
    return bundled_mock(MockConfig(access_token=TOKEN))


def test_st_run_is_quiet_against_the_faithful_mock(shipped: tuple[Path, Path], tmp_path: Path) -> None:
    result = _st_run(_portal(), shipped, tmp_path)
    tail = result.stdout[-3000:] + result.stderr[-2000:]
    assert result.returncode == 0, tail
    assert "passed" in result.stdout and "failure" not in result.stdout.lower(), tail


def test_st_run_still_fails_on_a_planted_fault(shipped: tuple[Path, Path], tmp_path: Path) -> None:
    portal = _portal()
    faulty = with_faults(portal, ["not-found-http-404"])
    # One failure is enough to show the configuration did not silence the fault.
    result = _st_run(faulty, shipped, tmp_path, "--max-failures", "1")
    tail = result.stdout[-3000:] + result.stderr[-2000:]
    assert result.returncode == 1, tail
    assert "Response violates schema" in result.stdout or "Undocumented HTTP status" in result.stdout, tail
