"""ids(): each class yields its own members, as valid as it claims, shrinking and reproducibly."""

import re
from decimal import Decimal
from functools import cache

import pytest
from hypothesis import Phase, find, given, seed, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from conformance.contract import Method, default_contract
from conformance.inputs import MISSING, IdCase, IdFacts, id_classes_for, ids, lowest_id

FACTS = IdFacts(existing=17, unknown=987654, foreign=23)
METHODS = default_contract().id_methods()
GET = default_contract().method("biconnector.connector.get")
LONG_MAX = 2**63 - 1
WHITESPACE = " \t\n\r\x0b\x0c"
# PHP's numeric-string grammar, written out again so the classifier does not lean on the package.
PHP_NUMBER = re.compile(
    r"\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*".replace(r"\s", f"[{WHITESPACE}]"), re.A
)
FEW = settings(max_examples=10, deadline=None, database=None, derandomize=True)


@cache
def strategy(method_name, class_name, encoding="json"):
    """One strategy per combination, built once: building one is slower than drawing from it."""
    return ids(default_contract().method(method_name), facts=FACTS, classes=[class_name], encoding=encoding)


def classify(value, encoding, facts=FACTS):
    """The one class value belongs to, by the class descriptions (independent of the strategies)."""
    if value is MISSING:
        return "id.missing"
    if value is None:
        return "id.null"
    if isinstance(value, bool):
        return "id.bool"
    if isinstance(value, list):
        return "id.array"
    if isinstance(value, dict):
        return "id.object"
    if isinstance(value, int | float):
        return _by_value(Decimal(value), facts)
    if value == "":
        return "id.empty-string"
    if not PHP_NUMBER.fullmatch(value):
        return "id.non-numeric-string"
    if "e" in value.lower():
        return "id.exponent-string"
    number = Decimal(value.strip(WHITESPACE))
    if number != number.to_integral_value() or number <= 0:
        return _by_value(number, facts)
    if re.fullmatch(r"[1-9][0-9]*", value):
        if encoding != "json":
            return _by_value(number, facts)
        return "id.numeric-string" if number in (facts.existing, facts.unknown) or number >= LONG_MAX else "?"
    return "id.padded-string" if number in (facts.existing, facts.unknown) else "?"


def _by_value(number, facts):
    if number != number.to_integral_value():
        return "id.fraction"
    if number == 0:
        return "id.zero"
    if number < 0:
        return "id.negative"
    if number >= LONG_MAX:
        return "id.huge"
    known = {facts.existing: "id.existing", facts.unknown: "id.unknown", facts.foreign: "id.foreign"}
    return known.get(int(number), f"? (a lookup of {number}, an id the suite does not know)")


