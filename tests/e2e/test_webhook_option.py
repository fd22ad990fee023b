"""`run --webhook URL`: a URL target's auth.webhook cells probed through the portal's webhook beside the run's
OAuth token, with and without --batch; the framework's root 403 caught over HTTP; the code never shown."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import pytest

from conformance.contract import default_contract
from conformance.engine import RunConfig, bundled_mock
from conformance.engine._target_setup import open_target, open_webhook
from conformance.faults import with_faults
from conformance.mock import MockConfig, serve

TOKEN = "webhook-option-token-5150"
SECOND = "webhook-option-second-5151"
CODE = "webhook-option-code-8080"
WRONG_CODE = "webhook-option-wrong-8081"
WEBHOOK = "auth.webhook"
METHODS = sorted(default_contract().methods)
FIRST_APP_CONTEXT = sorted(m.name for m in default_contract().methods.values() if m.app_context)[0]
WEBHOOK_PROBES = ("--", "-k", "test_webhook_call")


def options(base: str) -> tuple[str, ...]:
    """A quick run over HTTP against base with the OAuth token on the command line; no pacing on loopback."""
    return ("--profile", "quick", "--seed", "3", "--target", f"{base}/rest/", "--access-token", TOKEN)


def webhook_verdicts(summary: dict) -> dict[str, dict]:
    """Per method the verdicts of its auth.webhook cell ({} where it was not probed)."""
    return {method: entry["verdicts"].get(WEBHOOK, {}) for method, entry in summary["coverage"].items()}


def assert_no_secret(result) -> None:
    """Neither the webhook code nor the tokens in any report, nor in what the run printed."""
    outputs = {"stdout": result.stdout, "stderr": result.stderr}
    outputs.update(
        {
            path.name: path.read_text(encoding="utf-8", errors="replace")
            for path in result.report_dir.iterdir()
        }
    )
    assert {"summary.json", "junit.xml", "report.html"} <= set(outputs)
    for name, text in outputs.items():
        for secret in (CODE, WRONG_CODE, TOKEN, SECOND):
            assert secret not in text, (name, secret)


def test_the_webhook_client_shares_the_run_clients_pacer_and_retries_and_never_shows_its_code():
    webhook = f"https://portal.example/rest/7/{CODE}/"
    config = RunConfig.from_values(
        {"target": "https://portal.example/rest/", "access_token": TOKEN, "webhook": webhook}
    )
    opened = open_target(config)
    client = open_webhook(config, opened)
    with opened.client, client:
        assert opened.client.pacer is not None and opened.client.retry is not None  # a portal: paced
        assert (client.pacer, client.retry) == (opened.client.pacer, opened.client.retry)
        assert client.pacer is opened.client.pacer  # one bucket: the same object, not an equal one
        assert (client.target.auth, client.target.access_token) == ("webhook", None)
        assert client.target.base_url == webhook
        for shown in (repr(config), repr(client), repr(client.target)):
            assert CODE not in shown and TOKEN not in shown, shown
    without = RunConfig.from_values({"target": "https://portal.example/rest/", "access_token": TOKEN})
    opened = open_target(without)
    with opened.client:
        assert open_webhook(without, opened) is None


@pytest.mark.slow
@pytest.mark.http
def test_a_url_target_probes_every_method_through_the_given_webhook(run_cli, mock_server):
    base = mock_server("--access-token", TOKEN, "--second-access-token", SECOND, "--webhook-code", CODE)
    webhook = mock_server.credentials[base]["webhook"]
    assert webhook.endswith(f"/rest/1/{CODE}/")
    wrong = webhook.replace(CODE, WRONG_CODE)
    with ThreadPoolExecutor(max_workers=2) as pool:
        plain, batched, refused, without = pool.map(
            lambda extra: run_cli(*options(base), *extra, *WEBHOOK_PROBES),
            [("--webhook", webhook), ("--webhook", webhook, "--batch"), ("--webhook", wrong), ()],
        )
    for result in (plain, batched):
        assert result.code == 0, result.stdout[-3000:] + result.stderr[-3000:]
        assert (result.summary["verdict"], result.summary["webhook"]) == ("conformant", True)
        verdicts = webhook_verdicts(result.summary)
        assert sorted(m for m, v in verdicts.items() if v) == METHODS
        assert all(set(v) == {"pass"} for v in verdicts.values()), verdicts
        assert_no_secret(result)
    # the batch call and one direct call (its HTTP status) in place of one call per method
    assert batched.summary["requests"] < plain.summary["requests"] - len(METHODS) // 2
    assert webhook_verdicts(batched.summary)[FIRST_APP_CONTEXT] == {"pass": 2}
    # a webhook the portal refuses is a wrong option, not 26 findings
    assert refused.code == 2, refused.stdout[-3000:] + refused.stderr[-3000:]
    assert "refused the webhook: HTTP 401 NO_AUTH_FOUND" in refused.stderr
    assert not refused.summary["findings"]
    assert_no_secret(refused)
    # without --webhook the cells say what they need
    assert without.code == 0, without.stdout[-3000:] + without.stderr[-3000:]
    not_covered = {m: e["not_covered"].get(WEBHOOK, "") for m, e in without.summary["coverage"].items()}
    assert all("--webhook" in reason for reason in not_covered.values()), not_covered
    assert without.summary["webhook"] is False


@pytest.mark.slow
@pytest.mark.http
def test_the_frameworks_root_403_is_caught_over_http_with_and_without_batch_calls(run_cli, monkeypatch):
    with ExitStack() as stack:
        bases = []
        for _ in range(2):
            portal = bundled_mock(
                MockConfig(access_token=TOKEN, second_access_token=SECOND, webhook_code=CODE)
            )
            faulty = with_faults(portal, ["access-denied-root-403"], portal=portal)
            bases.append(stack.enter_context(serve(faulty)).url)
        # the plain run gets its secrets as a CI job passes them, in the environment; the batched one
        # its webhook on the command line, which wins over the environment's
        monkeypatch.setenv("B24_ACCESS_TOKEN", TOKEN)
        monkeypatch.setenv("B24_WEBHOOK", f"{bases[0]}/rest/1/{CODE}/")
        with ThreadPoolExecutor(max_workers=2) as pool:
            plain, batched = pool.map(
                lambda extra: run_cli("--profile", "quick", "--seed", "3", *extra, *WEBHOOK_PROBES),
                [
                    ("--target", f"{bases[0]}/rest/"),
                    ("--target", f"{bases[1]}/rest/", "--batch", "--webhook", f"{bases[1]}/rest/1/{CODE}/"),
                ],
            )
    for result in (plain, batched):
        assert result.code == 1, result.stdout[-3000:] + result.stderr[-3000:]
        assert result.summary["verdict"] == "nonconformant"
        assert result.checks_found() == {"error-placement"}
        assert_no_secret(result)
    app_context = sorted(m.name for m in default_contract().methods.values() if m.app_context)
    assert sorted(f["method"] for f in plain.summary["findings"]) == app_context
    # batched, only the one direct call can show the status: its finding reproduces that call
    [finding] = batched.summary["findings"]
    assert (finding["method"], finding["input_class"]) == (FIRST_APP_CONTEXT, WEBHOOK)
    assert finding["observed"] == "ACCESS_DENIED at the root with HTTP 403"
    assert finding["reproduce"].endswith(f"/rest/1/***/{FIRST_APP_CONTEXT}'"), finding["reproduce"]
    assert f"/rest/1/***/{FIRST_APP_CONTEXT}" in batched.stdout
