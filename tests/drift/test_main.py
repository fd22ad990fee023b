"""main(): the printed report and its exit codes 0, 1 and 2."""

from __future__ import annotations

import io

from conformance.drift import Explained, Explanation, compare, main, read_docs


def run(root, **kwargs):
    out = io.StringIO()
    return main(root, out, **kwargs), out.getvalue()


def test_a_path_that_is_no_checkout_exits_2_with_one_line(tmp_path):
    code, text = run(tmp_path)
    assert code == 2
    assert text.count("\n") == 1
    assert text.startswith("docs-drift: Expected a b24restdocs checkout with api-reference/biconnector/")
    assert "Traceback" not in text


def test_unexplained_differences_exit_1_and_are_listed(docs_root, small_contract):
    code, text = run(docs_root, contract=small_contract, explained=Explained())
    total = len(compare(read_docs(docs_root), small_contract))
    assert code == 1
    assert f"{total} differences, {total} unexplained" in text
    assert "  biconnector.connector.get  error-code-missing-in-schemas  CONNECTOR_GONE" in text
    assert "description-differs" in text.split("Unexplained")[0], "the counts by kind come first"
    assert text.rstrip().endswith(f"verdict: {total} unexplained differences")


def test_every_difference_explained_exits_0_and_prints_the_reasons(docs_root, small_contract):
    drifts = compare(read_docs(docs_root), small_contract)
    explained = Explained(tuple(Explanation(d.method, d.kind, d.name, f"known: {d.name}") for d in drifts))
    code, text = run(docs_root, contract=small_contract, explained=explained)
    assert code == 0
    assert "Unexplained" not in text
    assert "because known: CONNECTOR_GONE" in text
    assert text.rstrip().endswith("verdict: every difference is explained")


def test_an_explanation_that_matches_nothing_is_reported_as_stale(docs_root, small_contract):
    stale = Explanation("biconnector.gone.get", "method-missing-in-schemas", "biconnector.gone.get", "old")
    code, text = run(docs_root, contract=small_contract, explained=Explained((stale,)))
    assert code == 1
    assert "match no difference any more (1)" in text
    assert "biconnector.gone.get  method-missing-in-schemas  biconnector.gone.get" in text
