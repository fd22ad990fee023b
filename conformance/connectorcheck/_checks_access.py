"""urlCheck: the given settings accepted, wrong ones refused; every call answered within the budget."""

from __future__ import annotations

from ._make import finding
from ._recording import Recording
from ._registry import ConnectorFinding, connector_check
from ._values import php_truthy

ACCEPTED = "HTTP 200 and a body PHP reads as true (neither empty nor 0)"


@connector_check(endpoint="urlCheck")
def acceptance(rec: Recording) -> list[ConnectorFinding]:
    """urlCheck accepts the given settings: HTTP 200 and a body PHP reads as true."""
    call = rec.check
    if call is None or not call.answered:
        return []  # transport says why
    if call.status == 200 and php_truthy(call.body):
        return []
    why = "the body is empty" if call.status == 200 else f"HTTP {call.status}"
    return [
        finding(
            "acceptance", call, f"the portal reads this as a failed connection ({why})", expected=ACCEPTED
        )
    ]


@connector_check(endpoint="urlCheck")
def bad_credentials(rec: Recording) -> list[ConnectorFinding]:
    """urlCheck refuses wrong settings: a status other than 200, or an empty body."""
    call = rec.bad_check
    if call is None or not call.answered:
        return []
    if call.status == 200 and php_truthy(call.body):
        return [
            finding(
                "bad-credentials",
                call,
                "wrong settings were accepted: the portal reads any non-empty 200 as a working connection",
                expected="a status other than 200, or HTTP 200 with an empty body",
            )
        ]
    return []


@connector_check(endpoint="any")
def transport(rec: Recording) -> list[ConnectorFinding]:
    """Every call gets an answer: the connection is made and a status arrives."""
    return [
        finding("transport", call, "no answer", expected="an HTTP answer", observed=call.error or "")
        for call in rec.calls()
        if not call.answered and not call.timed_out
    ]


@connector_check(endpoint="any", severities=("fail", "warn"))
def answer_time(rec: Recording) -> list[ConnectorFinding]:
    """Every answer arrives within the portal's body budget (60 s); over half of it is a warning."""
    found = []
    budget = rec.budget.body_s
    for call in rec.calls():
        if call.timed_out:
            found.append(
                finding(
                    "answer-time",
                    call,
                    "the answer did not arrive in time; the portal gives up",
                    expected=f"the whole body within {budget:g} s",
                    observed=call.error or f"{call.elapsed_s:.1f} s",
                )
            )
        elif call.answered and call.elapsed_s > budget / 2:
            found.append(
                finding(
                    "answer-time",
                    call,
                    "the answer took over half of the portal's budget",
                    severity="warn",
                    expected=f"the whole body well within {budget:g} s",
                    observed=f"{call.elapsed_s:.1f} s",
                )
            )
    return found
