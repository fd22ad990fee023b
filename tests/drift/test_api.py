"""The public API of conformance.drift is what __all__ names."""

from __future__ import annotations

import inspect

import conformance.drift as drift


def test_all_names_the_public_api():
    assert sorted(drift.__all__) == sorted(
        [
            "KINDS",
            "DocMethod",
            "Drift",
            "Explained",
            "Explanation",
            "NotADocsCheckout",
            "compare",
            "load_explained",
            "main",
            "read_docs",
            "read_page",
            "render",
            "same_text",
        ]
    )
    assert all(hasattr(drift, name) for name in drift.__all__)


def test_the_signatures_the_cli_relies_on():
    assert list(inspect.signature(drift.main).parameters)[:2] == ["root", "out"]
    assert list(inspect.signature(drift.compare).parameters) == ["docs", "contract", "explained"]
    assert list(inspect.signature(drift.load_explained).parameters) == ["path"]
    assert [f.name for f in drift.DocMethod.__dataclass_fields__.values()] == [
        "name",
        "params",
        "error_codes",
        "result_fields",
    ]
    assert list(drift.Drift.__dataclass_fields__) == ["method", "kind", "name", "detail", "reason"]
