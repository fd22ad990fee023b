"""The check registry: one declaration per check, read by run_checks, batches, Finding and the bridge."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
import schemathesis.checks

from conformance.checks import (
    ALL_CHECKS,
    BATCH_COMMAND_CHECKS,
    CHECKS,
    CheckInfo,
    check,
    declare,
    run_checks,
)
from conformance.findings import Finding

TESTS = Path(__file__).resolve().parent.parent
KEBAB = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
# Checks no tests/checks module fires: the fault zoo plants a fault each is expected to catch, and the
# kill test runs the suite against it (fires) and against the faithful mock (quiet).
KILL_TEST = TESTS / "faults" / "test_kill.py"
KILL_FIRES, KILL_QUIET = "test_the_suite_catches_the_fault", "test_the_faithful_mock_is_conformant"


def test_names_are_kebab_case_and_distinct_in_snake_case_too():
    names = list(CHECKS)
    assert all(KEBAB.fullmatch(name) for name in names), names
    # schemathesis and Python know a check by its snake-case name, so those must differ too
    assert len({name.replace("-", "_") for name in names}) == len(names)


def test_every_check_has_a_description_of_one_line():
    for info in CHECKS.values():
        assert info.description and "\n" not in info.description, info.name


def test_error_code_alone_may_warn():
    warning = {name for name, info in CHECKS.items() if "warn" in info.severities}
    assert warning == {"error-code"}


def _test_functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


CHECK_TESTS = {path.stem: _test_functions(path) for path in sorted((TESTS / "checks").glob("test_*.py"))}


def _has_test(name: str, kind: str) -> bool:
    # test_NAME_fires... anywhere in tests/checks, or test_fires... in tests/checks/test_NAME.py
    snake = name.replace("-", "_")
    return any(
        function.startswith(f"test_{snake}_{kind}")
        or (module == f"test_{snake}" and function.startswith(f"test_{kind}"))
        for module, functions in CHECK_TESTS.items()
        for function in functions
    )


def _caught_by_a_fault(name: str) -> bool:
    from conformance.faults import FAULTS

    kill_tests = _test_functions(KILL_TEST)
    expected = {fault.expected_check for fault in FAULTS.values()}
    return name in expected and {KILL_FIRES, KILL_QUIET} <= kill_tests


@pytest.mark.parametrize("name", list(CHECKS))
def test_every_check_has_a_test_that_fires_it_and_one_that_stays_quiet(name):
    if _has_test(name, "fires") and _has_test(name, "quiet"):
        return
    assert CHECKS[name].function is None, f"check {name}: no test_{name.replace('-', '_')}_fires/_quiet"
    assert _caught_by_a_fault(name), f"check {name}: no fires and quiet test, and no fault expects it"


@pytest.fixture
def declare_check():
    """Register check functions for one test; they are unregistered again after it."""
    names = []

    def declare_one(function, **options):
        check(**options)(function)
        names.append(function.__name__.replace("_", "-"))
        return function

    yield declare_one
    for name in names:
        if name in CHECKS:
            CHECKS.unregister(name)


def registry_probe(exchange, ctx):
    """Every answer is a finding: a check a test declares."""
    return [Finding("registry-probe", "fail", ctx.method.name, "probed", reproduce=exchange.reproduce)]


def registry_probe_whole(exchange, ctx):
    """Every answer is a finding, but not a batch command's: a check a test declares."""
    return [Finding("registry-probe-whole", "fail", ctx.method.name, "probed")]


def test_a_declared_check_runs_everywhere_until_it_is_removed(declare_check, answers, ctx):
    declare_check(registry_probe)
    exchange = answers.exchange(answers.nested())
    assert ALL_CHECKS[-1] is registry_probe and BATCH_COMMAND_CHECKS[-1] is registry_probe
    assert [finding.check for finding in run_checks(exchange, ctx)] == ["registry-probe"]
    assert CHECKS["registry-probe"].description == "Every answer is a finding: a check a test declares."
    assert Finding("registry-probe", "fail", "m", "known to Finding").check == "registry-probe"
    CHECKS.unregister("registry-probe")
    assert registry_probe not in ALL_CHECKS and registry_probe not in BATCH_COMMAND_CHECKS
    assert run_checks(exchange, ctx) == []
    with pytest.raises(ValueError, match=r"Expected check to be one of .*got 'registry-probe'"):
        Finding("registry-probe", "fail", "m", "no longer known")


