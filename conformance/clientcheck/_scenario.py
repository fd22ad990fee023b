"""Scenarios: the registry, and the Stage a scenario plays on (a live mock, its traffic, the client)."""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from werkzeug.test import Client

from ..mock import MockConfig, MockPortal, RecordedRequest, Script, TrafficRecorder, serve
from ._outcome import Outcome, Task, attempt
from ._protocol import PortalAccess


class _ScenarioNoise(logging.Filter):
    """Drops what waitress logs about what scenarios do on purpose.

    An answer the lost-answer behaviour cuts short, and a channel that finishes writing after its
    scenario's server closed (a client that gave up on a held answer): neither is a fault.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if "returned too few bytes" in record.getMessage():
            return False
        error = record.exc_info[1] if record.exc_info else None
        return not (isinstance(error, OSError) and error.errno == errno.EBADF)


logging.getLogger("waitress").addFilter(_ScenarioNoise())

# How long one task may take before the scenario gives up on the client (its thread is left behind,
# a driver is killed).
TASK_DEADLINE_S = 15.0
# The gate's own wait beyond a deadline, so that a driver's deadline (which kills it) comes first.
_DEADLINE_GRACE_S = 2.0
# The timeout a client is told to keep (PortalAccess.timeout_s); slow-answer holds an answer longer.
CLIENT_TIMEOUT_S = 1.0


class AdapterBroken(Exception):
    """The client could not be set up at all (its constructor raised): a usage error, not a verdict."""


@dataclass(frozen=True)
class Problem:
    """One way the client broke a scenario's rule: what, what the client did, what the traffic shows."""

    what: str
    client: str = ""
    traffic: str = ""

    def as_json(self) -> dict[str, str]:
        """The problem as summary.json holds it."""
        return {"what": self.what, "client": self.client, "traffic": self.traffic}


ScenarioFunction = Callable[["Stage"], None]


class Setting(Protocol):
    """What a scenario's setup acts on: a Stage, or a LivePortal in a client team's own test."""

    portal: MockPortal
    script: Script

    def seed(self, method: str, params: dict[str, Any]) -> Any: ...


# A scenario's setup: puts the portal into the scenario's state (objects, scripted behaviours) and
# returns what its play needs to know of it; keyword options (e.g. how many objects) have defaults.
SetupFunction = Callable[..., Any]


def _no_setup(setting: Setting) -> None:
    return None


@dataclass(frozen=True)
class Scenario:
    """One rule a client must keep: its name, the rule, the portal it plays against and its setup."""

    name: str
    rule: str
    play: ScenarioFunction
    config: Callable[[], MockConfig] = MockConfig
    setup: SetupFunction = _no_setup


SCENARIOS: dict[str, Scenario] = {}


def scenario(
    name: str,
    rule: str,
    *,
    config: Callable[[], MockConfig] = MockConfig,
    setup: SetupFunction = _no_setup,
):
    """Register the decorated function as the scenario name: it runs tasks on the set-up portal and judges.

    config makes the portal's MockConfig (limits); setup(setting, **options) puts the portal into the
    scenario's state, and what it returns is the Stage's `prepared`. The b24_portal fixture reads both.
    """

    def register(play: ScenarioFunction) -> ScenarioFunction:
        if name in SCENARIOS:
            raise ValueError(f"Expected a new scenario name, got {name!r}, which is registered already")
        SCENARIOS[name] = Scenario(name, rule, play, config, setup)
        return play

    return register


def scripted(behaviour: str, method: str, nth: int | None = 1, **defaults: float):
    """A setup that plants behaviour on the nth call of method (both options of the setup)."""

    def setup(setting: Setting, *, method: str = method, nth: int | None = nth, **options: float) -> None:
        unknown = set(options) - set(defaults)
        if unknown:
            raise TypeError(f"unexpected option {', '.join(sorted(unknown))}")
        setting.script.add(method, behaviour, nth=nth, **{**defaults, **options})

    return setup


def seeded(portal: MockPortal, method: str, params: dict[str, Any]) -> Any:
    """Call the portal in-process as its primary application (not recorded); the result, or raise."""
    primary = portal.applications[0]
    answer = Client(portal).post(f"/rest/{method}", json={**params, "auth": primary.access_token})
    body = answer.get_json()
    result = body.get("result") if isinstance(body, dict) else None
    if answer.status_code != 200 or (isinstance(result, dict) and "error" in result):
        raise RuntimeError(f"Expected the scenario's setup call {method} to succeed, got {body}")
    return result


AdapterFactory = Callable[[PortalAccess], Any]


