"""The time check: module answers carry a consistent `time` block, framework errors carry none.

Tolerances: duration must equal finish - start within 0.01 s or 1 %, whichever is larger (the
module computes both from separate float reads), and processing may exceed duration by as much.
The module may truncate start to an integer (FACTS 0.7: microtime stored in an int property), so
when start is integral the true start can lie up to 1 s later: duration may then be up to 1 s
shorter than finish - start, processing up to 1 s longer, and date_start up to 1 s later than start.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from conformance.contract import describe_error
from conformance.exchange import Exchange
from conformance.findings import Finding

from ._classify import error_code_of, error_family
from ._context import CheckContext, clip, report
from ._registry import check
from ._shape import readable

ABSOLUTE_TOLERANCE_S = 0.01
RELATIVE_TOLERANCE = 0.01
TRUNCATED_START_SLACK_S = 1.0
_SHOWN_TIME_LIMIT = 80  # characters of a framework error's time shown in a finding

Problem = tuple[str, str, str]  # message, expected, observed


@check
def time(exchange: Exchange, ctx: CheckContext) -> list[Finding]:
    """Module answers need a valid, self-consistent time; framework errors must have none."""
    response = exchange.response
    kind = readable(ctx.contract, response)
    if kind is None:
        return []
    body = response.json
    if kind != "method-error-nested" and error_family(ctx.contract, response) == "framework":
        if "time" not in body:
            return []
        problems = [
            (
                f"Framework error {error_code_of(response)} carries time; the framework sends it without",
                "no time key",
                f"time={clip(repr(body['time']), _SHOWN_TIME_LIMIT)}",
            )
        ]
    elif "time" not in body:
        if kind != "success" and kind != "method-error-nested":
            return []  # the seed documents show root-placed method errors without time
        where = "success" if kind == "success" else "nested method error"
        problems = [(f"Expected time on a module answer ({where}), got none", "a time object", "no time key")]
    else:
        problems = time_problems(ctx, body["time"])
    return [
        report(exchange, ctx, "time", message, expected=expected, observed=observed)
        for message, expected, observed in problems
    ]


def time_problems(ctx: CheckContext, block: Any) -> list[Problem]:
    """Every way a time block breaks envelope/time.json or is inconsistent with itself."""
    errors = [describe_error(error) for error in ctx.contract.envelope("time").iter_errors(block)]
    if errors:
        message = f"time does not match envelope/time.json: {errors[0]}"
        return [(message, "envelope/time.json", "; ".join(errors[:3]))]
    start, finish = float(block["start"]), float(block["finish"])
    duration, processing = float(block["duration"]), float(block["processing"])
    slack = TRUNCATED_START_SLACK_S if start.is_integer() else 0.0
    span = finish - start
    tolerance = max(ABSOLUTE_TOLERANCE_S, RELATIVE_TOLERANCE * abs(span))
    problems: list[Problem] = []
    if finish < start:
        observed = f"start={start}, finish={finish}"
        problems.append(("time.finish is before time.start", "finish >= start", observed))
    if not span - slack - tolerance <= duration <= span + tolerance:
        truncated = " (start is a truncated integer: up to 1 s less)" if slack else ""
        problems.append(
            (
                "time.duration disagrees with finish - start",
                f"duration = {span:.6f} ± {tolerance:g}{truncated}",
                f"duration={duration}",
            )
        )
    if processing > duration + tolerance + slack:
        expected = f"processing <= {duration:.6f}"
        problems.append(("time.processing exceeds time.duration", expected, f"processing={processing}"))
    problems += _date_problem("date_start", block["date_start"], "start", start, slack)
    problems += _date_problem("date_finish", block["date_finish"], "finish", finish, 0.0)
    return problems


def _date_problem(name: str, text: str, other: str, value: float, slack: float) -> list[Problem]:
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError as exc:
        return [(f"time.{name} is not an ISO 8601 date", "ISO 8601 with an offset", f"{text!r} ({exc})")]
    if parsed.tzinfo is None:
        return [(f"time.{name} has no UTC offset", "ISO 8601 with an offset", repr(text))]
    # date('c') truncates to the second, so the text may be up to one second behind the number
    behind = value - parsed.timestamp()
    if -ABSOLUTE_TOLERANCE_S - slack <= behind < 1 + ABSOLUTE_TOLERANCE_S:
        return []
    expected = datetime.fromtimestamp(math.floor(value), tz=parsed.tzinfo).isoformat()
    return [(f"time.{name} does not agree with time.{other} to the second", expected, f"{name}={text!r}")]
