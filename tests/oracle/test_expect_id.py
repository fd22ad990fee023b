"""expect_id: the order of FACTS section 2, under the documented and the module semantics."""

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from conformance.contract import default_contract
from conformance.inputs import IdCase, IdFacts, ids
from conformance.oracle import expect_id, module_id
from conformance.outcome import SUCCESS, Outcome

FACTS = IdFacts(existing=5, unknown=424242, foreign=7)
INVALID = Outcome("VALIDATION_INVALID_ID_FORMAT")
MISSING_ID = Outcome("VALIDATION_ID_NOT_PROVIDED")
DENIED = Outcome("ACCESS_DENIED")


def _method(name="biconnector.connector.get"):
    return default_contract().method(name)


def _case(value, encoding="json", input_class="id.test"):
    return IdCase(input_class, encoding, {"id": value})


def _expect(case, method=None, **options):
    return expect_id(method or _method(), case, FACTS, **options)


@pytest.mark.parametrize("name", [m.name for m in default_contract().id_methods()])
@pytest.mark.parametrize(
    "case", [_case(5), _case("abc"), IdCase("id.missing", "json", {}), _case("5", "form")]
)
def test_webhook_calls_are_denied_before_the_id_is_read(name, case):
    expectation = _expect(case, _method(name), auth="webhook")
    assert expectation.documented == expectation.module == DENIED


def test_missing_id():
    expectation = _expect(IdCase("id.missing", "form", {}))
    assert (expectation.documented, expectation.module) == (MISSING_ID, MISSING_ID)


@pytest.mark.parametrize("value", [None, "", 0, -1, 0.5, True, [5], {"id": 5}, "abc", "0x1A"])
def test_invalid_ids(value):
    expectation = _expect(_case(value))
    assert (expectation.documented, expectation.module) == (INVALID, INVALID)
    assert not expectation.diverges


@pytest.mark.parametrize(("value", "encoding"), [(5, "json"), (5.0, "json"), ("5", "json"), ("5", "form")])
def test_existing_id_succeeds(value, encoding):
    expectation = _expect(_case(value, encoding))
    assert (expectation.documented, expectation.module) == (SUCCESS, SUCCESS)


@pytest.mark.parametrize(
    ("name", "code"),
    [("biconnector.connector.get", "CONNECTOR_NOT_FOUND"), ("biconnector.source.delete", "SOURCE_NOT_FOUND")],
)
@pytest.mark.parametrize("value", [FACTS.foreign, FACTS.unknown, str(FACTS.unknown)])
def test_foreign_and_unknown_ids_are_not_found(name, code, value):
    expectation = _expect(_case(value), _method(name))
    assert expectation.documented == expectation.module == Outcome(code)


def test_a_fraction_string_diverges_the_module_truncates_it():
    expectation = _expect(_case("5.9"))
    assert expectation.diverges
    assert (expectation.documented, expectation.module) == (INVALID, SUCCESS)
    assert expectation.verdict(SUCCESS) == "warn"
    assert expectation.verdict(INVALID) == "pass"
    assert expectation.verdict(Outcome("CONNECTOR_NOT_FOUND")) == "fail"


@pytest.mark.parametrize(
    ("value", "module"),
    [
        (2**63, INVALID),  # json_decode gives a float that wraps to -2^63
        (99999999999999999999, Outcome("CONNECTOR_NOT_FOUND")),  # wraps to 7766279631452241920
        ("99999999999999999999", Outcome("CONNECTOR_NOT_FOUND")),  # saturates at 2^63-1
        (" 5", SUCCESS),
        ("+5", SUCCESS),
        ("5e0", SUCCESS),
    ],
)
def test_huge_and_padded_ids_follow_php(value, module):
    expectation = _expect(_case(value))
    assert expectation.module == module


def test_the_documented_minimum_comes_from_the_params_schema():
    schema = {"type": "object", "properties": {"id": {"type": "integer", "minimum": 6}}}
    method = dataclasses.replace(_method(), params_validator=Draft202012Validator(schema))
    expectation = _expect(_case(5), method)
    # 5 is below this schema's minimum, yet the module's rule (> 0) looks it up and finds it.
    assert (expectation.documented, expectation.module) == (INVALID, SUCCESS)


def test_methods_without_an_id_or_a_not_found_code_are_refused():
    with pytest.raises(ValueError, match="takes none"):
        _expect(_case(5), _method("biconnector.connector.list"))
    no_lookup = dataclasses.replace(_method(), error_codes=_method().error_codes[:3])
    with pytest.raises(ValueError, match=r"documents no \*_NOT_FOUND code"):
        _expect(_case(5), no_lookup)
    with pytest.raises(ValueError, match="Expected auth 'oauth' or 'webhook', got 'basic'"):
        _expect(_case(5), auth="basic")


ALL_CLASSES = {
    encoding: ids(_method(), facts=FACTS, encoding=encoding) for encoding in ("json", "form", "query")
}


@pytest.mark.parametrize("encoding", ["json", "form", "query"])
@settings(max_examples=150, deadline=None, database=None)
@given(data=st.data())
def test_generated_inputs_look_up_only_ids_the_suite_knows(encoding, data):
    case = data.draw(ALL_CLASSES[encoding])
    looked_up = module_id(case.value, encoding)
    if isinstance(looked_up, int):
        # Any other id might be an object of the caller's on a real portal, and then "not found" is wrong.
        assert looked_up in (FACTS.existing, FACTS.unknown, FACTS.foreign) or looked_up >= 2**62, case
    expectation = expect_id(_method(), case, FACTS)
    assert expectation.module.code in (None, *(error.code for error in _method().error_codes))
