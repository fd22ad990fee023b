"""client-check --driver: a JavaScript driver end to end, and drivers that crash, hang or print garbage."""

from __future__ import annotations

import json
import shlex
import shutil
import sys
import time
from pathlib import Path

import pytest

from conformance.cli import main

pytestmark = pytest.mark.http

NODE_DRIVER = Path(__file__).resolve().parents[2] / "docs" / "client-check-driver.mjs"
PYTHON = shlex.quote(sys.executable)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed here")
def test_the_javascript_driver_passes_its_scenarios(tmp_path, capsys):
    chosen = ["nested-error", "batch-errors", "expired-token", "lost-answer"]
    argv = [
        "client-check",
        "--driver",
        f"node {shlex.quote(str(NODE_DRIVER))}",
        "--report-dir",
        str(tmp_path),
    ]
    for name in chosen:
        argv += ["--scenario", name]
    code = main(argv)
    out = capsys.readouterr().out
    assert code == 0, out
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["client"].startswith("driver: node")
    assert [s["verdict"] for s in summary["scenarios"]] == ["pass"] * len(chosen)
    nested = summary["scenarios"][0]["outcomes"][0]
    assert nested["error_code"] == "CONNECTOR_NOT_FOUND"


# A driver in Python that reports what its (deliberately naive) client saw, to check the wire format.
NAIVE_DRIVER = """
import json, sys, urllib.request
access = None
for line in sys.stdin:
    task = json.loads(line)
    if task["op"] == "close":
        break
    if task["op"] == "init":
        access = task["access"]
        print(json.dumps({"id": task["id"], "ok": True}), flush=True)
        continue
    body = json.dumps({**task["params"], "auth": access["access_token"]}).encode()
    request = urllib.request.Request(access["rest_url"] + task["method"], body,
                                     {"Content-Type": "application/json"})
    answer = json.load(urllib.request.urlopen(request))
    print(json.dumps({"id": task["id"], "ok": True, "result": answer["result"]}), flush=True)
"""


def test_a_driver_whose_client_misses_nested_errors_fails_the_scenario(tmp_path, capsys):
    driver = tmp_path / "naive_driver.py"
    driver.write_text(NAIVE_DRIVER)
    code = main(
        [
            "client-check",
            "--driver",
            f"{PYTHON} {shlex.quote(str(driver))}",
            "--scenario",
            "nested-error",
            "--report-dir",
            str(tmp_path / "r"),
        ]
    )
    out = capsys.readouterr().out
    assert code == 1
    assert 'client:  returned {"error": {"error": "CONNECTOR_NOT_FOUND"' in out


@pytest.mark.parametrize(
    ("script", "says"),
    [
        ("import sys; sys.exit(3)", "exited (code 3) without answering the init task"),
        ("print('hello', flush=True); import time; time.sleep(5)", "with 'hello', expected a JSON line"),
        ("import time; time.sleep(30)", "gave no answer to the init task within 1 s; killed"),
        (
            "import sys, json; sys.stdin.readline(); print(json.dumps({'ok': True}), flush=True);"
            " sys.stdin.readline(); print('{\"ok\": 1}', flush=True); import time; time.sleep(5)",
            'expected an object with "ok": true or false',
        ),
    ],
    ids=["crashes", "garbage", "hangs", "bad-answer"],
)
def test_a_broken_driver_is_one_line_and_exit_2_in_bounded_time(tmp_path, capsys, script, says):
    started = time.monotonic()
    code = main(
        [
            "client-check",
            "--driver",
            f"{PYTHON} -c {shlex.quote(script)}",
            "--deadline",
            "1",
            "--scenario",
            "nested-error",
            "--report-dir",
            str(tmp_path),
        ]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and says in err, err
    assert "Traceback" not in err
    assert time.monotonic() - started < 10
    assert json.loads((tmp_path / "summary.json").read_text())["verdict"] == "error"


def test_adapter_and_driver_together_is_a_usage_error(capsys):
    assert main(["client-check", "--adapter", "a:B", "--driver", "node x.mjs"]) == 2
    assert "got both" in capsys.readouterr().err
