"""compare: every kind of difference between fixture pages and the fixture contract."""

from __future__ import annotations

import pytest

from conformance.contract import ErrorCode, default_contract
from conformance.drift import KINDS, DocMethod, Explained, Explanation, compare, read_docs, same_text


@pytest.fixture(scope="module")
def drifts(docs_root, small_contract):
    return compare(read_docs(docs_root), small_contract)


def found(drifts, method, kind):
    return {d.name: d for d in drifts if d.method == f"biconnector.{method}" and d.kind == kind}


def test_a_code_on_the_page_but_not_in_the_schemas(drifts):
    missing = found(drifts, "connector.get", "error-code-missing-in-schemas")
    assert sorted(missing) == ["0", "CONNECTOR_GONE"]
    assert "Connector was removed." in missing["CONNECTOR_GONE"].detail
    assert "without a string code" in missing["0"].detail


def test_a_code_in_the_schemas_but_not_on_the_page(drifts):
    (drift,) = found(drifts, "connector.get", "error-code-not-in-docs").values()
    assert drift.name == "ACCESS_DENIED"
    assert '"Access denied."' in drift.detail


def test_a_description_difference_shows_both_texts(drifts):
    differs = found(drifts, "connector.get", "description-differs")
    assert list(differs) == ["VALIDATION_INVALID_ID_FORMAT"]
    detail = differs["VALIDATION_INVALID_ID_FORMAT"].detail
    assert detail == 'docs: "ID must be a positive integer."; schemas: "ID has to be a positive integer."'


def test_placeholder_names_do_not_count_but_framework_texts_do(drifts):
    differs = found(drifts, "connector.list", "description-differs")
    assert "VALIDATION_FIELD_NOT_ALLOWED_IN_FILTER" not in differs, "#TITLE# and #FIELD# are the same slot"
    assert "schemas (framework example): 'Invalid order \"UPWARDS\"'" in differs["ERROR_ARGUMENT"].detail


def test_methods_only_on_one_side(drifts):
    assert set(found(drifts, "table.add", "method-missing-in-schemas")) == {"biconnector.table.add"}
    assert set(found(drifts, "connector.delete", "method-not-in-docs")) == {"biconnector.connector.delete"}
    assert not [
        d for d in drifts if d.method == "biconnector.table.add" and d.kind != "method-missing-in-schemas"
    ]


def test_result_fields_are_compared_with_the_item_schema(drifts):
    assert set(found(drifts, "connector.get", "field-missing-in-schemas")) == {"result.logo"}
    assert set(found(drifts, "connector.get", "field-not-in-docs")) == {"result.dateCreate"}


def result_drifts(contract, name: str, result_fields: tuple[str, ...]) -> dict[str, str]:
    page = DocMethod(name, params=contract.method(name).param_names, result_fields=result_fields)
    found = compare({name: page}, contract)
    return {d.name: d.kind for d in found if d.method == name and d.name.startswith("result.")}


def test_a_fields_result_is_compared_by_the_descriptor_its_array_holds():
    contract = default_contract()
    method = contract.method("biconnector.source.fields")
    descriptor = tuple(method.fields[0].as_json())
    assert result_drifts(contract, method.name, descriptor) == {}
    assert result_drifts(contract, method.name, ("title", "type", "isRequired", "colour")) == {
        "result.colour": "field-missing-in-schemas",
        "result.isReadOnly": "field-not-in-docs",
        "result.isImmutable": "field-not-in-docs",
        "result.isMultiple": "field-not-in-docs",
    }


def test_a_single_property_that_is_no_array_is_itself_the_result_item():
    contract = default_contract()
    assert result_drifts(contract, "biconnector.table.add", ("id",)) == {}
    assert result_drifts(contract, "biconnector.table.add", ("fields",)) == {
        "result.fields": "field-missing-in-schemas",
        "result.id": "field-not-in-docs",
    }


def test_an_open_list_item_is_one_difference_and_a_missing_param_another(drifts):
    missing = found(drifts, "connector.list", "field-missing-in-schemas")
    assert set(missing) == {"page", "result.*"}
    assert "(id, title, dateCreate)" in missing["result.*"].detail


def test_nothing_is_explained_without_explanations(drifts):
    assert drifts
    assert all(d.reason is None and not d.explained for d in drifts)


def test_an_explained_difference_carries_its_reason_and_others_stay_open(docs_root, small_contract):
    explained = Explained(
        (
            Explanation(
                "biconnector.connector.get", "error-code-not-in-docs", "ACCESS_DENIED", "webhook calls"
            ),
            Explanation("*", "description-differs", "ERROR_ARGUMENT", "the example has no period"),
        )
    )
    drifts = compare(read_docs(docs_root), small_contract, explained)
    reasons = {(d.method, d.name): d.reason for d in drifts if d.explained}
    assert reasons == {
        ("biconnector.connector.get", "ACCESS_DENIED"): "webhook calls",
        ("biconnector.connector.list", "ERROR_ARGUMENT"): "the example has no period",
    }
    assert len([d for d in drifts if not d.explained]) == len(drifts) - 2


def test_drifts_come_sorted_by_method_then_kind_then_name(drifts):
    keys = [(d.method, KINDS.index(d.kind), d.name) for d in drifts]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)


@pytest.mark.parametrize(
    ("documented", "error", "same"),
    [
        ("Access denied.", ErrorCode("ACCESS_DENIED", "Access denied."), True),
        ("Access  denied.", ErrorCode("ACCESS_DENIED", "Access denied."), True),
        ("Access denied", ErrorCode("ACCESS_DENIED", "Access denied."), False),
        (
            "Unknown parameters: a, b",
            ErrorCode("X", "Unknown parameters: #L#", r"^Unknown parameters: .+$"),
            True,
        ),
        (
            "Unknown parameters: #LIST#",
            ErrorCode("X", "Unknown parameters: #L#", r"^Unknown parameters: .+$"),
            True,
        ),
        (
            "Unknown params: #LIST#",
            ErrorCode("X", "Unknown parameters: #L#", r"^Unknown parameters: .+$"),
            False,
        ),
        ('A table named "#NAME#" exists.', ErrorCode("NAME_EXISTS", 'A table named "t" exists.'), False),
    ],
)
def test_same_text(documented, error, same):
    assert same_text(documented, error) is same
