"""Scenarios of limits and transport: rate bucket, operating time, tokens, lost and slow answers."""

from __future__ import annotations

from ..mock import TOKEN_METHOD, MockConfig
from ._samples import ADD, FIELDS, LIST, connector
from ._scenario import CLIENT_TIMEOUT_S, Stage, scenario, scripted

# The operating limit scaled down: 0.5 s of work in a 1 s window (10 baskets of 0.1 s), 0.3 s a call.
_OPERATING = {"operating_limit_s": 0.5, "operating_cost_s": 0.3, "operating_basket_s": 0.1}
SLOW_ANSWER_S = CLIENT_TIMEOUT_S + 1.5
# A request counts as sent before the reset moment only when it is earlier by more than this
# (the portal stamps with its clock, the recorder with the same machine's).
_CLOCK_SLACK_S = 0.05


@scenario(
    "query-limit",
    "A 503 QUERY_LIMIT_EXCEEDED burst is waited out, every task completes, and no request goes into "
    "a full bucket after the first 503.",
    config=lambda: MockConfig(rate_limit=(3, 2.0)),
)
def query_limit(stage: Stage) -> None:
    _expect_every_call_completes(stage, 7)
    refused = [r for r in stage.traffic if r.status == 503]
    if len(refused) > 1:
        first = stage.traffic.index(refused[0])
        stage.fail(
            f"expected no request into a full bucket after the first 503, got {len(refused) - 1} more 503s",
            traffic=stage.traffic[first:],
        )


@scenario(
    "operating-limit",
    "After a 429 OPERATION_TIME_LIMIT the method is not called again before the operating_reset_at "
    "the portal announced, and the task completes.",
    config=lambda: MockConfig(**_OPERATING),
)
def operating_limit(stage: Stage) -> None:
    _expect_every_call_completes(stage, 4)
    sent = stage.calls(FIELDS)
    reset_at = None
    blocked = False
    for request in sent:
        if blocked and reset_at is not None and request.sent_at < reset_at - _CLOCK_SLACK_S:
            early = reset_at - request.sent_at
            stage.fail(
                f"expected no call before operating_reset_at, got one {early:.2f} s early",
                traffic=sent,
            )
            return
        if request.status == 429:
            blocked = True
            continue
        blocked = False
        block = request.answer.get("time") if isinstance(request.answer, dict) else None
        if isinstance(block, dict) and "operating_reset_at" in block:
            reset_at = float(block["operating_reset_at"])


@scenario(
    "expired-token",
    "An expired_token answer mid-task is renewed once through the token endpoint and the call repeated once.",
    setup=scripted("expire-tokens", FIELDS, nth=2),
)
def expired_token(stage: Stage) -> None:
    outcomes = [stage.run("call", FIELDS) for _ in range(3)]
    failed = [o for o in outcomes if not o.ok]
    if failed:
        stage.fail("expected all 3 calls to complete", client=failed[0], traffic=stage.traffic)
    traffic = stage.traffic
    expired = [i for i, r in enumerate(traffic) if r.error == "expired_token"]
    renewals = [i for i, r in enumerate(traffic) if r.method == TOKEN_METHOD]
    if len(expired) != 1 or len(renewals) != 1 or renewals[0] < expired[0]:
        stage.fail(
            f"expected one expired_token answer, then one renewal; got {len(expired)} expired_token "
            f"answers and {len(renewals)} renewals",
            traffic=traffic,
        )
        return
    repeat = traffic[renewals[0] + 1 :]
    if not repeat or repeat[0].method != FIELDS or repeat[0].auth == traffic[expired[0]].auth:
        stage.fail("expected the call repeated with the new token right after the renewal", traffic=traffic)
    calls = stage.calls(FIELDS)
    if len(calls) != 4:
        stage.fail(f"expected 3 calls plus one repeat (4 requests), got {len(calls)}", traffic=traffic)


@scenario(
    "lost-answer",
    "An add whose answer was lost after the portal acted is not blindly repeated into a duplicate.",
    setup=scripted("lost-answer", ADD),
)
def lost_answer(stage: Stage) -> None:
    title = "client-check lost answer"
    outcome = stage.run("call", ADD, {"fields": connector(title)})
    made = [item for item in stage.seed(LIST, {"filter": {"title": title}}) if item.get("title") == title]
    if len(made) > 1:
        stage.fail(
            f"expected at most one connector titled {title!r}, found {len(made)}",
            client=outcome,
            traffic=stage.calls(ADD),
        )
    if outcome.ok and made and outcome.value != {"id": made[0]["id"]} and outcome.value != made[0]["id"]:
        stage.fail(
            f"expected the id of the connector the portal made ({made[0]['id']})",
            client=outcome,
            traffic=stage.calls(ADD),
        )
    if outcome.timed_out or outcome.crashed:
        stage.fail("expected an error or the connector's id", client=outcome, traffic=stage.calls(ADD))


@scenario(
    "slow-answer",
    f"An answer held {SLOW_ANSWER_S:g} s hits the client's own timeout ({CLIENT_TIMEOUT_S:g} s): "
    "the client gives up on it instead of waiting.",
    setup=scripted("slow-answer", FIELDS, delay_s=SLOW_ANSWER_S),
)
def slow_answer(stage: Stage) -> None:
    outcome = stage.run("call", FIELDS)
    if outcome.timed_out or outcome.crashed or outcome.elapsed_s >= SLOW_ANSWER_S - 0.1:
        stage.fail(
            f"expected the client to stop waiting after about {CLIENT_TIMEOUT_S:g} s",
            client=outcome,
            traffic=stage.calls(FIELDS),
        )


def _expect_every_call_completes(stage: Stage, count: int) -> None:
    """The client completes count calls of FIELDS in a row, however the portal holds it back."""
    failed = [outcome for outcome in (stage.run("call", FIELDS) for _ in range(count)) if not outcome.ok]
    if failed:
        stage.fail(
            f"expected all {count} calls to complete, {len(failed)} did not",
            client=failed[0],
            traffic=stage.traffic,
        )
