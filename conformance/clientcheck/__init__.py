"""The client gate: a catalog of scenarios that a client of the BIconnector methods must survive.

Each scenario serves the bundled mock over HTTP on a free loopback port, sets it up (limits, token
expiry, scripted faults such as an HTML 502 page or an answer lost after the portal acted), asks
the client under test to do tasks, and judges both what the client returned or raised and the
traffic the mock recorded. A client is plugged in as an adapter class (see Adapter and
docs/client-check.md) or as a driver process in any language spoken to in JSON lines
(DriverAdapter). For a client team's own tests: LivePortal (the b24_portal fixture), TrafficLog
(the served mock's --record file) and judge_traffic (b24-conformance judge). NaiveAdapter and
CarefulAdapter are the reference clients, and PLANTED holds, for each scenario, a careful client
that breaks exactly that scenario's rule.
"""

from . import _catalog_data, _catalog_errors, _catalog_limits  # noqa: F401 - they register the scenarios
from ._adapters import CarefulAdapter, NaiveAdapter, PortalError
from ._b24pysdk import B24pysdkAdapter
from ._driver import DriverAdapter, DriverBroken, DriverError, driver_factory
from ._judge import (
    RULES,
    Judgement,
    TrafficFileError,
    TrafficLog,
    judge_error_summary,
    judge_lines,
    judge_summary,
    judge_traffic,
    write_judge_reports,
)
from ._live import ContractBroken, LivePortal, ScriptedPortal, scenario_config, set_up
from ._load import BadAdapter, load_adapter
from ._outcome import Outcome, Task
from ._planted import PLANTED
from ._protocol import Adapter, PortalAccess
from ._report import render_html, summary, terminal_lines, write_error_reports, write_reports
from ._run import CheckResult, check_client
from ._scenario import (
    CLIENT_TIMEOUT_S,
    SCENARIOS,
    AdapterBroken,
    Problem,
    Scenario,
    ScenarioResult,
    Stage,
    play,
    scenario,
    selected,
)

__all__ = [
    "CLIENT_TIMEOUT_S",
    "PLANTED",
    "RULES",
    "SCENARIOS",
    "Adapter",
    "AdapterBroken",
    "B24pysdkAdapter",
    "BadAdapter",
    "CarefulAdapter",
    "CheckResult",
    "ContractBroken",
    "DriverAdapter",
    "DriverBroken",
    "DriverError",
    "Judgement",
    "LivePortal",
    "NaiveAdapter",
    "Outcome",
    "PortalAccess",
    "PortalError",
    "Problem",
    "Scenario",
    "ScenarioResult",
    "ScriptedPortal",
    "Stage",
    "Task",
    "TrafficFileError",
    "TrafficLog",
    "check_client",
    "driver_factory",
    "judge_error_summary",
    "judge_lines",
    "judge_summary",
    "judge_traffic",
    "load_adapter",
    "play",
    "render_html",
    "scenario",
    "scenario_config",
    "selected",
    "set_up",
    "summary",
    "terminal_lines",
    "write_error_reports",
    "write_judge_reports",
    "write_reports",
]
