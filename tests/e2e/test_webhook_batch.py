"""`run --batch`: the webhook probes of every method go out as the commands of one batch call, judged per
method; a broken batch answer or a wrong command answer shows as a finding."""

from __future__ import annotations

import json
import shlex
from concurrent.futures import ThreadPoolExecutor

import pytest

from conformance.contract import default_contract

pytestmark = pytest.mark.slow

METHODS = sorted(default_contract().methods)
WEBHOOK = "auth.webhook"
# the first app-context method by name: also called directly through the webhook in a batched run
DIRECT_TOO = min(m.name for m in default_contract().methods.values() if m.app_context)
ALL = ("--", "-k", "test_webhook_call")
ONE = ("--", "-k", "test_webhook_call and connector.get")


def webhook_verdicts(summary: dict) -> dict[str, dict]:
    """Per method the verdicts of its auth.webhook cell ({} where it was not probed)."""
    return {method: entry["verdicts"].get(WEBHOOK, {}) for method, entry in summary["coverage"].items()}


def test_the_webhook_probes_of_every_method_cost_one_batch_call(run_cli):
    runs = [(), ("--batch",)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        plain_all, batch_all, plain_one, batch_one = pool.map(
            lambda args: run_cli("--profile", "quick", "--seed", "1", *args),
            [(*extra, *selection) for selection in (ALL, ONE) for extra in runs],
        )
    for result in (plain_all, batch_all, plain_one, batch_one):
        assert result.code == 0, result.stdout[-3000:] + result.stderr[-3000:]
    # the same setup either way: one direct call per method without --batch, one batch call for all with it
    assert plain_all.summary["requests"] - plain_one.summary["requests"] == len(METHODS) - 1
    assert batch_all.summary["requests"] == batch_one.summary["requests"]
    assert batch_all.summary["verdict"] == "conformant"
    verdicts = webhook_verdicts(batch_all.summary)
    assert sorted(m for m, v in verdicts.items() if v) == METHODS
    # the first app-context method also goes alone once, for the HTTP status a command does not have
    assert verdicts.pop(DIRECT_TOO) == {"pass": 2}, verdicts
    assert all(v == {"pass": 1} for v in verdicts.values()), verdicts
    plain = webhook_verdicts(plain_all.summary)
    assert plain.pop(DIRECT_TOO) == {"pass": 1} and plain == verdicts
    junit = (batch_all.report_dir / "junit.xml").read_text(encoding="utf-8")
    for method in METHODS:
        assert f'classname="{method}" name="{WEBHOOK} [json]"' in junit, method


def test_a_dropped_command_and_a_misplaced_error_show_per_batch_and_per_method(run_cli):
    with ThreadPoolExecutor(max_workers=2) as pool:
        dropped, root = pool.map(
            lambda extra: run_cli("--profile", "quick", "--seed", "1", "--batch", *extra, *ALL),
            [("--mock-fault", "batch-drops-a-command"), ("--mock-error-placement", "root")],
        )
    # the fault leaves the batch's last command unanswered: the batch check fails, that cell is not judged
    assert dropped.code == 1, dropped.stdout[-3000:] + dropped.stderr[-3000:]
    [finding] = dropped.summary["findings"]
    assert finding["check"] == "batch" and "answered in neither map" in finding["message"]
    verdicts = webhook_verdicts(dropped.summary)
    [unjudged] = [method for method in METHODS if not verdicts.get(method)]
    dropped_key = finding["message"].rpartition(": ")[2]
    words = shlex.split(finding["reproduce"])
    sent = json.loads(words[words.index("--data-binary") + 1])["cmd"]
    assert sent[dropped_key].partition("?")[0] == unjudged
    assert len(sent) == len(METHODS)
    # errors at the root of each command: one finding per app-context method, replaying its command alone
    assert root.code == 1, root.stdout[-3000:] + root.stderr[-3000:]
    placement = [f for f in root.summary["findings"] if f["check"] == "error-placement"]
    app_context = [m.name for m in default_contract().methods.values() if m.app_context]
    in_batch = [f for f in placement if shlex.split(f["reproduce"])[-1].endswith("/batch")]
    # the direct call's finding is the one kept for its (method, class): it came last
    assert sorted(f["method"] for f in in_batch) == sorted(set(app_context) - {DIRECT_TOO})
    assert {f["method"] for f in placement if f not in in_batch} == {DIRECT_TOO}
    for finding in in_batch:
        assert finding["input_class"] == WEBHOOK
        words = shlex.split(finding["reproduce"])
        assert words[-1].endswith("/***/batch"), words[-1]  # through the webhook, its code masked
        [(key, command)] = json.loads(words[words.index("--data-binary") + 1])["cmd"].items()
        assert key.endswith(WEBHOOK) and command.partition("?")[0] == finding["method"]
