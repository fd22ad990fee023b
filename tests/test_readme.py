"""The README's counts are the code's: the fault zoo's size and its kill rate, the checks registered."""

from __future__ import annotations

import re
from pathlib import Path

from conformance.faults import FAULTS
from conformance.findings import CHECKS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_the_readme_names_as_many_faults_as_the_zoo_holds():
    [planted] = re.findall(r"plants one of (\d+) realistic contract breaks", README)
    [killed, of] = re.search(r"\*\*(\d+)/(\d+) \(100%\)\*\*", README).groups()
    assert int(planted) == int(killed) == int(of) == len(FAULTS)


def test_the_readme_names_every_registered_check_and_counts_them():
    [count, names] = re.search(
        r"goes through (\d+) named checks: (.*?) \(`conformance/checks`", README, re.S
    ).groups()
    named = re.findall(r"`([a-z-]+)`", names)
    assert int(count) == len(named) == len(CHECKS)
    assert set(named) == set(CHECKS)
