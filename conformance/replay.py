"""replay: send the requests of a summary's fail findings again and say which findings still fail.

A finding's reproduce line is redacted, so each request is rebuilt from the line's method, encoding and
parameters and sent with the given client's current credentials; the checks then run again on the
answer. A finding still fails when its check fires again with severity fail.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, TextIO

from ._replay_curl import CurlCall, CurlError, parse_curl, parse_form
from .checks import CheckContext, run_checks, transport_finding
from .client import Client, TransportError
from .contract import Contract, Method, default_contract
from .exchange import Exchange
from .findings import CHECKS, Finding
from .outcome import SUCCESS, Expectation, Outcome

# Checks judged on one exchange; lifecycle and isolation findings need a sequence of calls.
REPLAYABLE = frozenset(CHECKS) - {"lifecycle", "isolation"}
# Ids the original run made; its cleanup deleted them, so their answers may differ for that alone.
RUN_OBJECT_CLASSES = frozenset({"id.existing", "id.foreign"})
_EXPECTED = re.compile(r"^(\S+)(?: \(the module answers (\S+)\))?$")
_FINDING_FIELDS = frozenset(f.name for f in fields(Finding))

__all__ = ["REPLAYABLE", "CurlCall", "CurlError", "ReplayError", "parse_curl", "parse_form", "replay"]


class ReplayError(ValueError):
    """A summary that cannot be replayed at all; the message says what was expected."""


@dataclass(frozen=True)
class _Verdict:
    finding: Finding
    state: str  # still fails | no longer fails | not replayed
    detail: str


def replay(
    summary_path: str | os.PathLike[str],
    client: Client,
    *,
    out: TextIO = sys.stdout,
    contract: Contract | None = None,
    placement: str | None = None,
    read_only: bool = False,
) -> int:
    """Re-send the fail findings' requests of summary_path through client; 1 when any still fails, else 0.

    placement defaults to the summary's error_placement; read_only leaves out requests of methods that
    change the target. An add that succeeds again is deleted at once.
    """
    summary = _load(Path(summary_path))
    contract = contract or default_contract()
    placement = placement or summary.get("error_placement") or "nested"
    if placement not in ("nested", "root"):
        raise ReplayError(f"Expected error placement 'nested' or 'root', got {placement!r}")
    failing = [_finding(item) for item in summary.get("findings", []) if item.get("severity") == "fail"]
    groups: dict[str, list[Finding]] = {}
    for finding in failing:
        groups.setdefault(finding.reproduce, []).append(finding)
    verdicts: list[_Verdict] = []
    for reproduce, group in groups.items():
        judged = _replay_group(reproduce, group, client, contract, placement, read_only, out)
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
    client: Client,
    contract: Contract,
    placement: str,
    read_only: bool,
    out: TextIO,
) -> list[_Verdict]:
    """Send one recorded request once and judge every finding it carried."""

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
        call = parse_curl(reproduce)
    except CurlError as exc:
        return verdicts + skipped(f"its reproduce line cannot be read: {exc}", group)
    method = contract.methods.get(call.rest_method)
    if method is None:
        return verdicts + skipped(f"{call.rest_method} is not a method of the contract", group)
    if read_only and method.effect != "read":
        reason = f"{method.name} changes the target ({method.effect}) and the replay is read-only"
        return verdicts + skipped(reason, group)
    expectation, unknown = _expectation(group)
    verdicts += skipped("its expected outcome cannot be read from the finding", unknown)
    judged = [f for f in group if f not in unknown]
    if not judged:
        return verdicts
    first = judged[0]
    if call.masked:
        print(f"note: {method.name} is replayed with *** in {', '.join(call.masked)}", file=out)
    if first.input_class in RUN_OBJECT_CLASSES:
        print(f"note: {method.name} [{first.input_class}] names an object the original run deleted", file=out)
    fresh = _send(client, call, method, contract, placement, expectation, first.input_class, out)
    for finding in judged:
        again = [f for f in fresh if f.check == finding.check and f.severity == "fail"]
        if again:
            verdicts.append(_Verdict(finding, "still fails", again[0].observed or again[0].message))
        else:
            verdicts.append(
                _Verdict(finding, "no longer fails", f"was: {finding.observed or finding.message}")
            )
    return verdicts


def _send(
    client: Client,
    call: CurlCall,
    method: Method,
    contract: Contract,
    placement: str,
    expectation: Expectation | None,
    input_class: str | None,
    out: TextIO,
) -> list[Finding]:
    try:
        exchange = client.call(call.rest_method, call.params, encoding=call.encoding)
    except TransportError as exc:
        return [transport_finding(method.name, exc.message, exc.request.curl())]
    _undo_create(client, method, exchange, out)
    context = CheckContext(contract, method, placement, expectation, input_class)  # type: ignore[arg-type]
    return run_checks(exchange, context)


def _undo_create(client: Client, method: Method, exchange: Exchange, out: TextIO) -> None:
    """Delete what a replayed add made: a replay must leave the target as it found it."""
    body = exchange.response.json if exchange.response.is_json else None
    result = body.get("result") if isinstance(body, dict) else None
    if method.effect != "create" or not (isinstance(result, dict) and type(result.get("id")) is int):
        return
    entity = "table" if method.entity == "dataset" else method.entity
    try:
        answer = client.call(f"biconnector.{entity}.delete", {"id": result["id"]}).response
    except TransportError as exc:
        print(f"warning: could not delete {entity} {result['id']} the replay made: {exc.message}", file=out)
        return
    if not (answer.is_json and isinstance(answer.json, dict) and answer.json.get("result") is True):
        print(
            f"warning: could not delete {entity} {result['id']} the replay made: {answer.snippet()}", file=out
        )


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


def _load(path: Path) -> dict[str, Any]:
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
