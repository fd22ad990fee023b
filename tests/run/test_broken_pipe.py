"""A listing piped into a reader that stops early (`| head -1`) ends quietly, not with a traceback."""

from __future__ import annotations

import subprocess
import sys


def test_a_reader_that_goes_away_is_no_error():
    # a pipe that is closed before the listing starts: every write meets a broken pipe
    reader = subprocess.Popen(["true"], stdin=subprocess.PIPE)
    reader.wait()
    done = subprocess.run(
        [sys.executable, "-m", "conformance.cli", "mock", "--list-faults"],
        stdout=reader.stdin,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        check=False,
    )
    reader.stdin.close()
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
