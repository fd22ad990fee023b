"""replay: send a summary's failing requests again and judge them with the current checks."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, TextIO

from ..batch import BATCH, command_exchanges
from ..checks import BATCH_COMMAND_CHECKS, CheckContext, check_batch, run_checks, transport_finding
from ..client import Client, TransportError
from ..contract import PLACEMENTS, Contract, Method, default_contract
from ..exchange import Exchange, made_id
from ..findings import CHECKS, Finding
from ..outcome import SUCCESS, Expectation, Outcome
from ._curl import CurlCall, CurlError, parse_curl

# Checks judged on one exchange; lifecycle and isolation findings need a sequence of calls.
REPLAYABLE = frozenset(CHECKS) - {"lifecycle", "isolation"}
# Ids the original run made; its cleanup deleted them, so their answers may differ for that alone.
RUN_OBJECT_CLASSES = frozenset({"id.existing", "id.foreign"})
# Checks judged on a batch call as a whole; the others judge the answer of one of its commands.
_WHOLE_BATCH_CHECKS = frozenset({"batch", "transport"})
_EXPECTED = re.compile(r"^(\S+)(?: \(the module answers (\S+)\))?$")
_FINDING_FIELDS = frozenset(f.name for f in fields(Finding))


class ReplayError(ValueError):
    """A summary that cannot be replayed at all; the message says what was expected."""


class _NotReplayable(Exception):
    """Why the findings of one reproduce line cannot be replayed; the message is the reason shown."""


@dataclass(frozen=True)
class _Target:
    """A reproduce line to send again: the call, the contract method its findings are about and, for a
    batch, its command keys in the order sent."""

    call: CurlCall
    method: Method
    commands: tuple[str, ...] = ()  # () for a call that is no batch

    @property
    def is_batch(self) -> bool:
        return self.call.rest_method == BATCH

    @property
    def command(self) -> str | None:
        """The one command of a batch, whose answer its per-command findings are judged on."""
        return self.commands[0] if len(self.commands) == 1 else None


@dataclass(frozen=True)
class _Rechecked:
    """The findings of the checks run again, and why a batch command's checks could not run."""

    findings: list[Finding]
    unanswered: str | None = None  # set when the batch answered no command: its command findings still fail
    no_answer: str | None = None  # set when no HTTP answer came: only a transport finding can be judged


@dataclass(frozen=True)
class _Verdict:
    finding: Finding
    state: str  # still fails | no longer fails | not replayed
    detail: str


def replay(
    summary_path: str | os.PathLike[str],
    client: Client,
    *,
    out: TextIO | None = None,
    contract: Contract | None = None,
    placement: str | None = None,
    read_only: bool = False,
    webhook: Client | None = None,
) -> int:
    """Re-send the fail findings' requests of summary_path through client; 1 when any still fails, else 0.

    The verdicts go to out (default: standard output); placement defaults to the summary's
    error_placement; read_only leaves out requests of methods that change the target. An add that
    succeeds again is deleted at once. A line the run sent through the portal's webhook goes through
    webhook, a client of the target's webhook; without one, its findings are not replayed.
    """
    out = sys.stdout if out is None else out  # looked up now, so that a redirected stdout is used
    summary = load_summary(summary_path)
    contract = contract or default_contract()
    placement = placement or summary.get("error_placement") or "nested"
    if placement not in PLACEMENTS:
        raise ReplayError(f"Expected error placement 'nested' or 'root', got {placement!r}")
    failing = [_finding(item) for item in summary.get("findings", []) if item.get("severity") == "fail"]
    groups: dict[str, list[Finding]] = {}
    for finding in failing:
        groups.setdefault(finding.reproduce, []).append(finding)
    verdicts: list[_Verdict] = []
    for reproduce, group in groups.items():
        judged = _replay_group(reproduce, group, (client, webhook), contract, placement, read_only, out)
        for verdict in judged:
            print(_line(verdict), file=out)
        verdicts += judged
    tally = {state: sum(v.state == state for v in verdicts) for state in _STATES}
    print(
        f"replay: {tally['still fails']} still fail, {tally['no longer fails']} no longer fail, "
        f"{tally['not replayed']} not replayed",
        file=out,
    )
    return 1 if tally["still fails"] else 0


_STATES = ("still fails", "no longer fails", "not replayed")


