"""b24-conformance connector-check over real HTTP: reports, exit codes, secrets, and bad input."""

from __future__ import annotations

import json
import socket
import threading
import time
import xml.etree.ElementTree as ET

import pytest
from werkzeug.wrappers import Response

from conformance.cli import main
from conformance.connector_app import ConnectorApp, serve_connector
from conformance.serving import serve

SECRET = "pa$$ w0rd&=ü"


def urls(base: str) -> list[str]:
    return [
        "--url-check",
        f"{base}/check",
        "--url-table-list",
        f"{base}/table_list",
        "--url-table-description",
        f"{base}/table_description",
        "--url-data",
        f"{base}/data",
    ]


def check(base: str, tmp_path, *more: str) -> int:
    return main(
        [
            "connector-check",
            *urls(base),
            "--setting",
            f"token={SECRET}",
            "--seed",
            "3",
            "--filter-examples",
            "3",
            "--report-dir",
            str(tmp_path),
            *more,
        ]
    )


def no_secret_anywhere(tmp_path, out: str) -> None:
    for text in [out, *(p.read_text(encoding="utf-8") for p in tmp_path.iterdir())]:
        for form in (SECRET, "pa%24%24", "pa$$"):
            assert form not in text


def test_the_reference_app_over_http_is_conformant(tmp_path, capsys):
    with serve_connector(ConnectorApp(token=SECRET)) as running:
        assert check(running.url, tmp_path) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1].startswith("conformant: 0 fail, 0 warn findings in ")
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["verdict"] == "conformant" and summary["settings"] == ["token"] and summary["seed"] == 3
    suite = ET.parse(tmp_path / "junit.xml").getroot()
    assert suite.get("failures") == "0" and int(suite.get("tests")) >= 14
    assert "connector-check: <span" in (tmp_path / "report.html").read_text(encoding="utf-8")
    no_secret_anywhere(tmp_path, out)


def test_a_planted_fault_over_http_exits_1_with_the_finding(tmp_path, capsys):
    with serve_connector(
        ConnectorApp(token=SECRET, faults=["check-accepts-bad-credentials", "limit-ignored"])
    ) as running:
        assert check(running.url, tmp_path) == 1
    out = capsys.readouterr().out
    assert "FAIL urlCheck [bad-credentials]" in out and "FAIL urlData [data-limit]" in out
    junit = (tmp_path / "junit.xml").read_text(encoding="utf-8")
    assert 'type="bad-credentials"' in junit and 'type="data-limit"' in junit
    no_secret_anywhere(tmp_path, out)


def test_an_echoed_secret_is_masked_in_every_report(tmp_path, capsys):
    def echo(environ, start_response):
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        return Response(b"you sent " + body, status=200)(environ, start_response)

    with serve(echo, "127.0.0.1", 0) as running:
        assert (
            check(running.url, tmp_path) == 1
        )  # HTML-ish text everywhere: shapes fail, wrong token accepted
    out = capsys.readouterr().out
    assert "table-list-shape" in out and "bad-credentials" in out
    no_secret_anywhere(tmp_path, out)


def test_nothing_listening_exits_3(tmp_path, capsys):
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    assert check(f"http://127.0.0.1:{port}", tmp_path) == 3
    out = capsys.readouterr().out
    assert "No connector URL answered" in out and "Traceback" not in out
    assert json.loads((tmp_path / "summary.json").read_text())["verdict"] == "unreachable"
    assert 'name="run (unreachable)"' in (tmp_path / "junit.xml").read_text()


