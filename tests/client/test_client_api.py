"""The client package's public API is what its __all__ names."""

from __future__ import annotations

import conformance.client as client_module


def test_public_api_is_what_all_names():
    # pytest rewrites the package as a plugin's and adds "@py_builtins"-style names, hence isidentifier.
    public = {n for n in dir(client_module) if n.isidentifier() and not n.startswith("_")}
    assert public - {"annotations"} == set(client_module.__all__)
    assert set(client_module.__all__) == {
        "DEFAULT_OAUTH_SERVER",
        "MASK",
        "PLANS",
        "Client",
        "OAuthError",
        "OAuthRefresh",
        "Pacer",
        "RetryPolicy",
        "Target",
        "TargetError",
        "TransportError",
        "batch_params",
        "command",
        "fits_in_batch",
        "http_build_query",
        "masked_response",
        "redact",
        "redact_command",
        "redact_headers",
        "shown_target",
    }


def test_errors_are_what_callers_catch():
    assert issubclass(client_module.TargetError, ValueError)
    assert issubclass(client_module.TransportError, Exception)
    assert not issubclass(client_module.TransportError, AssertionError)  # not a conformance failure
    # A refused renewal is a configuration problem (exit 2), not a conformance failure or a transport one.
    assert not issubclass(client_module.OAuthError, AssertionError | client_module.TransportError)
