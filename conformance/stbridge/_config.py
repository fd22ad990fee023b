"""Schemathesis' configuration for a Bitrix24 target: which built-in checks run, and why the others do not."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import schemathesis

MODES = ("positive", "negative")
# Each stateful scenario is an add and what follows its links; a few steps reach get and delete of the new id.
STATEFUL_STEPS = 6


@dataclass(frozen=True)
class BuiltinCheck:
    """One of schemathesis' built-in checks: whether it runs here, its options, and the reason."""

    name: str
    enabled: bool
    reason: str
    options: tuple[tuple[str, Any], ...] = ()

    def as_config(self) -> dict[str, Any]:
        """The check's section of a schemathesis configuration."""
        return {"enabled": self.enabled, **dict(self.options)}


# Bitrix24 answers a method error with HTTP 200 (nested or at the root), so every check that reads
# "rejected" from a 4xx or "missing" from a 404 misfires on a conformant portal. The b24_* checks
# read the body instead; these settings keep the status-based checks that still say something true.
BUILTIN_CHECKS: tuple[BuiltinCheck, ...] = (
    BuiltinCheck(
        "not_a_server_error",
        True,
        "a 5xx is never a documented answer, except the 503 of QUERY_LIMIT_EXCEEDED and OVERLOAD_LIMIT: "
        "a throttled portal is not broken (b24_http_status checks that a 503 carries one of those codes)",
        (("expected-statuses", ["2xx", "3xx", "4xx", "503"]),),
    ),
    BuiltinCheck(
        "status_code_conformance",
        True,
        "the export documents 200 and every framework error status, so an undocumented status is real",
    ),
    BuiltinCheck("content_type_conformance", True, "every documented answer is application/json"),
    BuiltinCheck(
        "response_headers_conformance", True, "no response header is documented; nothing to misfire"
    ),
    BuiltinCheck(
        "response_schema_conformance",
        False,
        "b24_envelope, b24_error_placement, b24_result_schema and b24_error_code validate the same schemas "
        "and say which part broke; the export's oneOf would report one opaque mismatch for each of them",
    ),
    BuiltinCheck(
        "negative_data_rejection",
        False,
        "it wants a 4xx for invalid input, but the module rejects input with HTTP 200 and an error body; "
        "b24_error_code holds that body's code against the documented ones instead",
    ),
    BuiltinCheck(
        "positive_data_acceptance",
        False,
        "it wants a 2xx for valid input, which every answer has (errors too), so it can only pass vacuously",
    ),
    BuiltinCheck(
        "use_after_free",
        False,
        "it calls a deleted object gone only on a 404, but the module answers *_NOT_FOUND with HTTP 200",
    ),
    BuiltinCheck(
        "ensure_resource_availability",
        False,
        "it reads 'created' from a 2xx and 'missing' from a 404; an add that failed is also a 200 here",
    ),
    BuiltinCheck(
        "ignored_auth",
        False,
        "the token travels in the body's auth field, which schemathesis cannot strip, so it would see "
        "authenticated answers to what it believes are anonymous requests",
    ),
    BuiltinCheck(
        "object_level_authorization",
        False,
        "needs two identities in schemathesis' auth config; isolation is the suite's id.foreign class",
    ),
    BuiltinCheck(
        "unsupported_method",
        False,
        "the REST API serves GET and POST for every method, while the export lists POST only",
    ),
    BuiltinCheck(
        "allow_header_conformance", False, "follows unsupported_method: no 405 to hold an Allow header"
    ),
    BuiltinCheck("missing_required_header", False, "no request header is required; nothing to check"),
)


def builtin_checks_config() -> dict[str, Any]:
    """The checks section of a schemathesis configuration, built-in checks only."""
    return {check.name: check.as_config() for check in BUILTIN_CHECKS}


def make_config(
    *, seed: int, examples: int, modes: Sequence[str] = MODES, shrink: bool = True
) -> schemathesis.Config:
    """A schemathesis configuration: seeded, no example database, examples per operation, our checks."""
    unknown = set(modes) - set(MODES)
    if not modes or unknown:
        raise ValueError(f"Expected generation modes among {MODES}, got {list(modes)!r}")
    mode = modes[0] if len(modes) == 1 else "all"
    return schemathesis.Config.from_dict(
        {
            "seed": seed,
            # A schemathesis.toml of the project under test must not change what the suite sends.
            "generation": {
                "mode": mode,
                "max-examples": examples,
                "database": "none",
                "no-shrink": not shrink,
                "deterministic": False,
            },
            "checks": builtin_checks_config(),
            "phases": {
                # The coverage phase sends a fixed set of boundary cases per operation, however few
                # examples the run profile allows; the id classes of test_ids.py cover that ground.
                "coverage": {"enabled": False},
                "stateful": {"max-steps": STATEFUL_STEPS},
            },
            "suppress-health-check": ["too_slow", "filter_too_much", "data_too_large"],
            # Served in-process, the mock is a WSGI app whose modules schemathesis would walk for
            # literals to put into bodies, and only from a checkout (an installed package is third
            # party to it): the target stands in for a portal, whose source no run can read, so a run
            # draws the same whether the mock is in-process, served, or installed.
            "analysis": {"constants": {"enabled": False}},
        }
    )
