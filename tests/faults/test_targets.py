"""Every fault changes the mock's answer to a request it targets and leaves another request's alone."""

from __future__ import annotations

import time

import pytest

from conformance.faults import FAULTS, SLOW_ENV, with_faults

from .conftest import Call, connector_fields, normal, send

GET = "biconnector.connector.get"
SOURCE_GET = "biconnector.source.get"
LIST = "biconnector.connector.list"
ADD = "biconnector.connector.add"
OWN, FOREIGN_ID, UNKNOWN = {"id": 1}, {"id": 2}, {"id": 999}
BAD_TOKEN = Call(GET, OWN, who="nobody")
NO_ROUTE = Call("/not-rest", {})
FIFTY = [Call(ADD, {"fields": connector_fields(f"c{n}")}) for n in range(49)]
BATCH_OK = Call("batch", {"halt": 0, "cmd": {"own": f"{GET}?id=1", "fields": "biconnector.connector.fields"}})
BATCH_REFUSED = Call("batch", {"halt": 0, "cmd": {"own": f"{GET}?id=1", "zero": f"{GET}?id=0"}})

# fault -> (calls whose last answer the fault changes, calls whose last answer it leaves alone)
TARGETS: dict[str, tuple[list[Call], list[Call]]] = {
    "root-placement": ([Call(GET, UNKNOWN)], [Call(GET, OWN)]),
    "nested-placement": ([Call(GET, UNKNOWN)], [Call(GET, OWN)]),
    "framework-error-nested": ([BAD_TOKEN], [Call(GET, UNKNOWN)]),
    "no-time": ([Call(GET, OWN)], [BAD_TOKEN]),
    "finish-before-start": ([Call(GET, OWN)], [BAD_TOKEN]),
    "date-start-without-offset": ([Call(GET, UNKNOWN)], [BAD_TOKEN]),
    "integer-start-drifting-duration": ([Call(GET, OWN)], [BAD_TOKEN]),
    "time-as-strings": ([Call(LIST, {})], [BAD_TOKEN]),
    "processing-exceeds-duration": ([Call(GET, OWN)], [BAD_TOKEN]),
    "framework-error-with-time": ([BAD_TOKEN], [Call(GET, OWN)]),
    "validation-http-500": ([Call(GET, {"id": 0})], [Call(GET, UNKNOWN)]),
    "not-found-http-404": ([Call(GET, UNKNOWN)], [Call(GET, {"id": 0})]),
    "no-auth-http-200": ([BAD_TOKEN], [Call(GET, UNKNOWN)]),
    "html-error-page": ([Call(GET, UNKNOWN)], [Call(GET, OWN)]),
    "wrong-content-type": ([Call(GET, OWN)], [NO_ROUTE]),
    "truncated-json": ([Call(GET, OWN)], [Call(LIST, {})]),
    "utf8-bom": ([Call(GET, OWN)], [NO_ROUTE]),
    "error-without-description": ([Call(GET, UNKNOWN)], [Call(GET, OWN)]),
    "negative-id-looked-up": ([Call(GET, {"id": -1})], [Call(GET, {"id": 0})]),
    "zero-id-accepted": ([Call(GET, {"id": "0"}, "form")], [Call(GET, {"id": -1})]),
    "missing-id-as-invalid": ([Call(GET, {})], [Call(GET, {"id": 0})]),
    "fraction-id-rounded-up": ([Call(GET, {"id": "1.5"}, "form")], [Call(GET, OWN)]),
    "string-id-rejected": ([Call(GET, {"id": "1"})], [Call(GET, {"id": "1"}, "form")]),
    "form-body-ignored": ([Call(GET, OWN, "form")], [Call(GET, OWN)]),
    "undocumented-error-code": ([Call(SOURCE_GET, UNKNOWN)], [Call(GET, {"id": 0})]),
    "numeric-zero-code": ([Call(GET, {"id": 0})], [Call(GET, UNKNOWN)]),
    "changed-error-description": ([Call(GET, {"id": "x"})], [Call(GET, {})]),
    "flaky-error-code": ([Call(GET, {"id": 0}), Call(GET, {"id": 0})], [Call(GET, {"id": 0})]),
    "slow-response": ([Call(GET, OWN)], [Call(GET, UNKNOWN)]),
    "string-id-in-get": ([Call(GET, OWN)], [Call(LIST, {})]),
    "missing-required-field": ([Call(SOURCE_GET, OWN)], [Call(LIST, {})]),
    "dates-with-time-zone": ([Call(SOURCE_GET, OWN)], [Call(LIST, {})]),
    "null-setting-values": ([Call(SOURCE_GET, OWN)], [Call(GET, OWN)]),
    "get-item-unwrapped": ([Call(GET, OWN)], [Call(LIST, {})]),
    "list-string-ids": ([Call(LIST, {})], [Call(GET, OWN)]),
    "no-app-isolation": ([Call(GET, FOREIGN_ID)], [Call(GET, UNKNOWN)]),
    "foreign-access-denied": ([Call(SOURCE_GET, FOREIGN_ID)], [Call(GET, UNKNOWN)]),
    "access-denied-root-403": ([Call(GET, OWN, who="webhook")], [Call(GET, UNKNOWN)]),
    "delete-does-not-delete": (
        [Call("biconnector.source.delete", OWN), Call(SOURCE_GET, OWN)],
        [Call("biconnector.source.delete", UNKNOWN)],
    ),
    "list-pages-of-49": ([*FIFTY, Call(LIST, {})], [Call(LIST, {})]),
    "list-honours-start": ([*FIFTY, Call(LIST, {"start": 50})], [*FIFTY, Call(LIST, {"page": 1})]),
    "list-ignores-filter": ([Call(LIST, {"filter": {"title": "none"}})], [Call(LIST, {})]),
    "list-filter-crosses-applications": (
        [Call(LIST, {"filter": {"id": 2}})],
        [Call(LIST, {"filter": {"id": 1}})],
    ),
    "batch-drops-a-command": ([BATCH_OK], [Call(GET, OWN)]),
    "batch-without-command-times": ([BATCH_OK], [Call(GET, OWN)]),
    "batch-400-on-command-error": ([BATCH_REFUSED], [BATCH_OK]),
    "update-replaces": (
        [Call("biconnector.connector.update", {"id": 1, "fields": {"title": "new"}}), Call(GET, OWN)],
        [
            Call(
                "biconnector.connector.update",
                {"id": 1, "fields": {"title": "new", "description": "kept", "sort": 100}},
            ),
            Call(GET, OWN),
        ],
    ),
}