@dataclass
class Stage:
    """A live mock on a free loopback port, recording the client's traffic, and the client under test."""

    scenario: Scenario
    portal: MockPortal
    script: Script
    recorder: TrafficRecorder
    access: PortalAccess
    deadline_s: float = TASK_DEADLINE_S
    client: Any = None
    prepared: Any = None
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def traffic(self) -> list[RecordedRequest]:
        """Every request the client sent so far, in order (the token endpoint's included)."""
        return list(self.recorder.requests)

    def seed(self, method: str, params: dict[str, Any]) -> Any:
        """Call the portal directly (not through the client, not recorded); the result, or raise."""
        return seeded(self.portal, method, params)

    def run(self, kind: str, method: str, params: Any = None) -> Outcome:
        """Ask the client to do one task and keep its outcome."""
        params = {} if params is None else params
        task = Task(kind, method, params)
        if kind == "call":
            action = lambda: self.client.call(method, dict(params))  # noqa: E731
        elif kind == "list_all":
            action = lambda: self.client.list_all(method, dict(params))  # noqa: E731
        elif kind == "batch":
            commands = {key: (m, dict(p)) for key, (m, p) in params.items()}
            action = lambda: self.client.batch(commands)  # noqa: E731
        else:
            raise ValueError(f"Expected a task kind call, list_all or batch, got {kind!r}")
        outcome = attempt(task, action, self.deadline_s + _DEADLINE_GRACE_S)
        broken = getattr(self.client, "broken", None)  # a driver that broke the protocol
        if broken:
            raise AdapterBroken(broken)
        self.outcomes.append(outcome)
        return outcome

    def fail(
        self, what: str, *, client: Outcome | str = "", traffic: str | list[RecordedRequest] = ""
    ) -> None:
        """Record a problem: the rule broken, what the client did, what the traffic shows."""
        told = client.brief() if isinstance(client, Outcome) else client
        if isinstance(traffic, list):
            traffic = shown(traffic)
        self.problems.append(Problem(what, told, traffic))

    def calls(self, method: str) -> list[RecordedRequest]:
        """The recorded requests of method."""
        return self.recorder.of(method)


def shown(requests: list[RecordedRequest], limit: int = 8) -> str:
    """The requests as numbered lines, the first `limit` of them."""
    lines = [f"#{i + 1} {r.brief()}" for i, r in enumerate(requests[:limit])]
    if len(requests) > limit:
        lines.append(f"... and {len(requests) - limit} more")
    return "\n".join(lines) if lines else "(no request)"


@dataclass(frozen=True)
class ScenarioResult:
    """A scenario's verdict (pass or fail), its problems, the client's outcomes and its traffic."""

    name: str
    rule: str
    verdict: str
    problems: tuple[Problem, ...]
    outcomes: tuple[Outcome, ...]
    traffic: tuple[RecordedRequest, ...]
    duration_s: float

    def as_json(self) -> dict[str, Any]:
        """The result as summary.json holds it."""
        return {
            "name": self.name,
            "rule": self.rule,
            "verdict": self.verdict,
            "duration_s": round(self.duration_s, 3),
            "problems": [p.as_json() for p in self.problems],
            "outcomes": [o.as_json() for o in self.outcomes],
            "traffic": [r.as_json() for r in self.traffic],
        }


def play(chosen: Scenario, factory: AdapterFactory, *, deadline_s: float = TASK_DEADLINE_S) -> ScenarioResult:
    """Play one scenario against a fresh client on a fresh portal.

    AdapterBroken when the client cannot be built, or a driver broke the protocol; a task that gets
    no outcome within deadline_s is the client's failure.
    """
    started = time.monotonic()
    portal = MockPortal(chosen.config())
    script = Script(portal)
    recorder = TrafficRecorder(script)
    with serve(recorder) as server:
        primary = portal.applications[0]
        access = PortalAccess(
            rest_url=f"{server.url}/rest/",
            access_token=primary.access_token,
            refresh_token=primary.refresh_token,
            client_id=primary.client_id,
            client_secret=primary.client_secret,
            oauth_url=f"{server.url}/oauth/token/",
            timeout_s=CLIENT_TIMEOUT_S,
        )
        stage = Stage(chosen, portal, script, recorder, access, deadline_s)
        try:
            stage.client = factory(access)
        except AdapterBroken:
            script.stop()
            raise
        except Exception as error:
            script.stop()
            told = _redacted(f"{type(error).__name__}: {error}", access)
            raise AdapterBroken(f"Expected the client to construct with PortalAccess, got {told}") from None
        try:
            stage.prepared = chosen.setup(stage)
            chosen.play(stage)
        except AdapterBroken:
            raise
        except Exception as error:
            stage.fail(f"the scenario could not judge the client's outcomes: {type(error).__name__}: {error}")
        finally:
            script.stop()
            _close(stage.client)
    problems = tuple(_redact_problem(p, access) for p in stage.problems)
    outcomes = tuple(replace(o, error_text=_redacted(o.error_text, access)) for o in stage.outcomes)
    return ScenarioResult(
        chosen.name,
        chosen.rule,
        "fail" if problems else "pass",
        problems,
        outcomes,
        tuple(stage.traffic),
        time.monotonic() - started,
    )


def _close(client: Any) -> None:
    close = getattr(client, "close", None)
    if callable(close):
        with contextlib.suppress(Exception):  # a client that fails to close has still been judged
            close()


def _redacted(text: str, access: PortalAccess) -> str:
    for secret in access.secrets():
        text = text.replace(secret, "[redacted]")
    return text


def _redact_problem(problem: Problem, access: PortalAccess) -> Problem:
    return Problem(*(_redacted(part, access) for part in (problem.what, problem.client, problem.traffic)))


def selected(names: list[str] | None) -> Iterator[Scenario]:
    """The scenarios named (all, in catalog order, when names is empty); ValueError for an unknown name."""
    if not names:
        yield from SCENARIOS.values()
        return
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown:
        raise ValueError(f"Expected scenario names among {', '.join(SCENARIOS)}, got {', '.join(unknown)}")
    for name in names:
        yield SCENARIOS[name]


def dumps(value: Any) -> str:
    """value as compact JSON text for messages."""
    return json.dumps(value, ensure_ascii=False, default=str)
