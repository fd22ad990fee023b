"""Input class and target facts -> the expected outcome of an id method, under both semantics."""

from __future__ import annotations

from typing import Literal

from conformance.contract import Method
from conformance.inputs import IdCase, IdFacts, lowest_id
from conformance.outcome import SUCCESS, Expectation, Outcome

from ._rules import Resolved, documented_id, module_id

Auth = Literal["oauth", "webhook"]


def expect_id(method: Method, case: IdCase, facts: IdFacts, *, auth: Auth = "oauth") -> Expectation:
    """What method answers for case: success, or the first error of FACTS section 2's order."""
    if not method.takes_id:
        raise ValueError(f"Expected a method that takes an id; {method.name} takes none")
    if auth not in ("oauth", "webhook"):
        raise ValueError(f"Expected auth 'oauth' or 'webhook', got {auth!r}")
    not_found = method.not_found_code
    if not_found is None:
        raise ValueError(f"{method.name} documents no *_NOT_FOUND code for its {method.entity} lookups")
    value = case.value
    documented = documented_id(value, case.encoding, minimum=lowest_id(method))
    module = module_id(value, case.encoding)
    return Expectation(
        documented=_outcome(documented, method, facts, auth, not_found),
        module=_outcome(module, method, facts, auth, not_found),
    )


def _outcome(resolved: Resolved, method: Method, facts: IdFacts, auth: Auth, not_found: str) -> Outcome:
    # The module checks the app context before it reads the id, so a webhook never gets further.
    if auth == "webhook" and method.app_context:
        return Outcome("ACCESS_DENIED")
    if resolved == "missing":
        return Outcome("VALIDATION_ID_NOT_PROVIDED")
    if resolved is None:
        return Outcome("VALIDATION_INVALID_ID_FORMAT")
    # Another application's object answers like no object at all: lookups are scoped to the caller.
    return SUCCESS if resolved == facts.existing else Outcome(not_found)
