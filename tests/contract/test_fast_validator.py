"""FastValidator against jsonschema: the same verdict on every contract schema, the same errors always."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry

from conformance.contract import BASE_URI, ENVELOPES, FastValidator, default_contract
from conformance.contract._fast import compile_schema, equal

CONTRACT = default_contract()
REGISTRY = CONTRACT.registry
SCHEMAS = [f"envelope/{kind}.json" for kind in ENVELOPES] + [
    f"methods/{name}.json#/$defs/{part}" for name in sorted(CONTRACT.methods) for part in ("params", "result")
]
TIME = {
    "start": 1700000000.5,
    "finish": 1700000000.6,
    "duration": 0.1,
    "processing": 0.05,
    "date_start": "2023-11-14T22:13:20+00:00",
    "date_finish": "2023-11-14T22:13:20+00:00",
}


def _words() -> list[str]:
    """Property names, consts and enum members of every schema: what makes an instance come close."""
    found: set[str] = set()
    pending: list = list(CONTRACT.documents.values())
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            found.update(key for key in node.get("properties", {}) if isinstance(key, str))
            found.update(v for v in (node.get("const"), *node.get("enum", ())) if isinstance(v, str))
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return sorted(found)


WORDS = _words()
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from([0, 1, -1, 2**53 + 1, 1.0, 0.0, -0.5, 1.5, math.inf]),
    st.integers(),
    st.floats(allow_nan=False),
    st.sampled_from(WORDS),
    st.text(max_size=6),
    st.sampled_from(["", "Y", "N", "2023-11-14T22:13:20+03:00", "2023-11-14 22:13:20", "a" * 300]),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(WORDS), inner, max_size=6),
    max_leaves=12,
)


def _near(schema: object, resolver, depth: int = 0) -> st.SearchStrategy:
    """Instances shaped like schema (mostly valid, now and then not), any JSON at the fringes."""
    if depth > 6 or not isinstance(schema, dict):
        return JSON
    if "$ref" in schema:
        resolved = resolver.lookup(schema["$ref"])
        return _near(resolved.contents, resolved.resolver, depth + 1) | JSON
    if "const" in schema:
        return st.just(schema["const"]) | SCALARS
    if "enum" in schema:
        return st.sampled_from(schema["enum"]) | SCALARS
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return st.one_of([_near(branch, resolver, depth + 1) for branch in schema[key]])
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        properties = {
            key: _near(sub, resolver, depth + 1) for key, sub in schema.get("properties", {}).items()
        }
        required = [key for key in schema.get("required", ()) if key in properties]
        fixed = {key: properties[key] for key in required}
        optional = {key: value for key, value in properties.items() if key not in required}
        shaped = st.fixed_dictionaries(fixed, optional=optional)
        extra = st.dictionaries(st.sampled_from(WORDS), SCALARS, max_size=2)
        return st.builds(lambda base, more: {**more, **base}, shaped, extra) | shaped
    if kind == "array":
        return st.lists(_near(schema.get("items", True), resolver, depth + 1), max_size=3)
    if kind == "string" and "pattern" in schema:
        return st.from_regex(schema["pattern"], fullmatch=True) | SCALARS
    return SCALARS


def _validators(ref: str) -> tuple[FastValidator, Draft202012Validator]:
    schema = {"$ref": BASE_URI + ref}
    return FastValidator(schema, REGISTRY), Draft202012Validator(schema, registry=REGISTRY)


@pytest.mark.parametrize("ref", SCHEMAS[: len(ENVELOPES)])
def test_every_envelope_compiles(ref):
    assert compile_schema({"$ref": BASE_URI + ref}, REGISTRY) is not None


def test_every_method_schema_compiles():
    uncompiled = [ref for ref in SCHEMAS if compile_schema({"$ref": BASE_URI + ref}, REGISTRY) is None]
    assert uncompiled == []


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_same_verdict_and_errors_as_jsonschema(data):
    ref = data.draw(st.sampled_from(SCHEMAS), label="schema")
    fast, plain = _validators(ref)
    resolver = REGISTRY.resolver()
    instance = data.draw(_near({"$ref": BASE_URI + ref}, resolver) | JSON, label="instance")
    check = compile_schema(fast.schema, REGISTRY)
    assert check is not None
    assert check(instance) is plain.is_valid(instance)
    assert fast.is_valid(instance) is plain.is_valid(instance)
    assert [e.message for e in fast.iter_errors(instance)] == [e.message for e in plain.iter_errors(instance)]


def test_a_valid_answer_passes_without_jsonschema():
    fast, _ = _validators("envelope/success.json")
    body = {"result": {"id": 5}, "time": TIME}
    fast.validator = None  # jsonschema is not reached for a valid instance
    assert list(fast.iter_errors(body)) == []
    assert fast.is_valid(body)


def test_an_invalid_answer_gets_jsonschemas_errors():
    fast, plain = _validators("envelope/time.json")
    block = {**TIME, "duration": -1, "date_start": "yesterday"}
    assert [e.message for e in fast.iter_errors(block)] == [e.message for e in plain.iter_errors(block)]
    assert len(list(fast.iter_errors(block))) == 2


@pytest.mark.parametrize(
    ("schema", "instance", "valid"),
    [
        ({"type": "integer"}, 1.0, True),
        ({"type": "integer"}, True, False),
        ({"type": "number"}, False, False),
        ({"minimum": 1}, True, True),  # a bool is no number: minimum does not apply
        ({"minimum": 1}, 0, False),
        ({"const": 1}, True, False),
        ({"const": 1}, 1.0, True),
        ({"enum": [False, "0"]}, 0, False),
        ({"const": [1, {"a": True}]}, [1, {"a": True}], True),
        ({"const": [1, {"a": True}]}, [1, {"a": 1}], False),
        ({"properties": {"a": {}}, "additionalProperties": False}, {"a": "x", "b": 1}, False),
        ({"properties": {"a": {}}, "additionalProperties": {"type": "integer"}}, {"a": "x", "b": 1}, True),
        ({"properties": {"a": {}}, "additionalProperties": {"type": "integer"}}, {"b": "x"}, False),
        ({"pattern": "^a"}, 5, True),
        ({"maxLength": 2}, "äöü", False),
        ({"not": {"required": ["error"]}}, {"error": 1}, False),
        ({"anyOf": [{"type": "string"}, {"type": "null"}]}, None, True),
        ({"oneOf": [{"type": "integer"}, {"type": "number"}]}, 1, False),
        ({"items": {"type": "string"}, "maxItems": 1}, ["a", "b"], False),
        ({"minProperties": 1}, {}, False),
        ({"type": ["string", "integer"]}, 2.5, False),
    ],
)
def test_jsonschema_semantics(schema, instance, valid):
    fast = FastValidator(schema, Registry())
    assert Draft202012Validator(schema).is_valid(instance) is valid
    assert compile_schema(schema, Registry())(instance) is valid
    assert fast.is_valid(instance) is valid


@pytest.mark.parametrize(
    "schema",
    [{"uniqueItems": True}, {"prefixItems": [{"type": "string"}], "items": False}, {"patternProperties": {}}],
)
def test_keywords_it_does_not_compile_go_to_jsonschema(schema):
    assert compile_schema(schema, Registry()) is None
    fast = FastValidator(schema, Registry())
    instance = [1, 1] if "uniqueItems" in schema else ["a", "b"]
    plain = Draft202012Validator(schema)
    assert fast.is_valid(instance) is plain.is_valid(instance)
    assert [e.message for e in fast.iter_errors(instance)] == [e.message for e in plain.iter_errors(instance)]


def test_a_recursive_schema_compiles_once():
    schema = {
        "$id": "https://example.invalid/tree",
        "type": "object",
        "properties": {"children": {"type": "array", "items": {"$ref": "#"}}},
    }
    check = compile_schema(schema, Registry())
    assert check({"children": [{"children": []}]})
    assert not check({"children": [{"children": 5}]})


def test_equal_follows_jsonschema():
    assert equal({"a": [1, 2.0]}, {"a": [1.0, 2]})
    assert not equal({"a": 1}, {"a": 1, "b": 2})
    assert not equal(True, 1)
    assert not equal("1", 1)
