"""One OpenAPI operation per contract method: request body, 200 response and links."""

from __future__ import annotations

from typing import Any

from conformance.contract import Contract, Method, Placement

from ._accepted import RequestSchemas, module_request
from ._bundle import SchemaBundle

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
# What a successful add answers, as a runtime expression over the response body.
CREATED_ID = "$response.body#/result/id"
LINKED_ACTIONS = ("get", "update", "delete")
# OpenAPI can put an apiKey only in a query, header or cookie, but the REST API also reads the OAuth
# token from an `auth` field of the body; so it is an optional body property here (the header form
# is the bearer security scheme), and webhook URLs need neither.
AUTH_SCHEMA = {
    "type": "string",
    "minLength": 1,
    "description": "OAuth access token; leave it out for webhook URLs or when sending Authorization: Bearer.",
}
_SCALARS = frozenset({"string", "integer", "number", "boolean", "null"})


def operation(
    contract: Contract,
    bundle: SchemaBundle,
    method: Method,
    placement: Placement,
    framework_responses: dict[str, dict[str, str]],
    requests: RequestSchemas = "documented",
) -> dict[str, Any]:
    """The POST operation for method, with its schemas registered in bundle."""
    ok = {
        "description": _ok_description(method, placement),
        "content": {JSON: {"schema": ok_schema(bundle, method, placement)}},
    }
    links = add_links(contract, method)
    if links:
        ok["links"] = links
    document = method.document
    return {
        "operationId": method.name,
        "summary": document.get("description", method.name),
        "tags": [method.entity],
        "requestBody": request_body(contract, bundle, method, requests),
        "responses": {"200": ok, **{s: dict(r) for s, r in framework_responses.items()}},
        "x-b24-method": dict(document.get("x-b24-method", {})),
    }


def request_body(
    contract: Contract, bundle: SchemaBundle, method: Method, requests: RequestSchemas = "documented"
) -> dict[str, Any]:
    """The params schema, plus an optional auth token, as JSON and as a PHP-style form body."""
    params = bundle.ref(_method_uri(method) + "#/$defs/params")
    suffix = ""
    if requests == "module":
        params = module_request(bundle, method.name, params, method.id_param)
        suffix = ".module"
    auth = bundle.add("auth", dict(AUTH_SCHEMA))
    schema = bundle.add(f"{method.name}.request{suffix}", {"allOf": [params], "properties": {"auth": auth}})
    params_schema = method.document["$defs"]["params"]
    form: dict[str, Any] = {"schema": schema}
    encoding = _form_encoding(contract, method, params_schema)
    if encoding:
        form["encoding"] = encoding
    return {
        "required": bool(params_schema.get("required")),
        "content": {JSON: {"schema": schema}, FORM: form},
    }


def ok_schema(bundle: SchemaBundle, method: Method, placement: Placement) -> dict[str, Any]:
    """HTTP 200: the success envelope with the method's result, or a documented method error."""
    success = bundle.add(
        f"{method.name}.success",
        {
            "allOf": [bundle.ref("envelope/success.json")],
            "properties": {"result": bundle.ref(_method_uri(method) + "#/$defs/result")},
        },
    )
    return {"oneOf": [success, method_error(bundle, method, placement)]}


def method_error(bundle: SchemaBundle, method: Method, placement: Placement) -> dict[str, str]:
    """The method's error envelope in placement: error is one of its documented codes."""
    body = bundle.add(
        f"{method.name}.error",
        {
            "type": "object",
            "required": ["error", "error_description"],
            "properties": {
                "error": {"enum": wire_codes(method)},
                "error_description": {"type": "string"},
            },
            # Each branch fixes the exact error_description the docs give for its code.
            "anyOf": bundle.rewrite(method.document["$defs"]["error"]["anyOf"], _method_uri(method)),
        },
    )
    envelope = bundle.ref(f"envelope/method-error-{placement}.json")
    if placement == "nested":
        schema = {"allOf": [envelope], "properties": {"result": {"properties": {"error": body}}}}
    else:
        schema = {"allOf": [envelope, body]}
    return bundle.add(f"{method.name}.method-error-{placement}", schema)


def wire_codes(method: Method) -> list[str | int]:
    """The method's error codes as they travel, once each: strings, and the number 0 for numeric ones."""
    # Several documented errors share the numeric code 0 and differ only in their description.
    return list(dict.fromkeys(error.wire_code for error in method.error_codes))


def add_links(contract: Contract, method: Method) -> dict[str, Any]:
    """Links from an add to the same entity's get/update/delete, fed with the new object's id."""
    if method.action != "add":
        return {}
    links = {}
    for target in sorted(contract.methods.values(), key=lambda m: m.name):
        if target.entity != method.entity or target.action not in LINKED_ACTIONS or not target.takes_id:
            continue
        # The id travels in the body, not in a path/query parameter, so a Link's `parameters` cannot
        # carry it; `requestBody` with an embedded runtime expression can (schemathesis 4 evaluates
        # nested expressions and merges the value into the body it generates).
        links[target.action] = {
            "operationId": target.name,
            "requestBody": {target.id_param: CREATED_ID},
            "description": f"The {method.entity} that {method.name} created, by its id.",
        }
    return links


def _form_encoding(contract: Contract, method: Method, params_schema: dict) -> dict[str, Any]:
    # PHP reads nested form fields as fields[title]=x: OpenAPI's deepObject style is the nearest match.
    resolver = contract.registry.resolver(base_uri=_method_uri(method))
    encoding = {}
    for name, prop in params_schema.get("properties", {}).items():
        schema = resolver.lookup(prop["$ref"]).contents if "$ref" in prop else prop
        kinds = schema.get("type")
        kinds = {kinds} if isinstance(kinds, str) else set(kinds or ())
        if kinds and kinds <= _SCALARS:
            continue
        encoding[name] = {"style": "deepObject", "explode": True}
    return encoding


def _ok_description(method: Method, placement: Placement) -> str:
    where = "inside result" if placement == "nested" else "at the root"
    return f"Success, or a documented {method.name} error {where} (HTTP 200 either way)."


def _method_uri(method: Method) -> str:
    return method.document["$id"]  # load_contract refuses a schema without one