def _replay_group(
    reproduce: str,
    group: list[Finding],
    clients: tuple[Client, Client | None],
    contract: Contract,
    placement: str,
    read_only: bool,
    out: TextIO,
) -> list[_Verdict]:
    """Send one recorded request once (through the webhook's client, clients[1], when the run sent it
    through the portal's webhook) and judge every finding it carried."""

    def skipped(reason: str, findings: list[Finding]) -> list[_Verdict]:
        return [_Verdict(f, "not replayed", reason) for f in findings]

    verdicts = skipped(
        "it needs a sequence of calls: run the suite again", [f for f in group if f.check not in REPLAYABLE]
    )
    group = [f for f in group if f.check in REPLAYABLE]
    if not group:
        return verdicts
    if not reproduce:
        return verdicts + skipped("no request was recorded with it", group)
    try:
        target = _target(reproduce, contract)
    except _NotReplayable as exc:
        return verdicts + skipped(str(exc), group)
    unjudgeable = _needing_one_command(target, group)
    reason = (
        "Expected a batch of the one command whose answer the finding is about, "
        f"got a batch of {len(target.commands)} commands"
    )
    verdicts += skipped(reason, unjudgeable)
    group = [f for f in group if f not in unjudgeable]
    if not group:
        return verdicts
    client, webhook = clients
    if target.call.through_webhook:
        if webhook is None:
            reason = (
                "the run sent it through the portal's webhook: give replay --webhook URL (or B24_WEBHOOK)"
            )
            return verdicts + skipped(reason, group)
        client = webhook
    method = target.method
    if read_only and method.effect != "read":
        reason = f"{method.name} changes the target ({method.effect}) and the replay is read-only"
        return verdicts + skipped(reason, group)
    expectation, unknown = _expectation(group)
    verdicts += skipped("its expected outcome cannot be read from the finding", unknown)
    judged = [f for f in group if f not in unknown]
    if not judged:
        return verdicts
    input_class = next((f.input_class for f in judged if f.input_class), None)  # a batch finding has none
    _print_notes(target, input_class, out)
    context = CheckContext(contract, method, placement, expectation, input_class)  # type: ignore[arg-type]
    rechecked = _send(client, target, context, out)
    return verdicts + [_judge(finding, rechecked) for finding in judged]


def _needing_one_command(target: _Target, group: list[Finding]) -> list[Finding]:
    """The findings about one command's answer, when the target is a batch of several commands."""
    if not target.is_batch or target.command is not None:
        return []
    return [f for f in group if f.check not in _WHOLE_BATCH_CHECKS]


def _print_notes(target: _Target, input_class: str | None, out: TextIO) -> None:
    """Say what may make the replayed answer differ from the run's for reasons other than the target."""
    name = target.method.name
    if target.call.masked:
        print(f"note: {name} is replayed with *** in {', '.join(target.call.masked)}", file=out)
    if input_class in RUN_OBJECT_CLASSES:
        print(f"note: {name} [{input_class}] names an object the original run deleted", file=out)


def _target(reproduce: str, contract: Contract) -> _Target:
    """The call of a reproduce line and the contract method it is about (a batch's: its commands' method)."""
    try:
        call = parse_curl(reproduce)
    except CurlError as exc:
        raise _NotReplayable(f"its reproduce line cannot be read: {exc}") from None
    if call.rest_method != BATCH:
        return _Target(call, _contract_method(contract, call.rest_method))
    commands = _batch_commands(call)
    names = sorted({text.partition("?")[0] for text in commands.values()})
    if len(names) != 1:
        raise _NotReplayable(
            f"Expected every command of its batch to call one method, got {', '.join(names)}"
        )
    return _Target(call, _contract_method(contract, names[0]), tuple(commands))


def _contract_method(contract: Contract, name: str) -> Method:
    method = contract.methods.get(name)
    if method is None:
        raise _NotReplayable(f"{name} is not a method of the contract")
    return method


def _batch_commands(call: CurlCall) -> dict[str, str]:
    """The batch's commands, key -> "method?query", as its reproduce line sent them."""
    commands = call.params.get("cmd")
    if not isinstance(commands, Mapping) or not commands:
        raise _NotReplayable(f"Expected its batch to carry commands as a map in cmd, got {_short(commands)}")
    for key, text in commands.items():
        if not isinstance(text, str) or not text.partition("?")[0]:
            raise _NotReplayable(f"Expected batch command {key!r} as 'method?query' text, got {_short(text)}")
    return {str(key): text for key, text in commands.items()}


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _send(client: Client, target: _Target, context: CheckContext, out: TextIO) -> _Rechecked:
    """Send the target's call once, delete what it added, and run the checks again on the answer."""
    call = target.call
    try:
        exchange = client.call(call.rest_method, call.params, encoding=call.encoding)
    except TransportError as exc:
        finding = transport_finding(target.method.name, exc.message, exc.request.curl())
        return _Rechecked([finding], no_answer=exc.message)
    if target.is_batch:
        return _recheck_batch(client, target, exchange, context, out)
    _undo_create(client, target.method, exchange, out)
    return _Rechecked(run_checks(exchange, context))