def test_a_url_that_never_answers_ends_within_the_budget(tmp_path, capsys):
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])  # read nothing, answer nothing
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    started = time.monotonic()
    try:
        code = check(f"http://127.0.0.1:{listener.getsockname()[1]}", tmp_path, "--body-timeout", "0.3")
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        listener.close()
    assert code == 3 and time.monotonic() - started < 10
    assert "FAIL urlCheck [answer-time]" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--url-check", "ftp://x/c"], "Expected --url-check to be the connector's urlCheck, an http(s) URL"),
        (["--url-data", "not a url"], "Expected --url-data to be the connector's urlData"),
        (["--setting", "=v"], "Expected --setting CODE=VALUE with a non-empty CODE, got '=...'"),
        (["--setting", "novalue"], "got 'novalue'"),
        (["--bad-setting", "login=x"], "Expected --bad-setting codes among the --setting codes, got login"),
        (["--body-timeout", "0"], "Expected --body-timeout to be a positive number of seconds"),
        (["--filter-examples", "-1"], "Expected --filter-examples of 0 or more"),
        (["--from-connector", "1"], "Expected --target (the portal URL) with --from-connector"),
        (["--from-source", "1", "--target", "https://x.example/rest/"], "Expected an access token"),
    ],
)
def test_bad_options_exit_2_with_one_line(args, message, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("B24_ACCESS_TOKEN", raising=False)
    base = urls("http://127.0.0.1:9")
    for option, value in zip(args[::2], args[1::2], strict=True):
        if option in base:
            base[base.index(option) + 1] = value
        else:
            base += [option, value]
    assert main(["connector-check", *base, "--setting", "token=t", "--report-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and message in err and "Traceback" not in err


def test_list_checks_and_list_faults(capsys):
    assert main(["connector-check", "--list-checks"]) == 0
    assert "data-filter" in capsys.readouterr().out
    assert main(["connector-app", "--list-faults"]) == 0
    assert "or-groups-ignored" in capsys.readouterr().out
    assert main(["connector-app", "--fault", "nope"]) == 2
    assert "Expected connector faults among" in capsys.readouterr().err


def test_from_source_reads_the_connector_and_its_settings_from_the_mock_portal(tmp_path, capsys):
    import httpx

    from conformance.engine import bundled_mock

    portal = bundled_mock()
    token = portal.applications[0].access_token
    with serve(portal, "127.0.0.1", 0) as mock, serve_connector(ConnectorApp(token=SECRET)) as app:
        rest = f"{mock.url}/rest/"

        def call(method: str, params: dict) -> dict:
            answer = httpx.post(rest + method, json={**params, "auth": token}, timeout=10).json()
            assert "error" not in answer and "error" not in answer["result"], answer
            return answer["result"]

        fields = {
            "title": "Reference",
            "logo": "https://example.com/logo.svg",
            **{
                key: f"{app.url}/{path}"
                for key, path in (
                    ("urlCheck", "check"),
                    ("urlTableList", "table_list"),
                    ("urlTableDescription", "table_description"),
                    ("urlData", "data"),
                )
            },
            "settings": [{"code": "token", "name": "Token", "type": "STRING"}],
        }
        connector = call("biconnector.connector.add", {"fields": fields})["id"]
        source = call(
            "biconnector.source.add",
            {"fields": {"title": "Sales", "connectorId": connector, "settings": {"token": SECRET}}},
        )["id"]
        common = [
            "connector-check",
            "--target",
            rest,
            "--access-token",
            token,
            "--seed",
            "5",
            "--filter-examples",
            "2",
            "--report-dir",
            str(tmp_path),
        ]
        assert main([*common, "--from-source", str(source)]) == 0
        out = capsys.readouterr().out
        assert out.splitlines()[-1].startswith("conformant: 0 fail")
        summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
        assert summary["target"]["urlData"] == f"{app.url}/data" and summary["settings"] == ["token"]
        no_secret_anywhere(tmp_path, out)
        # the connector alone: no settings, so urlCheck refuses, and that is the finding
        assert main([*common, "--from-connector", str(connector)]) == 1
        assert "FAIL urlCheck [acceptance]" in capsys.readouterr().out
        assert main([*common, "--from-connector", "999999"]) == 2
        assert "Expected biconnector.connector.get of id 999999 to succeed" in capsys.readouterr().err


def test_an_unreachable_portal_for_from_connector_exits_3(tmp_path, capsys):
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    args = [
        "connector-check",
        "--from-connector",
        "1",
        "--target",
        f"http://127.0.0.1:{port}/rest/",
        "--access-token",
        "tok",
        "--report-dir",
        str(tmp_path),
    ]
    assert main(args) == 3
    err = capsys.readouterr().err
    assert (
        "Expected the portal to answer biconnector.connector.get, got ConnectError" in err
        and "tok" not in err
    )


def test_the_redactor_masks_raw_and_encoded_values_of_four_characters_or_more():
    from conformance.connectorcheck import Redactor

    redactor = Redactor(["pa ss&", "abc"])
    assert redactor.text("x=pa+ss%26 y=pa%20ss%26 z=pa ss& abc") == "x=*** y=*** z=*** abc"
    assert redactor.data({"k": ["pa ss&"], "pa ss&": 1}) == {"k": ["***"], "***": 1}
