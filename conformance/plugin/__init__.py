"""The pytest plugin: --b24-* options, the fixtures the suite uses, summary.json and the HTML report parts."""

from __future__ import annotations

import gc

import pytest

from ..engine import OPTIONS, ConfigError, Recorder, RunConfig
from ..reports import write_summary
from . import _report_hooks
from ._cleanup import cleanup
from ._keys import ACTIVE, FROZEN, RECORDER, RUN_CONFIG, SESSION, SIGNALS, SUMMARY
from ._signals import SignalGuard
from ._signals import give_back as give_back  # for cli/_late_signals: the stop signals around a run
from ._signals import take_over as take_over
from ._summary import summary_of

# Why a webhook run is incomplete: without an application context the module refuses every method.
WEBHOOK_REACH = (
    "a webhook has no application context: BIconnector answers its calls with ACCESS_DENIED "
    "(only *.fields answers), so the methods' behaviour was not checked; run with OAuth for that"
)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("b24-conformance", "Bitrix24 BIconnector conformance")
    for option in OPTIONS:
        kwargs = {"dest": "b24_" + option.name, "default": None, "help": f"{option.help} (env {option.env})"}
        if option.choices:
            kwargs["choices"] = option.choices
        group.addoption(option.flag, **kwargs)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "b24: a conformance test that talks to the configured target")
    values = {option.name: config.getoption("b24_" + option.name) for option in OPTIONS}
    try:
        config.stash[RUN_CONFIG] = RunConfig.from_values(values)
    except ConfigError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[RECORDER] = Recorder()
    config.stash[ACTIVE] = False
    config.pluginmanager.register(_report_hooks, "b24-conformance-reports")


def pytest_unconfigure(config: pytest.Config) -> None:
    guard = config.stash.get(SIGNALS, None)
    if guard is not None:
        guard.restore()
    if config.stash.get(FROZEN, False):
        gc.unfreeze()  # pytest.main may be one call of a longer process


def pytest_ignore_collect(collection_path, config: pytest.Config) -> bool | None:
    """The suite's batched probes (suite/test_batch.py) are collected only for a run with --batch."""
    from pathlib import Path

    if (
        collection_path == Path(__file__).parent.parent / "suite" / "test_batch.py"
        and RUN_CONFIG in config.stash
    ):
        return None if config.stash[RUN_CONFIG].batch else True
    return None


def pytest_collection_finish(session: pytest.Session) -> None:
    """The run is active when suite tests remain once -k, -m and the like have deselected theirs."""
    config = session.config
    config.stash[ACTIVE] = not config.option.collectonly and any(
        item.get_closest_marker("b24") for item in session.items
    )
    # only a conformance run takes over the stop signals; pytest-xdist workers stop with their controller
    if config.stash[ACTIVE] and not hasattr(config, "workerinput"):
        config.stash[SIGNALS] = guard = SignalGuard()
        guard.install()
    if config.stash[ACTIVE]:
        _report_hooks.add_report_metadata(config)
        # What is alive now (modules, the contract, schemas, collected tests) lives as long as the run:
        # kept out of the collector's full passes, which otherwise walk it all again and again.
        # (a process that froze objects of its own before keeps them frozen after the run)
        config.stash[FROZEN] = gc.get_freeze_count() == 0
        gc.freeze()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """A stop signal ends the run at the next test, also where the test under way sent nothing."""
    guard = item.config.stash.get(SIGNALS, None)
    if guard is not None:
        guard.raise_if_stopped()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    """A suite test that runs out of request budget outside its probes is skipped, not failed."""
    from ..engine import BudgetSpent

    try:
        return (yield)
    except BudgetSpent as exc:
        item.config.stash[RECORDER].budget_stopped(item.nodeid.rpartition("/")[2])
        pytest.skip(f"{exc}; the test is listed in summary.json under unsent_tests")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """A test that fails other than with a finding is the suite going wrong: it makes the verdict error."""
    report = yield
    if report.failed and not (report.when == "call" and call.excinfo and _is_finding(call.excinfo.value)):
        lines = str(call.excinfo.value).strip().splitlines() if call.excinfo else []
        kind = call.excinfo.typename if call.excinfo else "failed"
        message = f"{kind} in {report.when}" + (f": {lines[0]}" if lines else "")
        session = item.config.stash.get(SESSION, None)
        silent = session is not None and session.sender.silent  # a target going away, maybe: see verdict
        item.config.stash[RECORDER].test_error(item.nodeid.rpartition("/")[2], message, target_silent=silent)
    finding = report.failed and report.when == "call" and call.excinfo and _is_finding(call.excinfo.value)
    if finding and item.config.option.tbstyle == "no":
        # report.html's log of the test: the findings with their reproduce lines, no traceback
        report.longrepr = _findings_text(call.excinfo.value)
    return report


def _findings_text(exc: BaseException) -> str:
    """The text of every finding an exception (or a group of them) carries, one block each."""
    if isinstance(exc, BaseExceptionGroup):
        return "\n\n".join(_findings_text(inner) for inner in exc.exceptions)
    return str(exc)


