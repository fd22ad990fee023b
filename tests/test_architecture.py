"""The import rules of ARCHITECTURE.md, checked on the source: each part names what it may import."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "conformance"

# part -> the parts of ours it may import. A part not listed here fails the test: a new part is added
# here, with its place in the layers, as it is added to ARCHITECTURE.md.
LEAVES: dict[str, set[str]] = {
    "__init__": set(),  # the package's face: its version only
    "contract": set(),
    "exchange": set(),
    "outcome": set(),
    "findings": set(),
    "serving": set(),
    "batch": {"exchange"},
}
ALLOWED: dict[str, set[str]] = {
    **LEAVES,
    "inputs": {"contract"},
    # The oracle and the mock are two independent readings of the same facts: neither imports the other.
    "oracle": {"contract", "inputs", "outcome"},
    "checks": {"batch", "contract", "exchange", "findings", "outcome"},
    "client": {"batch", "exchange"},
    "mock": {"contract", "serving"},
    "connector_app": {"serving"},
    "connectorcheck": {"findings", "reports"},
    "faults": {"contract", "findings", "mock"},
    "ledger": {"client", "contract", "exchange"},
    "openapi": {"contract"},
    "drift": {"contract"},
    "reports": {"contract", "findings"},
    "replay": {"batch", "checks", "client", "contract", "exchange", "findings", "outcome"},
    "engine": {
        "batch",
        "checks",
        "client",
        "connector_app",
        "contract",
        "exchange",
        "faults",
        "findings",
        "inputs",
        "ledger",
        "mock",
        "oracle",
        "outcome",
        "serving",
    },
    "stbridge": {"checks", "client", "contract", "engine", "exchange", "findings", "openapi", "oracle"},
    # clientcheck only for the b24_portal fixture client teams get by installing the package; it is
    # imported inside the fixture, so a conformance run never loads the client gate.
    "plugin": {"client", "clientcheck", "contract", "engine", "reports"},
    # The client gate plays scenarios on the mock and judges clients; it never imports the engine.
    "clientcheck": {"contract", "mock", "reports"},
}
# The top: the suite and the CLI may use any part but each other.
ALLOWED["suite"] = set(ALLOWED) - {"cli"}
ALLOWED["cli"] = set(ALLOWED) - {"suite"}


def part_of(name: str) -> str:
    """The architectural part a top-level module or package name belongs to."""
    return name.removesuffix(".py")


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


def broken_imports(path: Path, package: Path = PACKAGE) -> tuple[str, set[str]]:
    """The part of the module at path and the parts it imports without the allowlist's leave."""
    part = part_of(path.relative_to(package).parts[0])
    if part not in ALLOWED:
        return part, {"(a part the allowlist does not name)"}
    return part, imported_parts(path, package) - {part} - ALLOWED[part]


SOURCES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=[str(p.relative_to(PACKAGE)) for p in SOURCES])
def test_imports_follow_the_architecture(path):
    part, broken = broken_imports(path)
    allowed = sorted(ALLOWED.get(part, ()))
    assert not broken, (
        f"{path.relative_to(PACKAGE)} ({part}) imports {sorted(broken)}; the allowlist here and in "
        f"ARCHITECTURE.md lets {part} import only {allowed}"
    )


def test_the_allowed_imports_have_no_loop():
    try:
        order = list(TopologicalSorter(ALLOWED).static_order())
    except CycleError as exc:
        pytest.fail(f"Expected the allowed imports to form no loop, found one through {exc.args[1]}")
    assert order.index("contract") < order.index("mock") < order.index("engine") < order.index("cli")


def test_every_part_of_the_package_is_in_the_allowlist():
    parts = {part_of(path.name) for path in PACKAGE.iterdir() if path.suffix == ".py" or path.is_dir()}
    parts -= {"__pycache__"}
    assert parts - set(ALLOWED) == set(), "a part of the package the allowlist does not name"


def test_the_checker_catches_a_planted_wrong_import(tmp_path):
    (tmp_path / "mock").mkdir()
    planted = tmp_path / "mock" / "_store.py"
    planted.write_text(
        "from ..oracle import expect_id\nfrom conformance.checks import run_checks\n"
        "from ..connector_app import ConnectorApp\nfrom . import _x\nfrom ..contract import Method\n"
    )
    part, broken = broken_imports(planted, package=tmp_path)
    assert part == "mock"
    assert broken == {"oracle", "checks", "connector_app"}


def test_the_checker_catches_a_new_part_nobody_placed(tmp_path):
    (tmp_path / "newpart").mkdir()
    planted = tmp_path / "newpart" / "__init__.py"
    planted.write_text("from ..contract import Method\n")
    assert broken_imports(planted, package=tmp_path) == ("newpart", {"(a part the allowlist does not name)"})
