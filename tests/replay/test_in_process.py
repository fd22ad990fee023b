"""A run against the bundled mock: its reproduce lines work pasted against the mock its summary says to
serve, and `replay --target mock` rebuilds that mock."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from conformance.cli import main
from conformance.client import Client, Target
from conformance.contract import default_contract
from conformance.engine import MockSetup, Recorder, bundled_mock
from conformance.mock import MockConfig, serve
from conformance.replay import parse_curl

pytestmark = pytest.mark.http

SEED = 11
FAULT = "not-found-http-404"
SERVED = "http://127.0.0.1:8000"
# The id probes of two get methods: a few seconds, and every not-found answer is a finding.
NARROW = ["-k", "test_id_input_class and json and (connector.get or source.get)"]


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> tuple[Path, dict, str]:
    """summary.json path, summary and terminal output of a failing in-process run with a planted fault."""
    report_dir = tmp_path_factory.mktemp("run")
    args = [sys.executable, "-m", "conformance.cli", "run", "--seed", str(SEED), "--profile", "quick"]
    args += ["--mock-fault", FAULT, "--report-dir", str(report_dir), "--", *NARROW]
    done = subprocess.run(args, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr[-2000:]
    path = report_dir / "summary.json"
    return path, json.loads(path.read_text(encoding="utf-8")), done.stdout


@pytest.fixture(scope="module")
def served(run) -> Iterator[tuple[str, str]]:
    """The summary's serve_mock command run (on a free port instead of 8000): its URL and access token."""
    words = shlex.split(run[1]["serve_mock"])
    assert words[:2] == ["b24-conformance", "mock"] and words[2:4] == ["--port", "8000"]
    command = [sys.executable, "-u", "-m", "conformance.cli", "mock", "--port", "0", *words[4:]]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        printed: dict[str, str] = {}
        while not {"listening on", "access token"} <= printed.keys():
            line = process.stdout.readline()
            assert line, f"the mock stopped before it printed its URL: {process.stderr.read()}"
            key, _, value = line.strip().partition(": ")
            if line.startswith("listening on "):
                key, value = "listening on", line.strip().removeprefix("listening on ")
            printed[key] = value
        yield printed["listening on"], printed["access token"]
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()
        process.stderr.close()


def send_pasted(line: str, url: str, token: str) -> httpx.Response:
    """What a user does with a reproduce line: paste it with the served mock's port and token, and run it."""
    words = shlex.split(line.replace(SERVED, url).replace("***", token))
    assert words[0] == "curl"
    method, headers, body, target = "GET", {}, None, None
    at = 1
    while at < len(words):
        word = words[at]
        if word in ("-X", "-H", "--data-binary"):
            value = words[at + 1]
            if word == "-X":
                method = value
            elif word == "-H":
                name, _, header = value.partition(": ")
                headers[name] = header
            else:
                body = value.encode("utf-8")
            at += 2
            continue
        if not word.startswith("-"):
            target = word
        at += 1
    return httpx.request(method, target, headers=headers, content=body, timeout=10)


def error_code(answer: dict) -> str | None:
    result = answer.get("result")
    return result["error"]["error"] if isinstance(result, dict) and "error" in result else answer.get("error")


def test_the_run_names_the_mock_to_serve_and_its_lines_name_its_address(run):
    _, summary, stdout = run
    command = f"b24-conformance mock --port 8000 --seed {SEED} --fault {FAULT}"
    assert summary["serve_mock"] == command and summary["mock_error_placement"] == "nested"
    lines = stdout.splitlines()
    assert lines.count(f"serve the same mock: {command}") == 1
    first_finding = next(at for at, line in enumerate(lines) if line.startswith("  FAIL "))
    assert lines.index(f"serve the same mock: {command}") < first_finding
    reproduce = [f["reproduce"] for f in summary["findings"]]
    assert reproduce and all(f" {SERVED}/rest/biconnector." in line for line in reproduce)
    # the seeded tokens stay out of everything the run wrote
    portal, _ = MockSetup(SEED).build()
    written = stdout + json.dumps(summary)
    assert '"auth": "***"' in written
    for application in portal.applications:
        assert application.access_token not in written and application.refresh_token not in written


def test_a_pasted_line_gets_the_same_answer_from_the_served_mock(run, served):
    _, summary, _ = run
    url, token = served
    portal, app = MockSetup.from_summary(summary).build()
    assert token == portal.applications[0].access_token  # the seed gave both mocks one token
    failing = [f for f in summary["findings"] if f["severity"] == "fail"]
    assert {f["check"] for f in failing} == {"http-status"}
    with Client(Target.in_process(app, token)) as in_process:
        for finding in failing:
            answer = send_pasted(finding["reproduce"], url, token)
            assert f"HTTP {answer.status_code}" == finding["observed"] == "HTTP 404"
            call = parse_curl(finding["reproduce"])
            again = in_process.call(call.rest_method, call.params, encoding=call.encoding).response
            assert (answer.status_code, error_code(answer.json())) == (again.status, error_code(again.json))


def test_the_schemathesis_bridge_names_the_same_address(run, served):
    from conformance.stbridge import Bridge

    url, token = served
    setup = MockSetup.from_summary(run[1])
    portal, app = setup.build()
    target = Target.in_process(app, portal.applications[0].access_token, base_url=setup.base_url)
    bridge = Bridge(default_contract(), target, Recorder(), seed=3, examples=2, shrink=False)
    bridge.fuzz(operations=("biconnector.connector.get",))
    lines = [f.reproduce for f in bridge.recorder.findings.values() if f.check == "http-status"]
    assert lines and all(line.endswith(f" {SERVED}/rest/biconnector.connector.get") for line in lines)
    assert all(send_pasted(line, url, token).status_code == 404 for line in lines)


def test_replay_on_the_mock_rebuilds_the_run_mock_and_its_findings_still_fail(run, capsys):
    path, summary, _ = run
    assert main(["replay", str(path)]) == 1
    out = capsys.readouterr().out
    fails = sum(f["severity"] == "fail" for f in summary["findings"])
    assert f"serve it with: {summary['serve_mock']}" in out
    assert out.splitlines()[-1] == f"replay: {fails} still fail, 0 no longer fail, 0 not replayed"


def test_replay_on_a_mock_without_the_fault_says_they_no_longer_fail(run, capsys, monkeypatch, tmp_path):
    path, summary, _ = run
    fails = sum(f["severity"] == "fail" for f in summary["findings"])
    # the same mock served without the fault, and the run's mock rebuilt without it
    portal = bundled_mock(MockConfig(seed=SEED))
    monkeypatch.setenv("B24_ACCESS_TOKEN", portal.applications[0].access_token)
    with serve(portal) as server:
        assert main(["replay", str(path), "--target", f"{server.url}/rest/"]) == 0
    unfaulted = tmp_path / "summary.json"
    unfaulted.write_text(json.dumps({**summary, "mock_faults": []}), encoding="utf-8")
    assert main(["replay", str(unfaulted), "--target", "mock"]) == 0
    outs = capsys.readouterr().out.split("replay: ")
    assert [part.splitlines()[0] for part in outs[1:]] == [
        f"0 still fail, {fails} no longer fail, 0 not replayed"
    ] * 2


def test_replay_refuses_a_summary_whose_mock_cannot_be_built_in_one_line(run, capsys, tmp_path):
    broken = tmp_path / "summary.json"
    broken.write_text(json.dumps({**run[1], "mock_faults": ["no-such-fault"]}), encoding="utf-8")
    assert main(["replay", str(broken), "--target", "mock"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no-such-fault" in err and "Traceback" not in err
