"""The docs-drift report: read a docs checkout, compare with the schemas, print, and say 0, 1 or 2."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from conformance.contract import Contract, default_contract

from ._compare import Drift, compare
from ._docs import DocMethod, NotADocsCheckout, read_docs
from ._explained import KINDS, Explained, Explanation, load_explained

EXIT_EXPLAINED, EXIT_UNEXPLAINED, EXIT_NOT_A_CHECKOUT = 0, 1, 2


def main(
    root: Path,
    out: TextIO = sys.stdout,
    *,
    contract: Contract | None = None,
    explained: Explained | None = None,
) -> int:
    """Print the drift between the docs checkout at root and the schemas; exit 0, 1 or 2."""
    try:
        docs = read_docs(Path(root))
    except NotADocsCheckout as exc:
        print(f"docs-drift: {exc}", file=out)
        return EXIT_NOT_A_CHECKOUT
    contract = contract or default_contract()
    explained = explained if explained is not None else load_explained()
    drifts = compare(docs, contract, explained)
    out.write(render(drifts, docs, len(contract.methods), explained))
    return EXIT_UNEXPLAINED if any(not d.explained for d in drifts) else EXIT_EXPLAINED


def render(drifts: list[Drift], docs: dict[str, DocMethod], schema_methods: int, explained: Explained) -> str:
    """The report as text: counts by kind, then the unexplained differences, then the explained ones."""
    open_ = [d for d in drifts if not d.explained]
    lines = [
        f"docs-drift: {len(docs)} documented methods, {schema_methods} in the schemas; "
        f"{len(drifts)} differences, {len(open_)} unexplained",
        "",
        f"  {'kind':<32} {'total':>5} {'unexplained':>11}",
    ]
    totals, unexplained = Counter(d.kind for d in drifts), Counter(d.kind for d in open_)
    lines += [f"  {kind:<32} {totals[kind]:>5} {unexplained[kind]:>11}" for kind in KINDS if totals[kind]]
    if open_:
        lines += ["", f"Unexplained ({len(open_)}): fix schemas/ or add a reasoned entry to explained.json"]
        lines += _listing(open_, lambda d: d.detail)
    done = [d for d in drifts if d.explained]
    if done:
        lines += ["", f"Explained ({len(done)}):"]
        lines += _listing(done, lambda d: f"because {d.reason}")
    stale = explained.unused(drifts)
    if stale:
        lines += ["", f"Explanations that match no difference any more ({len(stale)}): remove them"]
        lines += [f"  {_line(e)}" for e in stale]
    verdict = "every difference is explained" if not open_ else f"{len(open_)} unexplained differences"
    lines += ["", f"verdict: {verdict}", ""]
    return "\n".join(lines)


def _listing(drifts: list[Drift], note: Callable[[Drift], str]) -> list[str]:
    lines = []
    for drift in drifts:
        lines.append(f"  {drift.method}  {drift.kind}  {drift.name}")
        lines.append(f"      {note(drift)}")
    return lines


def _line(entry: Explanation) -> str:
    return f"{entry.method}  {entry.kind}  {entry.name}"
