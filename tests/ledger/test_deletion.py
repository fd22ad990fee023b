"""Deletion.of: what a delete's answer says, read the same way by a run's cleanup and by `cleanup`."""

from __future__ import annotations

import json

import pytest

from conformance.exchange import Response
from conformance.ledger import Deletion


def answer(body, status: int = 200) -> Response:
    return Response.from_bytes(status, {"Content-Type": "application/json"}, json.dumps(body).encode())


@pytest.mark.parametrize(
    ("body", "state"),
    [
        ({"result": True, "time": {}}, "deleted"),
        ({"result": {"error": {"error": "CONNECTOR_NOT_FOUND", "error_description": "x"}}}, "gone"),
        ({"error": "DATASET_NOT_FOUND", "error_description": "x"}, "gone"),
        ({"result": {"error": {"error": "CONNECTOR_DELETE_RESTRICTED", "error_description": "x"}}}, "left"),
        ({"result": False}, "left"),
    ],
)
def test_a_delete_answer_is_read_as_deleted_gone_or_left(body, state):
    assert Deletion.of(answer(body)).state == state


def test_a_refusal_says_the_code_and_text():
    deletion = Deletion.of(answer({"result": {"error": {"error": "BX_ERROR", "error_description": "busy"}}}))
    assert deletion == Deletion("left", "HTTP 200 BX_ERROR: busy")
