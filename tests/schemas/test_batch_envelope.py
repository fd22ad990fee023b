"""The batch envelope schema as data: every shape a real portal sends validates, broken shapes do not.

The real shapes come from the batch page of the REST documentation and from batch answers captured
from real portals (an error without a code, maps PHP wrote as JSON lists, operating in time blocks).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from conformance.contract import default_contract

BATCH = default_contract().envelope("batch")

TIME = {
    "start": 1724916859.421475,
    "finish": 1724916859.471588,
    "duration": 0.05011296272277832,
    "processing": 0.010200977325439453,
    "date_start": "2024-08-29T10:34:19+03:00",
    "date_finish": "2024-08-29T10:34:19+03:00",
}
OPERATING_TIME = {**TIME, "operating": 1.831031084060669}
INTEGER_START_TIME = {**TIME, "start": 1789549489, "processing": 0}
ITEM = {"item": {"id": 5, "title": "REST connector"}}


def batch(**maps: Any) -> dict[str, Any]:
    """A batch answer: the five maps (empty ones as PHP writes them, []) and the call's time."""
    empty = {name: [] for name in ("result", "result_error", "result_total", "result_next", "result_time")}
    return {"result": {**empty, **maps}, "time": TIME}


REAL_SHAPES = {
    # The documentation's success example: a map keyed by name, totals for the list command only.
    "named-commands-all-answered": batch(
        result={"get_user": {"ID": "1"}, "get_department": [{"ID": "1", "NAME": "DEMO"}]},
        result_total={"get_department": 1},
        result_time={"get_user": TIME, "get_department": TIME},
    ),
    # The documentation's halt=0 example: every command failed, so result and the other maps are [];
    # the code is lowercase and the description empty.
    "every-command-failed": batch(
        result_error={
            "get_user": {"error": "insufficient_scope", "error_description": ""},
            "get_department": {"error": "insufficient_scope", "error_description": ""},
        }
    ),
    # The documentation's halt=1 example: the first failure stops the batch; later keys are absent.
    "halted-at-the-first-failure": batch(
        result_error={"get_user": {"error": "insufficient_scope", "error_description": ""}}
    ),
    # Captured from a real portal: an error without a code has the EMPTY string as its code, and
    # result_error for keys 0..n-1 is a JSON list.
    "error-with-an-empty-code": batch(
        result_error=[{"error": "", "error_description": "ID is not defined or invalid."}],
        time={**TIME, "operating": 0},
    ),
    # Captured: commands keyed 0, 1 and 35943; the two failures (keys 0, 1) form a list, the success
    # (key 35943) an object, and its time entry carries operating.
    "mixed-list-errors-and-named-results": batch(
        result={"35943": {"ID": "35943"}},
        result_error=[
            {"error": "", "error_description": "ID is not defined or invalid."},
            {"error": "", "error_description": "Not found"},
        ],
        result_time={"35943": OPERATING_TIME},
    ),
    # Commands sent as a JSON list: every map keyed 0..n-1 is a list too.
    "commands-as-a-list": batch(result=[ITEM, ITEM], result_time=[TIME, OPERATING_TIME]),
    # A failure under a key other than 0 keeps its key: a PHP array not keyed 0..n-1 is an object.
    "list-commands-with-a-gap": batch(
        result=[ITEM],
        result_error={"1": {"error": "", "error_description": "Not found"}},
        result_time=[TIME],
    ),
    # Captured: a list command with an empty page and a total of 0.
    "empty-list-with-a-zero-total": batch(
        result={"order0": []}, result_total={"order0": 0}, result_time={"order0": OPERATING_TIME}
    ),
    # A list command with a next page: result_next and result_total as objects.
    "list-with-a-next-page": batch(
        result={"cmd0": [{"ID": "1261"}]},
        result_total={"cmd0": 7531},
        result_next={"cmd0": 50},
        result_time={"cmd0": TIME},
    ),
    # The operating-time limit's keys in the call's time and a command's.
    "operating-and-reset-in-time": {
        **batch(result={"a": ITEM}, result_time={"a": {**OPERATING_TIME, "operating_reset_at": 1778747792}}),
        "time": {**OPERATING_TIME, "operating_reset_at": 1778747792},
    },
    # The module's truncated integer start, in a command's time and in the call's.
    "integer-start-times": {
        **batch(result={"a": ITEM}, result_time={"a": INTEGER_START_TIME}),
        "time": INTEGER_START_TIME,
    },
    # A biconnector command's own error is a successful answer: it sits nested in result.result.
    "nested-module-error-in-result": batch(
        result={
            "a": {"error": {"error": "CONNECTOR_NOT_FOUND", "error_description": "Connector was not found."}}
        },
        result_time={"a": TIME},
    ),
    # A module error without a code carries the number 0.
    "numeric-zero-code": batch(
        result_error={"a": {"error": 0, "error_description": "Error deleting dataset"}}
    ),
}


@pytest.mark.parametrize("body", REAL_SHAPES.values(), ids=REAL_SHAPES.keys())
def test_every_shape_a_real_portal_sends_validates(body):
    assert [error.message for error in BATCH.iter_errors(body)] == []


def _broken(edit) -> dict[str, Any]:
    body = copy.deepcopy(REAL_SHAPES["mixed-list-errors-and-named-results"])
    edit(body)
    return body


BROKEN_SHAPES = {
    "code-with-spaces": _broken(lambda b: b["result"]["result_error"][0].update(error="NOT FOUND!")),
    "code-null": _broken(lambda b: b["result"]["result_error"][0].update(error=None)),
    "code-as-a-bare-string": _broken(lambda b: b["result"]["result_error"].__setitem__(0, "Not found")),
    "error-without-description": _broken(lambda b: b["result"]["result_error"][0].pop("error_description")),
    "negative-total": _broken(lambda b: b["result"].update(result_total={"35943": -1})),
    "next-as-a-string": _broken(lambda b: b["result"].update(result_next={"35943": "50"})),
    "map-as-a-string": _broken(lambda b: b["result"].update(result_error="")),
    "result-time-missing": _broken(lambda b: b["result"].pop("result_time")),
    "command-time-without-finish": _broken(lambda b: b["result"]["result_time"]["35943"].pop("finish")),
    "call-time-missing": _broken(lambda b: b.pop("time")),
}


@pytest.mark.parametrize("body", BROKEN_SHAPES.values(), ids=BROKEN_SHAPES.keys())
def test_broken_shapes_are_still_rejected(body):
    assert list(BATCH.iter_errors(body)) != []
