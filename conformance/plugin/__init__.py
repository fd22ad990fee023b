"""The pytest plugin: --b24-* options, the fixtures the suite uses, summary.json and the HTML report parts."""

from __future__ import annotations

import pytest

from ..engine import OPTIONS, ConfigError, Recorder, RunConfig
from ..reports import write_summary
from . import _report_hooks
from ._keys import ACTIVE, RECORDER, RUN_CONFIG, SESSION, SUMMARY
from ._summary import summary_of


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


def pytest_ignore_collect(collection_path, config: pytest.Config) -> bool | None:
    """The suite's batched probes (suite/test_batch.py) are collected only for a run with --batch."""
    from pathlib import Path

    if (
        collection_path == Path(__file__).parent.parent / "suite" / "test_batch.py"
        and RUN_CONFIG in config.stash
    ):
        return None if config.stash[RUN_CONFIG].batch else True
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    config.stash[ACTIVE] = any(item.get_closest_marker("b24") for item in items)
    if config.stash[ACTIVE]:
        _report_hooks.add_report_metadata(config)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    """A suite test that runs out of request budget outside its probes is skipped, not failed."""
    from ..engine import BudgetSpent

    try:
        return (yield)
    except BudgetSpent as exc:
        item.config.stash[RECORDER].budget_stopped(item.nodeid.rpartition("/")[2])
        pytest.skip(f"{exc}; the test is listed in summary.json under unsent_tests")


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
    yield session
    _cleanup(pytestconfig)


@pytest.fixture(scope="session")
def b24_objects(b24_session):
    """The connector and source (own and another application's) the probes use; deleted at the end."""
    return b24_session.prepare_objects()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    if not config.stash.get(ACTIVE, False):
        return
    _cleanup(config)  # also after an interrupted run, where fixture teardown may not have run
    recorder = config.stash[RECORDER]
    if hasattr(config, "workerinput"):  # a pytest-xdist worker: the controller writes the summary
        config.workeroutput["b24_recorder"] = recorder.export()
        return
    if exitstatus == pytest.ExitCode.INTERRUPTED and recorder.error is None:
        recorder.fail_run("interrupted", "The run was interrupted before it finished.", 2)
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


def _cleanup(config: pytest.Config) -> None:
    session = config.stash.get(SESSION, None)
    if session is None:
        return
    problems = session.cleanup()
    session.close()
    if problems:
        config.stash[RECORDER].fail_run(
            "cleanup", "Could not delete objects this run made: " + "; ".join(problems), 1
        )
