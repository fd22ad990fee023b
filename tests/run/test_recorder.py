"""The recorder's tally and summary, and the contract coverage computed from it."""

from __future__ import annotations

import json

from conformance.contract import default_contract
from conformance.engine import Recorder
from conformance.findings import Finding
from conformance.reports import NO_PROBE, contract_coverage, write_summary


def _finding(severity="fail", reproduce="curl a"):
    return Finding("error-code", severity, "biconnector.connector.get", "m", "X", "Y", "id.zero", reproduce)


def test_findings_are_counted_once_and_keep_the_latest_example():
    recorder = Recorder()
    recorder.record("biconnector.connector.get", "id.zero", "Y", [_finding(reproduce="curl first")])
    recorder.record("biconnector.connector.get", "id.zero", "Y", [_finding(reproduce="curl shrunk")])
    summary = recorder.summary(seed=1)
    assert summary["verdict"] == "nonconformant"
    assert summary["counts"] == {"fail": 1, "warn": 0}
    assert summary["findings"][0]["count"] == 2
    assert summary["findings"][0]["reproduce"] == "curl shrunk"


def test_warn_findings_keep_the_verdict_conformant_and_fill_the_matrix():
    recorder = Recorder()
    recorder.record("m", "id.fraction", "success", [_finding("warn")])
    recorder.record("m", "id.zero", "CODE", [])
    summary = recorder.summary()
    assert summary["verdict"] == "conformant"
    assert summary["coverage"]["m"]["verdicts"] == {"id.fraction": {"warn": 1}, "id.zero": {"pass": 1}}
    assert summary["coverage"]["m"]["error_codes"] == {"CODE": 1}
    assert summary["coverage"]["m"]["successes"] == 1


def test_not_covered_is_cleared_once_the_class_is_sent():
    recorder = Recorder()
    recorder.not_covered("m", "id.foreign", "no second application")
    assert recorder.summary()["coverage"]["m"]["not_covered"] == {"id.foreign": "no second application"}
    recorder.record("m", "id.foreign", "X", [])
    recorder.not_covered("m", "id.foreign", "late reason")
    assert recorder.summary()["coverage"]["m"]["not_covered"] == {}


def test_a_run_error_makes_the_verdict_error_and_keeps_the_first_reason():
    recorder = Recorder()
    recorder.fail_run("unreachable", "nothing listens", 3)
    recorder.fail_run("configuration", "later", 2)
    summary = recorder.summary()
    assert summary["verdict"] == "error"
    assert summary["error"] == {"kind": "unreachable", "message": "nothing listens", "exit_code": 3}


def test_tests_the_budget_stopped_are_listed_and_survive_a_worker_merge():
    worker = Recorder()
    worker.budget_stopped("test_relations.py::test_a_source_with_tables_cannot_be_deleted")
    controller = Recorder()
    controller.budget_stopped("test_lists.py::test_list_pages")
    controller.merge(json.loads(json.dumps(worker.export())))
    summary = controller.summary()
    assert summary["budget_spent"] is True
    assert summary["unsent_tests"] == [
        "test_lists.py::test_list_pages",
        "test_relations.py::test_a_source_with_tables_cannot_be_deleted",
    ]
    assert Recorder().summary()["unsent_tests"] == []


def test_summary_is_written_whole(tmp_path):
    path = tmp_path / "deep" / "summary.json"
    write_summary(path, {"verdict": "conformant"})
    assert json.loads(path.read_text()) == {"verdict": "conformant"}
    assert not list(tmp_path.rglob("*.partial"))


def test_contract_coverage_lists_unseen_codes_with_reasons():
    coverage = {
        "biconnector.source.get": {"error_codes": {"SOURCE_NOT_FOUND": 3, "VALIDATION_ID_NOT_PROVIDED": 1}},
        "not.in.contract": {"error_codes": {"X": 1}},
    }
    reasons = {
        "*": {"ACCESS_DENIED": "webhook only"},
        "biconnector.source.get": {"CONNECTOR_NOT_FOUND": "broken data"},
    }
    result = contract_coverage(coverage, default_contract(), reasons)
    entry = result["methods"]["biconnector.source.get"]
    assert entry["exercised"] == ["VALIDATION_ID_NOT_PROVIDED", "SOURCE_NOT_FOUND"]
    assert entry["not_exercised"] == {
        "ACCESS_DENIED": "webhook only",
        "VALIDATION_INVALID_ID_FORMAT": NO_PROBE,
        "CONNECTOR_NOT_FOUND": "broken data",
    }
    assert "not.in.contract" not in result["methods"]
    assert result["percent"] == 40.0


def test_the_packaged_reasons_name_only_documented_codes():
    from conformance.reports import load_reasons

    contract = default_contract()
    for method, codes in load_reasons().items():
        for code in codes:
            if method == "*":
                assert any(m.documents(code) for m in contract.methods.values()), code
            else:
                assert contract.method(method).documents(code), (method, code)


def test_a_spent_budget_or_a_stop_signal_makes_a_clean_run_incomplete():
    recorder = Recorder()
    recorder.record("m", "id.zero", "CODE", [])
    recorder.budget_stopped("test_relations.py::test_x")
    recorder.interrupted("SIGTERM")
    recorder.interrupted("SIGINT")  # the second signal does not change which one stopped the run
    summary = recorder.summary()
    assert summary["verdict"] == "incomplete"
    assert set(summary["incomplete_reasons"]) == {"budget", "interrupted"}
    assert "SIGTERM" in summary["incomplete_reasons"]["interrupted"]
    assert summary["interrupted_by"] == "SIGTERM"


def test_a_fail_finding_stands_in_an_incomplete_run():
    recorder = Recorder()
    recorder.incomplete("webhook_reach", "only ACCESS_DENIED")
    recorder.record("m", "id.zero", "Y", [_finding()])
    assert recorder.verdict() == "nonconformant"


def test_a_test_error_is_never_a_pass_and_survives_a_worker_merge():
    worker = Recorder()
    worker.test_error("test_ids.py::test_x", "RecursionError in call")
    worker.incomplete("webhook_reach", "only ACCESS_DENIED")
    controller = Recorder()
    controller.merge(json.loads(json.dumps(worker.export())))
    summary = controller.summary()
    assert summary["verdict"] == "error"
    assert summary["test_errors"] == {"test_ids.py::test_x": "RecursionError in call"}
    assert "webhook_reach" in summary["incomplete_reasons"]