def _only_strings(value):
    if isinstance(value, list):
        return all(isinstance(item, str) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
    return value is MISSING or isinstance(value, str)


@pytest.mark.parametrize("method", METHODS, ids=lambda m: m.name)
@pytest.mark.parametrize("cls", id_classes_for("json"), ids=lambda c: c.name)
@FEW
@given(data=st.data())
def test_values_meet_the_params_schema_exactly_when_the_class_says_so(method, cls, data):
    case = data.draw(strategy(method.name, cls.name))
    # Only the id's own errors: update methods also require fields, which id cases do not carry.
    param = method.id_param
    errors = [e for e in method.params_errors(case.params) if e.startswith(f"{param}:") or f"'{param}'" in e]
    assert (not errors) == cls.schema_valid, f"{cls.name} {case.value!r}: schema says {errors or 'valid'}"


@pytest.mark.parametrize(
    ("encoding", "cls"),
    [(encoding, cls) for encoding in ("json", "form", "query") for cls in id_classes_for(encoding)],
    ids=lambda x: getattr(x, "name", x),
)
@FEW
@given(data=st.data())
def test_every_class_yields_only_its_own_members(encoding, cls, data):
    case = data.draw(strategy(GET.name, cls.name, encoding))
    assert (case.input_class, case.encoding) == (cls.name, encoding)
    assert classify(case.value, encoding) == cls.name, f"{case.value!r} sent {encoding}"
    assert case.params == ({} if case.value is MISSING else {"id": case.value})


FORM_CLASSES = {encoding: ids(GET, facts=FACTS, encoding=encoding) for encoding in ("form", "query")}


@pytest.mark.parametrize("encoding", ["form", "query"])
@settings(max_examples=80, deadline=None, database=None)
@given(data=st.data())
def test_form_values_are_strings_lists_or_dicts_of_strings(encoding, data):
    case = data.draw(FORM_CLASSES[encoding])
    assert _only_strings(case.value), f"{case.input_class} gave {case.value!r}"


@FEW
@given(ids(GET, facts=IdFacts(existing=17, unknown=987654)))
def test_without_foreign_facts_no_foreign_class_is_drawn(case):
    assert case.input_class != "id.foreign"


NO = object()  # the class cannot be sent in that encoding
SIMPLEST = {
    "id.missing": (MISSING, MISSING),
    "id.null": (None, NO),
    "id.empty-string": ("", ""),
    "id.zero": (0, "0"),
    "id.negative": (-1, "-1"),
    "id.fraction": (0.5, "0.5"),
    "id.bool": (False, NO),
    "id.array": ([], ["17"]),
    "id.object": ({}, {"id": "17"}),
    "id.non-numeric-string": ("abc", "abc"),
    "id.numeric-string": ("17", NO),
    "id.padded-string": (" 17", " 17"),
    "id.exponent-string": ("17e0", "17e0"),
    "id.huge": (LONG_MAX, str(LONG_MAX)),
    "id.unknown": (987654, "987654"),
    "id.existing": (17, "17"),
    "id.foreign": (23, "23"),
}


@pytest.mark.parametrize(
    ("name", "encoding", "expected"),
    [
        (name, encoding, pair[encoding == "form"])
        for name, pair in SIMPLEST.items()
        for encoding in ("json", "form")
        if pair[encoding == "form"] is not NO
    ],
)
def test_each_class_shrinks_to_its_simplest_member(name, encoding, expected):
    found = find(ids(GET, facts=FACTS, classes=[name], encoding=encoding), lambda case: True, settings=FEW)
    assert found.value == expected and type(found.value) is type(expected)


# find() must reach a failing example and shrink it all the way on every machine: derandomized.
SHRINK = settings(max_examples=200, deadline=None, database=None, derandomize=True)


def test_failing_properties_shrink_inside_a_class():
    pair = find(ids(GET, facts=FACTS, classes=["id.array"]), lambda c: len(c.value) >= 2, settings=SHRINK)
    assert pair.value == [17, 17]
    string = find(
        ids(GET, facts=FACTS, classes=["id.negative"]), lambda c: isinstance(c.value, str), settings=SHRINK
    )
    assert string.value == "-1"
    first = find(ids(GET, facts=FACTS, classes=["id.huge", "id.zero"]), lambda case: True, settings=SHRINK)
    assert first.input_class == "id.huge", "shrinks towards the first class asked for"


def _drawn(seed_value):
    drawn = []

    @seed(seed_value)
    @settings(max_examples=30, database=None, phases=[Phase.generate])
    @given(ids(GET, facts=FACTS, encoding="json"))
    def collect(case):
        drawn.append(case)

    collect()
    return drawn


def test_the_same_seed_gives_the_same_sequence():
    first = _drawn(20240611)
    assert first == _drawn(20240611)
    assert first != _drawn(7)
    assert len({case.input_class for case in first}) > 5


def _synthetic(minimum):
    schema = {
        "type": "object",
        "required": ["thingId"],
        "properties": {"thingId": {"type": "integer", "minimum": minimum}},
    }
    return Method(
        name="x.thing.get",
        entity="thing",
        action="get",
        app_context=True,
        id_param="thingId",
        error_codes=GET.error_codes,
        params_validator=Draft202012Validator(schema),
        result_validator=Draft202012Validator({}),
    )


def test_param_name_and_lower_bound_come_from_the_params_schema():
    method = _synthetic(10)
    assert lowest_id(method) == 10
    assert [lowest_id(m) for m in METHODS] == [1] * len(METHODS)
    facts = IdFacts(existing=17, unknown=987654)
    case = find(ids(method, facts=facts, classes=["id.existing"]), lambda case: True, settings=FEW)
    assert case.params == {"thingId": 17}
    with pytest.raises(
        ValueError, match=r"Expected IdFacts.existing >= 10, the lowest id x.thing.get accepts; got 5"
    ):
        ids(method, facts=IdFacts(existing=5, unknown=987654))


def test_schemas_without_a_lower_bound_are_refused():
    method = _synthetic(10)
    unbounded = Method(**{**method.__dict__, "params_validator": Draft202012Validator({"type": "object"})})
    with pytest.raises(ValueError, match="params schema to reject id -18446744073709551616; it accepts it"):
        lowest_id(unbounded)


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"classes": ["id.nul"]}, KeyError, "among id.missing"),
        (
            {"classes": ["id.null"], "encoding": "form"},
            ValueError,
            "id.null cannot be sent form-encoded; form carries",
        ),
        ({"classes": ["id.bool"], "encoding": "query"}, ValueError, "id.bool cannot be sent query-encoded"),
        ({"classes": []}, ValueError, "Expected at least one class name"),
        ({"classes": "id.zero"}, TypeError, "got the string 'id.zero'"),
        ({"encoding": "xml"}, ValueError, "Expected an encoding among"),
    ],
)
def test_bad_options_say_what_was_expected(options, error, message):
    with pytest.raises(error, match=re.escape(message)):
        ids(GET, facts=FACTS, **options)


def test_foreign_needs_foreign_facts():
    with pytest.raises(ValueError, match=r"id.foreign needs IdFacts.foreign .*got None"):
        ids(GET, facts=IdFacts(existing=1, unknown=2), classes=["id.foreign"])


def test_methods_without_an_id_are_refused():
    with pytest.raises(ValueError, match=r"biconnector\.connector\.list takes none"):
        ids(default_contract().method("biconnector.connector.list"), facts=FACTS)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"existing": 0, "unknown": 5},
        {"existing": True, "unknown": 5},
        {"existing": 5, "unknown": 5},
        {"existing": 5, "unknown": 6, "foreign": 5},
        {"existing": 5, "unknown": LONG_MAX},
        {"existing": "5", "unknown": 6},
    ],
)
def test_id_facts_are_checked(kwargs):
    with pytest.raises(ValueError, match="Expected"):
        IdFacts(**kwargs)


def test_case_value_and_hash():
    assert IdCase("id.missing", "json", {}).value is MISSING
    case = IdCase("id.existing", "form", {"id": "17"})
    assert case.value == "17"
    assert hash(case) == hash(IdCase("id.existing", "form", {"id": "17"}))
