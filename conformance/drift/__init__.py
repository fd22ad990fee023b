"""Drift between the BIconnector docs pages and schemas/: what differs, and which is explained."""

from ._compare import Drift, compare, same_text
from ._docs import DocMethod, NotADocsCheckout, read_docs, read_page
from ._explained import KINDS, Explained, Explanation, load_explained
from ._report import main, render

__all__ = [
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
