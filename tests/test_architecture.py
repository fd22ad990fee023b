"""The import rules of ARCHITECTURE.md, checked on the source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "conformance"
LEAVES = {
    "contract",
    "inputs",
    "oracle",
    "checks",
    "client",
    "mock",
    "faults",
    "connector_app",
    "stbridge",
    "drift",
    "engine",
    "plugin",
    "cli",
    "suite",
}

# part -> parts of ours it must never import
FORBIDDEN = {
    "contract": LEAVES | {"openapi"},
    "exchange": LEAVES,
    "outcome": LEAVES,
    "findings": LEAVES,
    "batch": LEAVES,
    "inputs": LEAVES - {"contract"},
    "oracle": LEAVES - {"contract", "inputs"},
    "checks": LEAVES - {"contract"},
    "client": LEAVES,
    "mock": LEAVES - {"contract", "connector_app"} | {"openapi"},
    "connector_app": LEAVES - {"mock"},  # serve_connector borrows the mock's server, nothing else
    "faults": LEAVES - {"contract", "mock"},
    "openapi": LEAVES - {"contract"},
    "drift": LEAVES - {"contract"},
}


def part_of(name: str) -> str:
    """The architectural part a module or package name belongs to (_openapi_x.py belongs to openapi)."""
    stem = name.removesuffix(".py").lstrip("_")
    return "openapi" if stem.startswith("openapi") else stem


def imported_parts(path: Path, package: Path = PACKAGE) -> set[str]:
    """The parts of ours that the module at path imports, relative or absolute."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = list(path.relative_to(package).parts[:-1])
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            target = here[: len(here) - (node.level - 1)] + (node.module.split(".") if node.module else [])
            found.update([target[0]] if target else [alias.name for alias in node.names])
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("conformance."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("conformance."))
    return {part_of(name) for name in found}


SOURCES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=[str(p.relative_to(PACKAGE)) for p in SOURCES])
def test_imports_follow_the_architecture(path):
    part = part_of(path.relative_to(PACKAGE).parts[0])
    broken = (imported_parts(path) - {part}) & FORBIDDEN.get(part, set())
    assert not broken, (
        f"{path.relative_to(PACKAGE)} ({part}) imports {sorted(broken)}, which ARCHITECTURE.md forbids"
    )


def test_the_checker_catches_a_planted_forbidden_import(tmp_path):
    (tmp_path / "mock").mkdir()
    planted = tmp_path / "mock" / "_store.py"
    planted.write_text(
        "from ..oracle import expect_id\nfrom conformance.checks import run_checks\nfrom . import _x\n"
    )
    parts = imported_parts(planted, package=tmp_path)
    assert parts == {"oracle", "checks", "mock"}
    assert (parts - {"mock"}) & FORBIDDEN["mock"] == {"oracle", "checks"}
