"""The time check: presence, schema, arithmetic, and no time on framework errors."""

from __future__ import annotations

import pytest

from conformance.checks import CHECKS

check_time = CHECKS["time"].function


def with_time(answers, **changes):
    return answers.success(time=dict(answers.FLOAT_TIME, **changes))


@pytest.mark.parametrize(
    ("build", "status"),
    [
        (lambda a: a.success(), 200),
        (lambda a: a.nested(), 200),
        # FACTS 0.7: the module may truncate start to an integer; processing is then int - int
        (lambda a: a.success(time=a.INTEGER_START_TIME), 200),
        (lambda a: a.nested(time=a.INTEGER_START_TIME), 200),
        # duration computed from the untruncated start: up to 1 s less than finish - start
        (lambda a: a.success(time=dict(a.INTEGER_START_TIME, start=1789549488, duration=0.3)), 200),
        (lambda a: a.success(time=dict(a.FLOAT_TIME, operating=0.2, operating_reset_at=1725365999)), 200),
        (lambda a: a.success(time=dict(a.FLOAT_TIME, duration=1.62)), 200),  # within 0.01 s
        (lambda a: a.success(time=dict(a.FLOAT_TIME, date_start="2024-09-03T12:10:18Z")), 200),
        (lambda a: a.success(time=dict(a.FLOAT_TIME, date_start="2024-09-03T12:10:18.056843+00:00")), 200),
        (lambda a: a.root(), 200),  # the seed documents show root-placed method errors without time
        (lambda a: dict(a.root(), time=a.FLOAT_TIME), 200),
        (lambda a: a.framework(), 503),
    ],
)
def test_quiet_on_consistent_or_absent_where_allowed(answers, ctx, build, status):
    assert check_time(answers.exchange(build(answers), status=status), ctx) == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"finish": 1725365417.0, "duration": 0.0, "processing": 0.0}, "time.finish is before time.start"),
        ({"duration": 1.7}, "time.duration disagrees with finish - start"),
        ({"duration": 0.5}, "time.duration disagrees with finish - start"),
        ({"processing": 1.7}, "time.processing exceeds time.duration"),
        ({"date_start": "2024-09-03T14:10:20+02:00"}, "time.date_start does not agree with time.start"),
        ({"date_start": "2024-09-03T14:10:18+03:00"}, "time.date_start does not agree with time.start"),
        ({"date_finish": "2024-09-03T14:10:17+02:00"}, "time.date_finish does not agree with time.finish"),
        ({"date_start": "2024-09-03T14:10:18"}, "time does not match envelope/time.json: date_start: "),
        ({"duration": -1}, "time does not match envelope/time.json: duration: "),
        ({"start": "1725365418"}, "time does not match envelope/time.json: start: "),
        ({"date_start": "2024-13-03T14:10:18+02:00"}, "time.date_start is not an ISO 8601 date"),
    ],
)
def test_fires_on_an_inconsistent_time(answers, ctx, changes, message):
    findings = check_time(answers.exchange(with_time(answers, **changes)), ctx)
    assert {(f.check, f.severity) for f in findings} == {("time", "fail")}
    assert any(f.message.startswith(message) for f in findings), [f.message for f in findings]


def test_integer_start_still_bounds_duration(answers, ctx):
    time = dict(answers.INTEGER_START_TIME, duration=1.5)  # more than 1 s off finish - start
    (finding,) = check_time(answers.exchange(answers.success(time=time)), ctx)
    assert finding.message == "time.duration disagrees with finish - start"
    assert "truncated integer" in finding.expected


def test_fires_when_a_module_answer_has_no_time(answers, ctx):
    body = answers.nested()
    del body["time"]
    (finding,) = check_time(answers.exchange(body), ctx)
    assert finding.message == "Expected time on a module answer (nested method error), got none"
    assert finding.observed == "no time key"


def test_a_missing_time_field_is_named(answers, ctx):
    time = dict(answers.FLOAT_TIME)
    del time["processing"]
    (finding,) = check_time(answers.exchange(answers.success(time=time)), ctx)
    assert "'processing' is a required property" in finding.message


@pytest.mark.parametrize(
    ("code", "status"),
    [("QUERY_LIMIT_EXCEEDED", 503), ("ACCESS_DENIED", 403), ("QUERY_LIMIT_EXCEEDED", 200)],
)
def test_fires_when_a_framework_error_carries_time(answers, ctx, code, status):
    body = dict(answers.framework(code, "x"), time=answers.FLOAT_TIME)
    (finding,) = check_time(answers.exchange(body, status=status), ctx)
    assert finding.message.startswith(f"Framework error {code} carries time")
    assert finding.expected == "no time key"
