"""Root conftest: the checkout's tests and suite use the plugin even where the package is not installed."""

import os
from importlib.metadata import entry_points
from pathlib import Path

# The tests' Hypothesis caches stay in the checkout's (ignored) .hypothesis folder, also for the commands
# they start: b24-conformance itself sends them to the user's cache folder (conformance/cli/_caches.py).
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", str(Path(__file__).parent / ".hypothesis"))

# An installed (or editable) package registers the plugin through its pytest11 entry point;
# registering it a second time here would make pytest refuse to start.
if not any(ep.value == "conformance.plugin" for ep in entry_points(group="pytest11")):
    pytest_plugins = ["conformance.plugin"]
