"""The module's side of the contract: request schemas widened to what the portal accepts."""

from __future__ import annotations

import copy
from typing import Any, Literal

from ._bundle import COMPONENTS, SchemaBundle

RequestSchemas = Literal["documented", "module"]
REQUEST_SCHEMAS: tuple[RequestSchemas, ...] = ("documented", "module")

# The module reads an id with PHP's is_numeric() and then (int), and refuses only what ends up
# below 1; so JSON numbers and numeric strings (spaces around, sign, fraction, exponent) get through
# where the docs name an integer. The string branch keeps to forms whose (int) is at least 1, so that
# a generated positive id is one the module looks up rather than refuses. Numbers stop at PHP's
# largest int: past it json_decode gives a float, whose (int) wraps and may come out below 1.
_WS = "[ \\t\\n\\r\\x0B\\f]*"
_PHP_INT_MAX = 2**63 - 1
MODULE_ID: dict[str, Any] = {
    "description": "An id as the module reads it: is_numeric(), then (int) must be at least 1.",
    "anyOf": [
        {"type": "number", "minimum": 1, "maximum": _PHP_INT_MAX},
        {"type": "string", "pattern": f"^{_WS}\\+?0*[1-9][0-9]*(\\.[0-9]*)?([eE]\\+?[0-9]+)?{_WS}$"},
    ],
}
MODULE_ID_NAME = "types.id.module"


class Relaxation:
    """One keyword of a bundled schema that the module does not enforce, with the reason."""

    def __init__(self, component: str, location: tuple[str, ...], keyword: str, reason: str) -> None:
        self.component = component
        self.location = location
        self.keyword = keyword
        self.reason = reason

    def apply(self, schemas: dict[str, Any]) -> None:
        """Drop the keyword from the component in schemas (a KeyError names a stale relaxation)."""
        node = schemas[self.component]
        for key in self.location:
            node = node[key]
        del node[self.keyword]


# Schemas shared by requests and answers: what the module stores unchecked comes back in get and
# list, so the answer's schema has to allow it as well as the request's.
RELAXATIONS = (
    Relaxation(
        "types.connectorSetting",
        ("properties", "code"),
        "minLength",
        "the module checks a setting's code for length 511 at most, never for emptiness",
    ),
    Relaxation(
        "types.connectorSetting",
        ("properties", "name"),
        "minLength",
        "the module checks a setting's name for length 511 at most, never for emptiness",
    ),
)


def module_request(bundle: SchemaBundle, name: str, params: dict[str, str], id_param: str | None) -> dict:
    """The params schema of a method with its id parameter read as the module reads it."""
    if id_param is None:
        return params
    local = bundle.schemas[params["$ref"].removeprefix(COMPONENTS)]
    widened = copy.deepcopy(local)
    widened.setdefault("properties", {})[id_param] = bundle.add(MODULE_ID_NAME, copy.deepcopy(MODULE_ID))
    return bundle.add(f"{name}.params.module", widened)


def relax(bundle: SchemaBundle) -> None:
    """Apply every relaxation to the bundled schemas that are there."""
    for relaxation in RELAXATIONS:
        if relaxation.component in bundle.schemas:
            relaxation.apply(bundle.schemas)
