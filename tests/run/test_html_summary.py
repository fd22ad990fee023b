"""The report's conformance section escapes what it shows and carries verdict, matrix and coverage."""

from __future__ import annotations

from conformance.reports import render_summary


def _summary(**overrides):
    summary = {
        "verdict": "nonconformant",
        "target": "https://portal.example/rest/1/***/",
        "seed": 42,
        "findings": [
            {
                "severity": "fail",
                "check": "envelope",
                "method": "biconnector.connector.get",
                "input_class": "id.zero",
                "observed": "<html>",
                "expected": "JSON",
                "count": 2,
                "message": "Expected a JSON object",
                "reproduce": "curl 'x'",
            }
        ],
        "coverage": {
            "biconnector.connector.get": {
                "input_classes": {"id.zero": 2},
                "error_codes": {},
                "not_covered": {"id.foreign": "needs a second application"},
                "verdicts": {"id.zero": {"fail": 2}},
            }
        },
        "contract_coverage": {
            "methods": {
                "biconnector.connector.get": {
                    "documented": 4,
                    "exercised": [],
                    "not_exercised": {"ACCESS_DENIED": "webhook only"},
                }
            },
            "documented": 4,
            "exercised": 0,
            "percent": 0.0,
        },
    }
    summary.update(overrides)
    return summary


def test_values_are_escaped():
    html = render_summary(_summary())
    assert "<html>" not in html
    assert "&lt;html&gt;" in html


def test_verdict_matrix_and_coverage_are_shown():
    html = render_summary(_summary())
    assert 'Verdict: <span class="nonconformant">nonconformant</span> — 0 fail, 0 warn' in html
    assert '<td class="fail" title="id.zero: 0/0/2"><details><summary>✗ 2</summary>' in html
    assert "b24-conformance run --target &#x27;https://portal.example/rest/1/***/&#x27; --seed 42" in html
    assert "needs a second application" in html
    assert "<b>ACCESS_DENIED</b>: webhook only" in html
    assert "42" in html


def test_no_findings_says_so():
    assert "No findings." in render_summary(_summary(findings=[], verdict="conformant"))


def test_an_in_process_run_names_the_mock_that_serves_its_reproduce_lines():
    serve = "b24-conformance mock --port 8000 --seed 42 --fault not-found-http-404"
    html = render_summary(_summary(target="mock", serve_mock=serve))
    assert f'the reproduce lines: <code class="cmd">{serve}</code>' in html
    assert "the reproduce lines" not in render_summary(_summary(serve_mock=None))
