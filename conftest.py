"""Root conftest: the checkout's tests and suite use the plugin even where the package is not installed."""

from importlib.metadata import entry_points

# An installed (or editable) package registers the plugin through its pytest11 entry point;
# registering it a second time here would make pytest refuse to start.
if not any(ep.value == "conformance.plugin" for ep in entry_points(group="pytest11")):
    pytest_plugins = ["conformance.plugin"]