def test_every_fault_has_targets():
    assert sorted(TARGETS) == sorted(FAULTS)


def _last(app, calls):
    answer = None
    for call in calls:
        answer = send(app, call)
    return answer


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_the_fault_changes_what_it_targets(name, twins, monkeypatch):
    monkeypatch.setenv(SLOW_ENV, "0.2")
    fault = FAULTS[name]
    plain, faulted = twins(fault.placement)
    app = with_faults(faulted, [name])
    targeted, _ = TARGETS[name]
    started = time.perf_counter()
    got = _last(app, targeted)
    elapsed = time.perf_counter() - started
    if fault.over_http:
        assert elapsed >= 0.2, f"Expected {name} to hold the answer 0.2 s, it came in {elapsed:.3f} s"
    else:
        assert normal(got) != normal(_last(plain, targeted)), f"{name} left its target's answer unchanged"


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_the_fault_leaves_other_requests_alone(name, twins, monkeypatch):
    monkeypatch.setenv(SLOW_ENV, "0.2")
    plain, faulted = twins(FAULTS[name].placement)
    app = with_faults(faulted, [name])
    _, untouched = TARGETS[name]
    started = time.perf_counter()
    got = _last(app, untouched)
    assert time.perf_counter() - started < 0.2
    assert normal(got) == normal(_last(plain, untouched))
