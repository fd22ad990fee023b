"""`run --batch`: the probes go out as commands of batch calls, with the same verdict and classes
covered as a run without it, in fewer requests; findings point at the one command that failed."""

from __future__ import annotations

import json
import shlex
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest

pytestmark = pytest.mark.slow

BATCHED_PROBES = ("--", "-k", "test_batch and (connector.get or connector.list)")


def classes_covered(summary: dict) -> set[tuple[str, str]]:
    return {
        (method, name)
        for method, entry in summary["coverage"].items()
        for name in entry["input_classes"]
        if name.startswith(("id.", "list.", "fields."))
    }


def test_a_batched_run_covers_the_same_classes_in_fewer_requests(run_cli):
    plain = run_cli("--profile", "quick", "--seed", "5")
    batched = run_cli("--profile", "quick", "--seed", "5", "--batch")
    assert batched.code == plain.code == 0, batched.stdout + batched.stderr
    assert (batched.summary["verdict"], batched.summary["batch"]) == ("conformant", True)
    assert classes_covered(batched.summary) == classes_covered(plain.summary)
    assert batched.summary["requests"] < 0.6 * plain.summary["requests"]
    junit = (batched.report_dir / "junit.xml").read_text(encoding="utf-8")
    # one testcase per method x input class, the method as its classname
    for method in ("biconnector.source.get", "biconnector.connector.list", "biconnector.table.fields.update"):
        assert f'classname="{method}"' in junit, method
    assert "in batch calls (--batch)" in (batched.report_dir / "report.html").read_text(encoding="utf-8")


def test_a_finding_in_a_batch_reproduces_its_one_command(run_cli):
    result = run_cli(
        "--profile", "quick", "--seed", "5", "--batch", "--mock-error-placement", "root", *BATCHED_PROBES
    )
    assert result.code == 1, result.stdout + result.stderr
    placement = [f for f in result.summary["findings"] if f["check"] == "error-placement"]
    assert placement
    for finding in placement:
        words = shlex.split(finding["reproduce"])
        assert words[-1].endswith("/rest/batch")
        body = json.loads(words[words.index("--data-binary") + 1])
        [(key, command)] = body["cmd"].items()
        assert key.endswith(finding["input_class"])
        assert command.startswith(finding["method"])
        assert body["auth"] == "***"


def test_a_failure_in_a_batch_is_shrunk_to_the_simplest_value_of_its_class(run_cli):
    result = run_cli(
        "--profile",
        "standard",
        "--seed",
        "5",
        "--batch",
        "--mock-error-placement",
        "root",
        "--",
        "-k",
        "test_id_classes_in_batches and connector.get",
    )
    assert result.code == 1, result.stdout + result.stderr
    negative = [
        f
        for f in result.summary["findings"]
        if f["check"] == "error-placement" and f["input_class"] == "id.negative"
    ]
    assert negative
    assert 'biconnector.connector.get?id=-1"' in negative[0]["reproduce"]


@pytest.mark.http
def test_a_batched_run_over_real_http(run_cli, mock_server):
    base = mock_server("--access-token", "batch-canary-token-77")
    result = run_cli(
        "--profile",
        "quick",
        "--batch",
        "--target",
        f"{base}/rest/",
        "--rate-limit",
        "off",
        "--auth",
        "oauth",
        "--access-token",
        "batch-canary-token-77",
        *BATCHED_PROBES,
    )
    assert result.code == 0, result.stdout + result.stderr
    assert result.summary["verdict"] == "conformant"
    assert {"id.existing", "id.unknown"} <= set(
        result.summary["coverage"]["biconnector.connector.get"]["input_classes"]
    )
    for path in result.report_dir.iterdir():
        assert "batch-canary-token-77" not in path.read_text(encoding="utf-8", errors="replace"), path.name


# a read, a list, an add and an update: ids, lists and fields payloads, packed together with --batch
PARITY_METHODS = ("connector.get", "source.list", "connector.add", "connector.update")
PARITY_TESTS = (
    "test_id_input_class",
    "test_list_input_class",
    "test_fields_payload_class",
    "test_id_classes_in_batches",
    "test_list_classes_in_batches",
    "test_fields_classes_in_batches",
)


def probed_cells(summary: dict) -> dict[str, tuple[set[str], set[str]]]:
    """Per method the input classes probed and the error codes seen."""
    return {
        method: (set(entry["input_classes"]), set(entry["error_codes"]))
        for method, entry in summary["coverage"].items()
    }


def test_packed_batches_probe_the_same_cells_and_see_the_same_codes_as_a_plain_run(run_cli):
    narrowed = ("--", "-k", f"({' or '.join(PARITY_TESTS)}) and ({' or '.join(PARITY_METHODS)})")
    with ThreadPoolExecutor(max_workers=2) as pool:
        plain, packed = pool.map(
            lambda extra: run_cli("--profile", "quick", "--seed", "4", *extra, *narrowed), ((), ("--batch",))
        )
    assert plain.code == packed.code == 0, packed.stdout + packed.stderr
    plain_cells, packed_cells = probed_cells(plain.summary), probed_cells(packed.summary)
    assert packed_cells == plain_cells
    for method in PARITY_METHODS:
        classes, codes = packed_cells[f"biconnector.{method}"]
        assert any(name.startswith(("id.", "list.", "fields.")) for name in classes), method
    assert codes  # connector.update refuses some payloads: its documented codes were seen
    assert packed.summary["requests"] < plain.summary["requests"] / 2


def test_under_batch_the_list_checks_of_all_but_one_method_read_batch_commands(run_cli, monkeypatch):
    from conformance.engine import bundled_mock
    from conformance.mock import MockConfig, _methods, serve

    # a portal whose lists ignore their filter, in batch commands as in direct calls
    unfiltered = _methods.run
    monkeypatch.setattr(
        _methods, "run", lambda query, items, **kw: unfiltered(replace(query, filter={}), items, **kw)
    )
    with serve(
        bundled_mock(MockConfig(access_token="list-token", second_access_token="list-other"))
    ) as server:
        target = ("--target", f"{server.url}/rest/", "--access-token", "list-token")
        result = run_cli(
            *target, "--second-access-token", "list-other", "--batch", "--", "-k", "test_list_filter_on_id"
        )
    assert result.code == 1, result.stdout + result.stderr
    sent = {
        finding["method"]: finding["reproduce"].split()[-1].rsplit("/", 1)[-1]
        for finding in result.summary["findings"]
        if finding["check"] == "lifecycle"
    }
    # one method keeps direct calls (their own HTTP status and envelope); the others' are commands
    assert sent == {
        "biconnector.connector.list": "biconnector.connector.list",
        "biconnector.source.list": "batch",
        "biconnector.table.list": "batch",
        "biconnector.dataset.list": "batch",
    }
