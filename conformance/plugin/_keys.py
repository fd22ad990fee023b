"""The keys under which the plugin keeps a run's state on the pytest config, shared by its hook modules."""

from __future__ import annotations

import pytest

from ..engine import Recorder, RunConfig

RECORDER = pytest.StashKey[Recorder]()
RUN_CONFIG = pytest.StashKey[RunConfig]()
SESSION = pytest.StashKey[object]()
ACTIVE = pytest.StashKey[bool]()
SUMMARY = pytest.StashKey[dict]()
SIGNALS = pytest.StashKey[object]()  # the run's SignalGuard
DISPLAY = pytest.StashKey[bool]()  # whether the run's own display (plugin/_progress.py) took the terminal
FROZEN = pytest.StashKey[bool]()  # whether the run froze the collector's objects and thaws them at the end