def test_a_check_may_stay_out_of_batch_commands(declare_check, answers, ctx):
    declare_check(registry_probe_whole, batch_command=False)
    assert registry_probe_whole in ALL_CHECKS
    assert registry_probe_whole not in BATCH_COMMAND_CHECKS
    assert run_checks(answers.exchange(answers.nested()), ctx, BATCH_COMMAND_CHECKS) == []


def test_a_declared_check_is_registered_with_schemathesis_through_the_bridge(declare_check):
    from conformance.stbridge import bridged_checks, schemathesis_name

    declare_check(registry_probe)
    bridged = bridged_checks()
    assert list(bridged) == [name for name, info in CHECKS.items() if info.function is not None]
    assert schemathesis_name("registry-probe") == "b24_registry_probe"
    assert schemathesis.checks.CHECKS.get_one("b24_registry_probe") is bridged["registry-probe"]
    CHECKS.unregister("registry-probe")
    assert "registry-probe" not in bridged_checks()
    assert "b24_registry_probe" not in schemathesis.checks.CHECKS.get_all_names()


def test_a_second_check_of_a_registered_name_is_refused(declare_check):
    def envelope(exchange, ctx):
        """Another envelope check."""
        return []

    with pytest.raises(ValueError, match="Expected a check name not registered yet, got 'envelope'"):
        declare_check(envelope)
    assert CHECKS["envelope"].function is not envelope
    with pytest.raises(ValueError, match="got 'transport'"):
        declare("transport", "Another transport.")


def test_declaring_the_same_check_again_is_no_second_check():
    info = CHECKS["lifecycle"]
    assert declare("lifecycle", info.description) == info
    assert list(CHECKS).count("lifecycle") == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "Error_Code"}, "Expected a kebab-case check name such as 'error-code', got 'Error_Code'"),
        ({"description": "two\nlines"}, r"one-line description for check 'x-y', got 'two\\nlines'"),
        ({"description": ""}, "Expected a one-line description"),
        ({"severities": ("fatal",)}, r"Expected severities of check 'x-y' among \('fail', 'warn'\)"),
        ({"severities": ()}, "Expected severities"),
    ],
)
def test_check_info_refuses_a_bad_declaration(fields, message):
    with pytest.raises(ValueError, match=message):
        CheckInfo(**{"name": "x-y", "description": "A check.", **fields})


def test_a_check_function_needs_a_docstring(declare_check):
    def undocumented(exchange, ctx):
        return []

    with pytest.raises(ValueError, match=r"Expected a docstring on check function .*undocumented"):
        declare_check(undocumented)
    assert "undocumented" not in CHECKS


def test_a_check_reports_only_the_severities_it_declares(answers, ctx):
    from conformance.checks._context import report

    exchange = answers.exchange(answers.nested())
    warned = report(exchange, ctx, "error-code", "m", expected="", observed="", severity="warn")
    assert warned.severity == "warn"
    with pytest.raises(ValueError, match=r"Expected a severity check 'time' declares, one of \('fail',\)"):
        report(exchange, ctx, "time", "m", expected="", observed="", severity="warn")


def test_unregistering_an_unknown_name_says_so():
    with pytest.raises(KeyError, match="Expected a registered check name, got 'nothing-here'"):
        CHECKS.unregister("nothing-here")


def test_findings_alone_know_the_built_in_checks():
    # A test or module that imports only conformance.findings still names every built-in check.
    code = (
        "import sys\n"
        "from conformance.findings import CHECKS, Finding\n"
        "assert 'conformance.checks' not in sys.modules\n"
        "Finding(check='envelope', severity='fail', method='m', message='x')\n"
        "print(','.join(CHECKS))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().split(",") == list(CHECKS)
