"""A fields payload and target facts -> the expected outcome of an add or update, with its exact text."""

from __future__ import annotations

from conformance.contract import Method
from conformance.inputs import MISSING, FieldsCase, FieldsFacts
from conformance.outcome import SUCCESS, Expectation, Outcome

from . import _fields_lists, _fields_rules
from ._expect import Auth
from ._rules import documented_id, module_id
from ._view import get, php_view


def expect_fields(
    method: Method, case: FieldsCase, facts: FieldsFacts, *, auth: Auth = "oauth"
) -> Expectation:
    """What an add, update or fields.update answers for case, in the module's order.

    The order: application context, id, fields (or fields.update's lists), the entity's rules, lookup.
    """
    if method.action not in ("add", "update", "fields.update"):
        raise ValueError(f"Expected an add, update or fields.update method, got {method.name}")
    if auth not in ("oauth", "webhook"):
        raise ValueError(f"Expected auth 'oauth' or 'webhook', got {auth!r}")
    return Expectation(
        documented=_outcome(method, case, facts, auth, "documented"),
        module=_outcome(method, case, facts, auth, "module"),
    )


def _outcome(method: Method, case: FieldsCase, facts: FieldsFacts, auth: Auth, semantics: str) -> Outcome:
    if auth == "webhook" and method.app_context:
        return _fields_rules.text(method, "ACCESS_DENIED")
    view = php_view(case.params, case.encoding)
    looked_up = None
    if method.action != "add":
        value = get(view, method.id_param or "id")
        raw = get(case.params, method.id_param or "id")
        resolved = (
            module_id(raw, case.encoding) if semantics == "module" else documented_id(raw, case.encoding)
        )
        if value is MISSING:
            return _fields_rules.text(method, "VALIDATION_ID_NOT_PROVIDED")
        if resolved is None:
            return _fields_rules.text(method, "VALIDATION_INVALID_ID_FORMAT")
        looked_up = resolved
    if method.action == "fields.update":
        return _fields_lists.fields_update(method, view, facts, resolved)
    fields = get(view, "fields")
    error = _fields_rules.generic(method, method.fields, fields, semantics)
    if error is not None:
        return error
    outcome = _fields_rules.entity(method, fields if isinstance(fields, dict) else {}, facts)
    if not outcome.is_success:
        return outcome
    if looked_up is not None and looked_up != facts.existing:
        return _fields_rules.text(method, method.not_found_code or f"{method.entity.upper()}_NOT_FOUND")
    return SUCCESS
