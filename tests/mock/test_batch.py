"""The batch method: commands, result/result_error/result_time, halt, the 50-command limit, no nesting."""

from __future__ import annotations

import pytest

from conformance.mock import MockPortal

from .conftest import Rest, known_config

GET = "biconnector.connector.get"
KEYS = ["result", "result_error", "result_total", "result_next", "result_time"]


def keys(array) -> list[str]:
    """The keys of a PHP array as json_encode shows it: a list is keyed 0..n-1."""
    return [str(index) for index in range(len(array))] if isinstance(array, list) else list(array)


def test_commands_run_in_order_with_their_results_and_times(rest, connector_id):
    answer = rest.call(
        "batch", {"cmd": {"one": f"{GET}?id={connector_id}", "all": "biconnector.connector.list"}}
    )
    assert answer.envelope_errors("success") == []
    body = answer.result
    assert list(body) == KEYS
    assert body["result"]["one"]["item"]["id"] == connector_id
    assert [item["id"] for item in body["result"]["all"]] == [connector_id]
    assert body["result_error"] == [] and body["result_total"] == [] and body["result_next"] == []
    assert list(body["result_time"]) == ["one", "all"]
    assert all(rest_time["duration"] >= 0 for rest_time in body["result_time"].values())


def test_a_module_error_is_a_successful_command_and_a_framework_error_is_not(rest):
    body = rest.call(
        "batch", {"cmd": {"bad": f"{GET}?id=0", "gone": "no.such.method", "ok": GET + "?id=7"}}
    ).result
    assert body["result"]["bad"] == {
        "error": {
            "error": "VALIDATION_INVALID_ID_FORMAT",
            "error_description": "ID has to be a positive integer.",
        }
    }
    assert body["result"]["ok"]["error"]["error"] == "CONNECTOR_NOT_FOUND"
    assert body["result_error"] == {
        "gone": {"error": "ERROR_METHOD_NOT_FOUND", "error_description": "Method not found!"}
    }
    assert list(body["result_time"]) == ["bad", "ok"]


def test_a_root_placed_module_error_lands_in_result_error(rest_for):
    body = rest_for(error_placement="root").call("batch", {"cmd": [f"{GET}?id=0", f"{GET}?id=x"]}).result
    assert body["result"] == [] and body["result_time"] == []
    assert [entry["error"] for entry in body["result_error"]] == ["VALIDATION_INVALID_ID_FORMAT"] * 2


def test_halt_stops_after_the_first_result_error(rest):
    commands = ["biconnector.connector.list", "no.such", "biconnector.connector.list"]
    for halt, ran in ((1, ["0"]), ("true", ["0"]), (0, ["0", "2"]), ("0", ["0", "2"])):
        body = rest.call("batch", {"halt": halt, "cmd": commands}).result
        assert keys(body["result"]) == ran, halt
        assert keys(body["result_error"]) == ["1"]


def test_list_commands_keep_php_array_shapes(rest):
    body = rest.call("batch", {"cmd": ["biconnector.connector.list", "biconnector.source.list"]}).result
    assert body["result"] == [[], []] and isinstance(body["result_time"], list)
    gap = rest.call("batch", {"cmd": ["no.such", "biconnector.source.list"]}).result
    assert gap["result"] == {"1": []}
    assert gap["result_error"] == [
        {"error": "ERROR_METHOD_NOT_FOUND", "error_description": "Method not found!"}
    ]


@pytest.mark.parametrize("encoding", ["json", "form", "query"])
def test_every_encoding_carries_commands_with_their_own_queries(rest, connector_fields, encoding):
    added = rest.call("biconnector.connector.add", {"fields": connector_fields}).result["id"]
    command = f"biconnector.connector.list?select[]=id&filter[id]={added}"
    body = rest.call("batch", {"cmd": {"q": command}}, encoding=encoding).result
    assert body["result"]["q"] == [{"id": added}]


def test_a_command_reads_an_earlier_result(rest, connector_fields):
    fields = "&".join(f"fields[{k}]={v}" for k, v in connector_fields.items() if isinstance(v, str))
    settings = "fields[settings][0][code]=t&fields[settings][0][name]=T&fields[settings][0][type]=STRING"
    commands = {
        "add": f"biconnector.connector.add?{fields}&{settings}",
        "get": f"{GET}?id=$result[add][id]",
        "missing": f"{GET}?id=$result[nothing][id]",
    }
    body = rest.call("batch", {"cmd": commands}).result
    assert body["result"]["get"]["item"]["id"] == body["result"]["add"]["id"]
    assert body["result"]["missing"]["error"]["error"] == "VALIDATION_INVALID_ID_FORMAT"


def test_a_batch_inside_a_batch_is_refused_per_command(rest):
    body = rest.call("batch", {"cmd": {"inner": "batch?cmd[x]=biconnector.connector.list"}}).result
    assert body["result_error"] == {
        "inner": {
            "error": "ERROR_BATCH_METHOD_NOT_ALLOWED",
            "error_description": "Method is not allowed for batch usage",
        }
    }


def test_fifty_commands_run_and_fifty_one_are_refused_as_a_request(rest):
    assert len(rest.call("batch", {"cmd": ["biconnector.connector.list"] * 50}).result["result"]) == 50
    answer = rest.call("batch", {"cmd": ["biconnector.connector.list"] * 51})
    assert (answer.status, answer.body) == (
        400,
        {"error": "ERROR_BATCH_LENGTH_EXCEEDED", "error_description": "Max batch length exceeded"},
    )


def test_the_commands_overflow_runs_fifty_and_refuses_the_rest_each(rest_for):
    rest = rest_for(batch_overflow="commands")
    body = rest.call("batch", {"cmd": ["biconnector.connector.list"] * 52}).result
    assert len(body["result"]) == 50
    assert body["result_error"] == {
        key: {"error": "ERROR_BATCH_LENGTH_EXCEEDED", "error_description": "Max batch length exceeded"}
        for key in ("50", "51")
    }


def test_commands_share_the_batch_credentials_and_their_checks(rest):
    token = rest.portal.issue_token(rest.portal.applications[0], scopes=("crm",))
    scoped = rest.call("batch", {"cmd": ["biconnector.connector.list"]}, token=token).result
    assert scoped["result_error"][0]["error"] == "insufficient_scope"
    hooked = rest.hook("batch", {"cmd": {"l": "biconnector.connector.list"}})
    assert hooked.result["result"]["l"]["error"]["error"] == "ACCESS_DENIED"
    assert rest.call("batch", {"cmd": {}}, token="wrong").error == "NO_AUTH_FOUND"


def test_a_batch_without_commands_answers_empty_results():
    rest = Rest(MockPortal(known_config()))
    for params in ({}, {"cmd": "biconnector.connector.list"}):
        assert rest.call("batch", params).result == {key: [] for key in KEYS}
