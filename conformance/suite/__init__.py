"""The conformance suite: tests that probe the configured target (pytest --pyargs conformance.suite)."""