def _recheck_batch(
    client: Client, target: _Target, exchange: Exchange, context: CheckContext, out: TextIO
) -> _Rechecked:
    """The batch check on the whole answer and the command checks on the answer of its only command."""
    answers = command_exchanges(exchange)
    for answer in answers.values():
        _undo_create(client, target.method, answer, out)  # every command calls target.method
    findings = check_batch(exchange, context)
    key = target.command
    if key is None:
        return _Rechecked(findings)
    if key not in answers:
        unanswered = (
            f"the batch answered no command: {key!r} is in neither result nor result_error "
            f"(HTTP {exchange.response.status})"
        )
        return _Rechecked(findings, unanswered)
    return _Rechecked(findings + run_checks(answers[key], context, BATCH_COMMAND_CHECKS))


def _judge(finding: Finding, rechecked: _Rechecked) -> _Verdict:
    """Whether finding's check fired again with severity fail on the replayed answer."""
    if rechecked.no_answer is not None and finding.check != "transport":
        return _Verdict(finding, "not replayed", f"the target gave no answer: {rechecked.no_answer}")
    if rechecked.unanswered is not None and finding.check not in _WHOLE_BATCH_CHECKS:
        return _Verdict(finding, "still fails", rechecked.unanswered)
    again = [f for f in rechecked.findings if f.check == finding.check and f.severity == "fail"]
    if again:
        return _Verdict(finding, "still fails", again[0].observed or again[0].message)
    return _Verdict(finding, "no longer fails", f"was: {finding.observed or finding.message}")


def _undo_create(client: Client, method: Method, exchange: Exchange, out: TextIO) -> None:
    """Delete what a replayed add made: a replay must leave the target as it found it."""
    if method.effect != "create":
        return
    object_id = made_id(exchange)
    if object_id is None:
        return
    entity = method.storage
    try:
        answer = client.call(f"biconnector.{entity}.delete", {"id": object_id}).response
    except TransportError as exc:
        print(f"warning: could not delete {entity} {object_id} the replay made: {exc.message}", file=out)
        return
    if not (answer.is_json and isinstance(answer.json, dict) and answer.json.get("result") is True):
        print(f"warning: could not delete {entity} {object_id} the replay made: {answer.snippet()}", file=out)


def _expectation(group: list[Finding]) -> tuple[Expectation | None, list[Finding]]:
    """The oracle's expectation as the group's error-code findings state it, and those that state none."""
    expectation, unknown = None, []
    for finding in group:
        if finding.check != "error-code" or finding.expected.startswith("one of "):
            continue  # an undocumented code is judged without the oracle
        match = _EXPECTED.match(finding.expected)
        if match is None:
            unknown.append(finding)
            continue
        documented = _outcome(match.group(1))
        expectation = Expectation(documented, _outcome(match.group(2)) if match.group(2) else documented)
    return expectation, unknown


def _outcome(text: str) -> Outcome:
    return SUCCESS if text == "success" else Outcome(text)


def _line(verdict: _Verdict) -> str:
    finding = verdict.finding
    where = f" [{finding.input_class}]" if finding.input_class else ""
    return f"{verdict.state:<15}  {finding.check}: {finding.method}{where}: {verdict.detail}"


def _finding(item: Mapping[str, Any]) -> Finding:
    try:
        return Finding(**{key: value for key, value in item.items() if key in _FINDING_FIELDS})
    except (TypeError, ValueError) as exc:
        raise ReplayError(
            f"Expected findings as summary.json writes them, got {dict(item)!r}: {exc}"
        ) from None


def load_summary(summary_path: str | os.PathLike[str]) -> dict[str, Any]:
    """A run's summary.json as a dict; ReplayError when it is missing or no summary."""
    path = Path(summary_path)
    try:
        summary = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReplayError(f"Expected a summary.json at {str(path)!r}, found none") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReplayError(
            f"Expected {str(path)!r} to hold JSON, got a file that does not parse: {exc}"
        ) from None
    if not isinstance(summary, dict) or not isinstance(summary.get("findings"), list):
        raise ReplayError(f"Expected a summary.json object with a findings list in {str(path)!r}")
    return summary
