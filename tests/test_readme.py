"""The README's counts are the code's: the fault zoo's size and its kill rate."""

from __future__ import annotations

import re
from pathlib import Path

from conformance.faults import FAULTS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_the_readme_names_as_many_faults_as_the_zoo_holds():
    [planted] = re.findall(r"plants one of (\d+) realistic contract breaks", README)
    [killed, of] = re.search(r"\*\*(\d+)/(\d+) \(100%\)\*\*", README).groups()
    assert int(planted) == int(killed) == int(of) == len(FAULTS)
