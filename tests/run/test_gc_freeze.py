"""A conformance run keeps what it collected out of the garbage collector's full passes, and only it."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap


def test_only_a_conformance_run_freezes_and_it_thaws_at_the_end(tmp_path):
    (tmp_path / "test_marked.py").write_text(
        textwrap.dedent(
            """
            import gc, json, os, pytest

            @pytest.mark.b24
            def test_seen_by_a_run():
                with open(os.environ["FREEZE_OUT"], "a") as out:
                    out.write(json.dumps(["marked", gc.get_freeze_count()]) + "\\n")

            def test_plain():
                with open(os.environ["FREEZE_OUT"], "a") as out:
                    out.write(json.dumps(["plain", gc.get_freeze_count()]) + "\\n")
            """
        )
    )
    out = tmp_path / "freeze.jsonl"
    child = textwrap.dedent(
        f"""
        import gc, json, pytest
        # the last run in a process that froze objects of its own first
        runs = (("test_plain", False), ("test_seen_by_a_run", False), ("test_seen_by_a_run", True))
        for selection, freeze_first in runs:
            if freeze_first:
                gc.freeze()
            pytest.main(["-q", "-p", "no:cacheprovider", "-k", selection, {str(tmp_path)!r}])
            with open({str(out)!r}, "a") as stream:
                stream.write(json.dumps(["after", gc.get_freeze_count()]) + "\\n")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", child],
        cwd=tmp_path,
        env={"FREEZE_OUT": str(out), "PATH": ""},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    seen = [json.loads(line) for line in out.read_text().splitlines()]
    assert [name for name, _ in seen] == ["plain", "after", "marked", "after", "marked", "after"]
    names = ["plain", "after plain", "marked", "after marked", "marked again", "after marked again"]
    counts = dict(zip(names, (n for _, n in seen), strict=True))
    assert counts["plain"] == 0 and counts["after plain"] == 0
    assert counts["marked"] > 1000  # the modules, the contract and the collected tests
    assert counts["after marked"] == 0
    assert counts["after marked again"] > 0  # what the process froze itself stays frozen