def _is_finding(exc: BaseException) -> bool:
    """Whether exc carries fail findings only (ConformanceFailure, or a group of them)."""
    if isinstance(exc, BaseExceptionGroup):
        return all(_is_finding(inner) for inner in exc.exceptions)
    # told by shape: the plugin does not import findings (see the import allowlist)
    return isinstance(exc, AssertionError) and bool(getattr(exc, "findings", None))


@pytest.fixture(scope="session")
def b24_config(pytestconfig: pytest.Config) -> RunConfig:
    """The resolved settings of this run."""
    return pytestconfig.stash[RUN_CONFIG]


@pytest.fixture(scope="session")
def b24_recorder(pytestconfig: pytest.Config) -> Recorder:
    """The run's tally of requests, findings and coverage."""
    return pytestconfig.stash[RECORDER]


@pytest.fixture(scope="session")
def b24_session(pytestconfig: pytest.Config, b24_config: RunConfig, b24_recorder: Recorder):
    """The open session against the target; exits the run when the target cannot be used."""
    from ..contract import default_contract
    from ..engine import ConformanceSession, Unreachable

    try:
        session = ConformanceSession.open(b24_config, default_contract(), b24_recorder)
    except ConfigError as exc:
        b24_recorder.fail_run("configuration", str(exc), 2)
        pytest.exit(str(exc), returncode=2)
    pytestconfig.stash[SESSION] = session
    guard = pytestconfig.stash.get(SIGNALS, None)
    if guard is not None:
        session.sender.before_request = guard.raise_if_stopped  # a stop signal ends the run at a request
    try:
        session.probe_reachable()
    except Unreachable as exc:
        message = f"The target could not be reached: {exc}"
        b24_recorder.fail_run("unreachable", message, 3)
        session.close()
        pytest.exit(message, returncode=3)
    except ConfigError as exc:
        b24_recorder.fail_run("configuration", str(exc), 2)
        session.close()
        pytest.exit(str(exc), returncode=2)
    if session.auth == "webhook":
        b24_recorder.incomplete("webhook_reach", WEBHOOK_REACH)
    yield session
    cleanup(pytestconfig)


@pytest.fixture
def b24_portal():
    """For a client team's tests: a live mock on a loopback port (clientcheck.LivePortal), stopped after."""
    from ..clientcheck import LivePortal  # imported on use: most pytest runs never ask for it

    with LivePortal() as portal:
        yield portal


@pytest.fixture(scope="session")
def b24_objects(b24_session):
    """The connector and source (own and another application's) the probes use; deleted at the end."""
    return b24_session.prepare_objects()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    if not config.stash.get(ACTIVE, False):
        return
    guard = config.stash.get(SIGNALS, None)
    if guard is not None:
        guard.finishing = True  # a signal from here on must not break into the cleanup or the reports
    cleanup(config)  # also after an interrupted run, where fixture teardown may not have run
    recorder = config.stash[RECORDER]
    if hasattr(config, "workerinput"):  # a pytest-xdist worker: the controller writes the summary
        config.workeroutput["b24_recorder"] = recorder.export()
        return
    if guard is not None and guard.stopped_by is not None:
        recorder.interrupted(guard.stopped_by)
    if exitstatus == pytest.ExitCode.INTERNAL_ERROR:
        recorder.fail_run(
            "internal", "pytest stopped with an internal error (its INTERNALERROR lines are above)", 2
        )
    lost = recorder.incomplete_reasons.get("target_lost")
    if exitstatus == pytest.ExitCode.INTERRUPTED and recorder.error is None and lost is None:
        recorder.incomplete("interrupted", "the run was interrupted before it sent what it planned")
    if recorder.error is not None:
        _plain_stop_line(config, recorder.error.message)
    elif lost is not None:
        _plain_stop_line(config, lost)  # the sender stopped the tests the way a stop signal does
    elif recorder.interrupted_by is not None:
        _plain_stop_line(config, f"stopped by {recorder.interrupted_by}")
    run = config.stash[RUN_CONFIG]
    config.stash[SUMMARY] = summary = summary_of(config)
    if run.report_dir is not None:
        write_summary(run.report_dir / "summary.json", summary)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    """pytest-xdist: fold a finished worker's recording into the controller's."""
    data = getattr(node, "workeroutput", {}).get("b24_recorder")
    if data is not None:
        node.config.stash[ACTIVE] = True
        node.config.stash[RECORDER].merge(data)


def _plain_stop_line(config: pytest.Config, message: str) -> None:
    """Have pytest's line about the stop say message, not `_pytest.outcomes.Exit: ...` or a code location.

    The stop was the plugin's own (a pytest.exit, or a stop signal turned into KeyboardInterrupt).
    pytest offers no public way to word that line, so the terminal reporter's memo of the stop, from
    which it prints the line, gets the message; where the memo is not shaped so, pytest's line stays.
    """
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    crash = getattr(getattr(reporter, "_keyboardinterrupt_memo", None), "reprcrash", None)
    if crash is not None and hasattr(crash, "message"):
        crash.message = message
