"""The CI examples in docs/ci: valid YAML, the documented command lines, cleanup that always runs."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from conformance.cli import _parser

DOCS = Path(__file__).resolve().parents[2] / "docs" / "ci"
GITHUB, GITLAB = DOCS / "github-actions.md", DOCS / "gitlab-ci.md"
REPORTS = {"reports/report.html", "reports/junit.xml", "reports/summary.json"}
CLEANUP_FLAGS = {"--target", "--ledger", "--prefix"}  # what the cleanup command is asked to take
NUMERIC = {"$GITHUB_RUN_ID": "1", "$CI_PIPELINE_ID": "1"}  # the CI's numbers, as the shell gives them


def yaml_blocks(path: Path) -> list[str]:
    return re.findall(r"^```yaml\n(.*?)^```", path.read_text(encoding="utf-8"), flags=re.S | re.M)


def commands(text: str, command: str) -> list[list[str]]:
    """The b24-conformance command lines of a script, continuations joined, as argv after the program."""
    joined = text.replace("\\\n", " ")
    return [shlex.split(m)[1:] for m in re.findall(rf"b24-conformance {command}\b[^\n]*", joined)]


@pytest.fixture(scope="module")
def yaml():
    return pytest.importorskip("yaml", reason="PyYAML is not installed; the YAML examples are not parsed")


@pytest.mark.parametrize("path", [GITHUB, GITLAB], ids=lambda p: p.name)
def test_every_yaml_block_parses(yaml, path):
    blocks = yaml_blocks(path)
    assert len(blocks) >= 2, f"Expected the job and the gate variant in {path.name}, got {len(blocks)} blocks"
    for block in blocks:
        assert isinstance(yaml.safe_load(block), dict | list)


@pytest.mark.parametrize("path", [GITHUB, GITLAB], ids=lambda p: p.name)
def test_run_lines_are_valid_cli_and_use_the_quick_profile(path):
    runs = commands(path.read_text(encoding="utf-8"), "run")
    assert runs
    for argv in runs:
        args = _parser().parse_args([NUMERIC.get(word, word) for word in argv])
        assert args.profile == "quick" and args.target == "$B24_TARGET"


@pytest.mark.parametrize("path", [GITHUB, GITLAB], ids=lambda p: p.name)
def test_cleanup_lines_use_the_flags_cleanup_takes(path):
    for argv in commands(path.read_text(encoding="utf-8"), "cleanup"):
        assert {word for word in argv if word.startswith("--")} <= CLEANUP_FLAGS, argv


def test_github_job_gates_publishes_and_always_cleans_up(yaml):
    workflow = yaml.safe_load(yaml_blocks(GITHUB)[0])
    job = workflow["jobs"]["conformance"]
    assert all(value.startswith("${{ secrets.") for value in job["env"].values())
    steps = {step.get("name", ""): step for step in job["steps"]}
    assert "--profile quick" in steps["Run the quick profile against the staging portal"]["run"]
    cleanup = steps["Delete what the run made"]
    assert cleanup["if"] == "${{ always() }}" and "--ledger reports/ledger.jsonl" in cleanup["run"]
    upload = steps["Upload the reports"]
    assert upload["if"] == "${{ always() }}" and set(upload["with"]["path"].split()) >= REPORTS
    assert steps["Publish the JUnit results"]["with"]["report_paths"] == "reports/junit.xml"


def test_gitlab_job_gates_publishes_and_cleans_up_after(yaml):
    job = yaml.safe_load(yaml_blocks(GITLAB)[0])["b24-conformance"]
    assert any("--profile quick" in line for line in job["script"])
    assert any("b24-conformance cleanup" in line and "ledger.jsonl" in line for line in job["after_script"])
    artifacts = job["artifacts"]
    assert artifacts["when"] == "always" and set(artifacts["paths"]) >= REPORTS
    assert artifacts["reports"]["junit"] == "reports/junit.xml"
    assert "B24_TARGET" not in job.get("variables", {})  # it comes from the CI/CD settings, masked


@pytest.mark.parametrize("path", [GITHUB, GITLAB], ids=lambda p: p.name)
def test_the_docs_state_every_exit_code(path):
    text = path.read_text(encoding="utf-8")
    for code, meaning in ((0, "conformant"), (1, "nonconformant"), (2, "configuration"), (3, "reached")):
        assert re.search(rf"^\| {code} \| [^\n]*{meaning}", text, flags=re.M), (code, meaning)
