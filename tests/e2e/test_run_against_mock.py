"""`b24-conformance run` end to end, against the in-process mock and the mock over real HTTP."""

from __future__ import annotations

import http.server
import os
import socket
import threading

import pytest

from conformance.inputs import ID_CLASSES

ALL_CLASSES = {c.name for c in ID_CLASSES}
SEED_METHODS = ("biconnector.connector.get", "biconnector.source.get")

pytestmark = pytest.mark.slow

# Most tests here check how a run behaves, not what the whole suite covers: they narrow the run to
# the id probes of the two seed methods to stay fast.
SEED_PROBES = ("--", "-k", "test_ids and (connector.get or source.get)")
# Local servers have no rate limit; pacing them as a portal would only slow the tests down.
NO_PACING = ("--rate-limit", "off")


def test_quick_run_against_the_mock_is_conformant_and_covers_every_id_class(run_cli):
    result = run_cli("--profile", "quick", "--seed", "7")
    assert result.code == 0, result.stdout + result.stderr
    for name in ("report.html", "junit.xml", "summary.json"):
        assert (result.report_dir / name).stat().st_size > 0
    summary = result.summary
    assert summary["verdict"] == "conformant"
    assert summary["seed"] == 7
    assert summary["counts"]["fail"] == 0
    for method in SEED_METHODS:
        sent = set(summary["coverage"][method]["input_classes"])
        assert {name for name in sent if name.startswith("id.")} == ALL_CLASSES
    assert "b24-conformance: conformant" in result.stdout
    # the terminal shows the first findings of each group and says where the rest are
    shown = [line for line in result.stdout.splitlines() if line.lstrip().startswith(("WARN ", "FAIL "))]
    assert 0 < len(shown) < summary["counts"]["warn"]
    assert "more in report.html and summary.json" in result.stdout
    html = (result.report_dir / "report.html").read_text(encoding="utf-8")
    assert 'Verdict: <span class="conformant">conformant</span>' in html
    assert "7" in html and "id.foreign" in html


def test_the_same_seed_repeats_the_run(run_cli):
    first = run_cli("--profile", "quick", "--seed", "11", *SEED_PROBES).summary
    second = run_cli("--profile", "quick", "--seed", "11", *SEED_PROBES).summary
    for key in ("requests", "findings", "coverage"):
        assert first[key] == second[key]


def test_expecting_root_placement_from_a_nested_mock_is_nonconformant(run_cli):
    result = run_cli("--profile", "quick", "--error-placement", "root", *SEED_PROBES)
    assert result.code == 1, result.stdout + result.stderr
    assert result.summary["verdict"] == "nonconformant"
    assert "error-placement" in result.checks_found()


def test_expecting_nested_placement_from_a_root_mock_is_nonconformant(run_cli):
    result = run_cli("--profile", "quick", "--mock-error-placement", "root", *SEED_PROBES)
    assert result.code == 1, result.stdout + result.stderr
    assert "error-placement" in result.checks_found()


@pytest.mark.http
def test_run_over_real_http_against_a_mock_in_another_process(run_cli, mock_server):
    base = mock_server("--access-token", "canary-token-4f2a")
    result = run_cli(
        "--profile",
        "quick",
        "--target",
        f"{base}/rest/",
        *NO_PACING,
        "--auth",
        "oauth",
        "--access-token",
        "canary-token-4f2a",
        *SEED_PROBES,
    )
    assert result.code == 0, result.stdout + result.stderr
    assert result.summary["verdict"] == "conformant"
    assert result.summary["target"] == f"{base}/rest/"
    # the token never shows in any output
    assert "canary-token-4f2a" not in result.stdout + result.stderr
    for path in result.report_dir.iterdir():
        assert "canary-token-4f2a" not in path.read_text(encoding="utf-8", errors="replace"), path.name


@pytest.mark.http
def test_nothing_listening_exits_3_with_one_line_and_no_traceback(run_cli):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run_cli("--target", f"http://127.0.0.1:{port}/rest/", "--access-token", "x", "--timeout", "2")
    assert result.code == 3, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "could not be reached" in result.stderr
    assert result.summary["verdict"] == "error"


class _HtmlHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
        self.send_response(502)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST

    def log_message(self, *args):
        pass


@pytest.mark.http
def test_a_server_answering_html_gives_envelope_findings(run_cli):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _HtmlHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        target = f"http://127.0.0.1:{port}/rest/"
        result = run_cli(
            "--profile", "quick", "--target", target, "--access-token", "x", *NO_PACING, *SEED_PROBES
        )
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    assert result.code == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "envelope" in result.checks_found()


def test_bad_options_exit_2_with_a_message(run_cli):
    result = run_cli("--target", "ftp://example.invalid/")
    assert result.code == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_a_failure_is_shrunk_to_the_simplest_value_of_its_class(run_cli):
    result = run_cli(
        "--profile",
        "standard",
        "--mock-error-placement",
        "root",
        "--",
        "-k",
        "biconnector.connector.get-json-id.negative",
    )
    assert result.code == 1, result.stdout + result.stderr
    placement = [f for f in result.summary["findings"] if f["check"] == "error-placement"]
    assert placement
    assert '{"id": -1,' in placement[0]["reproduce"]


def test_under_xdist_the_verdict_and_the_probe_coverage_are_the_same(run_cli):
    serial = run_cli("--profile", "quick", "--seed", "3", *SEED_PROBES).summary
    parallel = run_cli("--profile", "quick", "--seed", "3", *SEED_PROBES, "-n", "2").summary
    assert parallel["verdict"] == serial["verdict"] == "conformant"
    assert parallel["counts"] == serial["counts"]
    for method in SEED_METHODS:
        assert parallel["coverage"][method] == serial["coverage"][method]


def test_min_coverage_fails_the_run_below_the_threshold(run_cli):
    result = run_cli("--profile", "quick", "--min-coverage", "99", *SEED_PROBES)
    assert result.code == 1, result.stdout + result.stderr
    assert result.summary["verdict"] == "conformant"
    assert "below --min-coverage 99%" in result.stderr


def test_a_run_leaves_nothing_in_the_folder_it_runs_in(run_cli, tmp_path):
    """Hypothesis' caches go to the user's cache folder, not to a .hypothesis folder where the run started."""
    here, cache = tmp_path / "project", tmp_path / "cache"
    here.mkdir()
    env = {name: value for name, value in os.environ.items() if name != "HYPOTHESIS_STORAGE_DIRECTORY"}
    result = run_cli("--profile", "quick", *SEED_PROBES, cwd=here, env={**env, "XDG_CACHE_HOME": str(cache)})
    assert result.code == 0, result.stdout + result.stderr
    assert list(here.iterdir()) == []  # the reports went to --report-dir, elsewhere
    assert (cache / "b24-conformance" / "hypothesis").is_dir()
