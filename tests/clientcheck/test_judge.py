"""The traffic file (TrafficLog, masked secrets) and its judge: each rule fires and keeps quiet; exits."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

import pytest
from werkzeug.test import Client

from conformance.cli import main
from conformance.clientcheck import TrafficFileError, TrafficLog, judge_traffic
from conformance.mock import MockPortal, RecordedRequest, TrafficRecorder

TOKEN_A, TOKEN_B = "token:aaaaaaaa", "token:bbbbbbbb"
FIELDS = "biconnector.connector.fields"
ADD = "biconnector.connector.add"


def _request(method=FIELDS, params=None, *, at=0.0, status=200, error=None, auth=TOKEN_A, **extra):
    request = RecordedRequest(
        method, params or {}, auth, True, 1000.0 + at, status=status, answered_at=1000.0 + at + 0.01
    )
    line = request.as_json()
    line.update(error=error, outcome=error or "ok", **extra)
    return line


def _file(tmp_path, lines):
    path = tmp_path / "traffic.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def _violated(tmp_path, lines) -> dict[str, int]:
    judgement = judge_traffic(_file(tmp_path, lines))
    return {rule: len(judgement.of(rule)) for rule in {v.rule for v in judgement.violations}}


def test_clean_traffic_breaks_no_rule(tmp_path):
    lines = [
        _request(at=0),
        _request("biconnector.connector.get", {"id": 5}, at=1, error="CONNECTOR_NOT_FOUND"),
        _request(at=2, status=503, error="QUERY_LIMIT_EXCEEDED"),
        _request(at=3),  # waited, then the bucket had room
        _request(at=4, status=401, error="expired_token"),
        _request("oauth/token", {"grant_type": "refresh_token"}, at=5, auth="none"),
        _request(at=6, auth=TOKEN_B),
    ]
    assert judge_traffic(_file(tmp_path, lines)).clean


def test_the_contract_rule_fires_on_an_unknown_parameter_and_a_mistyped_json_value(tmp_path):
    lines = [
        _request("biconnector.connector.list", {"start": 50}),
        _request("biconnector.connector.get", {"id": "abc"}, at=1),
        _request("biconnector.connector.frobnicate", at=2),
    ]
    assert _violated(tmp_path, lines) == {"request-contract": 3}


def test_the_contract_rule_reads_the_violations_the_mock_recorded_when_it_validated(tmp_path):
    lines = [
        _request("biconnector.connector.list", {"start": 50}, violations=[]),
        _request(violations=["x: bad"]),
    ]
    judgement = judge_traffic(_file(tmp_path, lines))
    assert judgement.validated and [v.what for v in judgement.violations] == ["x: bad"]


def test_a_second_503_after_the_first_was_answered_is_a_request_into_a_full_bucket(tmp_path):
    full = {"status": 503, "error": "QUERY_LIMIT_EXCEEDED"}
    assert _violated(tmp_path, [_request(at=0, **full), _request(at=0.5, **full)]) == {"query-limit": 1}
    # sent before the first 503 arrived: concurrent, not a retry into the full bucket
    assert _violated(tmp_path, [_request(at=0, **full), _request(at=0.001, **full)]) == {}


def test_a_call_before_operating_reset_at_after_a_429_breaks_the_operating_rule(tmp_path):
    blocked = {"status": 429, "error": "OPERATION_TIME_LIMIT"}
    before = [_request(at=0, operating_reset_at=1010.0), _request(at=1, **blocked)]
    assert _violated(tmp_path, [*before, _request(at=2)]) == {"operating-limit": 1}
    assert _violated(tmp_path, [*before, _request(at=10.5)]) == {}
    # another method's calls are not held back by this method's limit
    assert _violated(tmp_path, [*before, _request("biconnector.source.fields", at=2)]) == {}


def test_a_token_sent_again_after_expired_token_breaks_the_rule(tmp_path):
    expired = _request(at=0, status=401, error="expired_token")
    assert _violated(tmp_path, [expired, _request(at=1)]) == {"expired-token": 1}
    assert _violated(tmp_path, [expired, _request(at=1, auth=TOKEN_B)]) == {}


def test_an_add_repeated_after_its_lost_answer_breaks_the_rule(tmp_path):
    urls = {
        name: "https://connector.invalid/" for name in ("urlCheck", "urlTableList", "urlTableDescription")
    }
    connector = {"title": "t", "logo": "l", "urlData": "https://connector.invalid/", **urls}
    fields = {"fields": {**connector, "settings": [{"code": "c", "name": "n", "type": "STRING"}]}}
    lost = _request(ADD, fields, at=0, scripted="lost-answer")
    assert _violated(tmp_path, [lost, _request(ADD, fields, at=1)]) == {"lost-answer": 1}
    assert _violated(tmp_path, [lost, _request("biconnector.connector.list", at=1)]) == {}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "got no file"),
        ("", "got none"),
        ("not json\n", "Expected JSON lines"),
        ("[1, 2]\n", "Expected a JSON object on line 1"),
        ('{"method": "x"}\n', "expected field 'params' as an object"),
    ],
    ids=["missing", "empty", "not-json", "not-an-object", "not-a-request"],
)
def test_a_file_that_is_not_a_traffic_file_is_one_clear_error(tmp_path, content, expected):
    path = tmp_path / "traffic.jsonl"
    if content is not None:
        path.write_text(content)
    with pytest.raises(TrafficFileError, match=expected):
        judge_traffic(path)


def test_the_recorded_line_masks_source_settings_and_credentials_in_batch_commands():
    portal = MockPortal()
    out = io.StringIO()
    recorder = TrafficRecorder(portal, on_answer=TrafficLog(out, validate=True), keep=False)
    token = portal.applications[0].access_token
    client = Client(recorder)
    settings = {"token": "s3cret-value", "pin": 86420975}
    client.post("/rest/biconnector.source.add", json={"auth": token, "fields": {"settings": settings}})
    command = f"biconnector.source.add?auth={token}&fields[settings][token]=s3cret-value&fields[title]=t"
    client.post("/rest/batch", json={"auth": token, "cmd": {"a": command}})
    text = out.getvalue()
    assert recorder.requests == []  # keep=False: the file only
    assert "s3cret-value" not in text and "86420975" not in text and token not in text
    first, second = (json.loads(line) for line in text.splitlines())
    assert first["params"]["fields"]["settings"] == {"token": "[redacted]", "pin": 0}  # types kept
    assert first["outcome"] == first["error"] and first["error"] is not None
    assert second["params"]["cmd"]["a"] == (
        "biconnector.source.add?auth=[redacted]&fields[settings][token]=[redacted]&fields[title]=t"
    )


def test_judge_exits_0_on_clean_traffic_and_writes_its_reports(tmp_path, capsys):
    traffic = _file(tmp_path, [_request(), _request(at=1)])
    assert main(["judge", str(traffic), "--report-dir", str(tmp_path / "r")]) == 0
    assert "judge PASS" in capsys.readouterr().out
    summary = json.loads((tmp_path / "r" / "summary.json").read_text())
    assert (summary["kind"], summary["verdict"], summary["requests"]) == ("judge", "conformant", 2)
    suite = ET.parse(tmp_path / "r" / "junit.xml").getroot()
    assert (suite.get("tests"), suite.get("failures")) == ("5", "0")  # one testcase per rule


def test_judge_exits_1_on_a_violation_and_names_it_in_junit(tmp_path, capsys):
    traffic = _file(tmp_path, [_request("biconnector.connector.list", {"start": 50})])
    assert main(["judge", str(traffic), "--report-dir", str(tmp_path / "r")]) == 1
    assert "expected only known parameters, got start" in capsys.readouterr().out
    failure = ET.parse(tmp_path / "r" / "junit.xml").getroot().find(".//failure")
    assert failure is not None and failure.get("type") == "traffic-rule"


def test_judge_exits_2_with_one_line_on_a_bad_file(tmp_path, capsys):
    traffic = tmp_path / "traffic.jsonl"
    traffic.write_text("<html>502</html>\n")
    assert main(["judge", str(traffic), "--report-dir", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Expected JSON lines" in err and "Traceback" not in err
    assert json.loads((tmp_path / "r" / "summary.json").read_text())["verdict"] == "error"


def test_the_face_names_the_tools_for_client_teams():
    import conformance.clientcheck as face

    tools = {"LivePortal", "ContractBroken", "TrafficLog", "TrafficFileError", "judge_traffic", "RULES"}
    assert tools <= set(face.__all__) and all(hasattr(face, name) for name in face.__all__)
    assert [rule.name for rule in face.RULES if rule.name not in face.SCENARIOS] == []
