"""Read a response's shape: success, a method error in either placement, or a framework error."""

from __future__ import annotations

from typing import Any, Literal

from conformance.contract import Contract
from conformance.exchange import Response
from conformance.outcome import SUCCESS, Outcome

Kind = Literal["success", "method-error-nested", "method-error-root", "framework-error", "unknown"]
Family = Literal["module", "framework"]


def classify(response: Response) -> Kind:
    """The envelope kind of response, judged by shape and HTTP status alone.

    A root error answered with 200 is a method error in root placement; with any other status it is a
    framework error. The checks consult the error catalogs for codes that say otherwise.
    """
    body = response.json if response.is_json else None
    if not isinstance(body, dict):
        return "unknown"
    if "error" in body:
        return "method-error-root" if response.status == 200 else "framework-error"
    if "result" not in body:
        return "unknown"
    result = body["result"]
    if isinstance(result, dict) and "error" in result:
        return "method-error-nested"
    return "success"


def error_body(response: Response) -> dict[str, Any] | None:
    """The {error, error_description} object of an error answer, nested or root; None otherwise."""
    kind = classify(response)
    if kind == "method-error-nested":
        candidate = response.json["result"]["error"]
    elif kind in ("method-error-root", "framework-error"):
        candidate = response.json
    else:
        return None
    return candidate if isinstance(candidate, dict) else None


def error_code_of(response: Response) -> str | None:
    """The error code as text (a numeric 0 becomes "0"), or None when there is no readable one."""
    body = error_body(response)
    if body is None:
        return None
    code = body.get("error")
    # bool is an int subclass; only a real numeric 0 is the module's code-less Error
    if type(code) is int and code == 0:
        return "0"
    return code if isinstance(code, str) and code else None


def observed_outcome(response: Response) -> Outcome | None:
    """Success, or the error code the response carries; None when the body is no recognisable envelope."""
    kind = classify(response)
    if kind == "unknown":
        return None
    if kind == "success":
        return SUCCESS
    code = error_code_of(response)
    return None if code is None else Outcome(code)


def error_family(contract: Contract, response: Response) -> Family | None:
    """Whether the error in response is the module's or the REST framework's; None for no error."""
    code = error_code_of(response)
    if code is None:
        return None
    in_module = code == "0" or code in contract.module_errors
    in_framework = code in contract.framework_errors
    if in_module != in_framework:
        return "module" if in_module else "framework"
    # A code in both catalogs (ACCESS_DENIED) or in neither: the module nests its errors and answers
    # them with 200, the framework answers at the root with another status.
    if classify(response) == "method-error-nested" or response.status == 200:
        return "module"
    return "framework"
