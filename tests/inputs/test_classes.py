"""The id input classes: names, encodings, schema validity, lookup by name, and the public API."""

import pytest

import conformance.inputs
import conformance.oracle
from conformance.inputs import ID_CLASSES, id_class, id_classes_for

DESIGN_ORDER = [
    "id.missing", "id.null", "id.empty-string", "id.zero", "id.negative", "id.fraction", "id.bool",
    "id.array", "id.object", "id.non-numeric-string", "id.numeric-string", "id.padded-string",
    "id.exponent-string", "id.huge", "id.unknown", "id.existing", "id.foreign",
]  # fmt: skip
NOT_IN_FORM = {"id.null", "id.bool", "id.numeric-string"}


def test_all_classes_in_design_order():
    assert [cls.name for cls in ID_CLASSES] == DESIGN_ORDER


def test_every_class_is_described():
    assert all(cls.description.strip() for cls in ID_CLASSES)


def test_id_class_by_name():
    assert id_class("id.zero").name == "id.zero"
    with pytest.raises(KeyError, match=r"among id\.missing, id\.null, .*id\.foreign; got 'id.nul'"):
        id_class("id.nul")


def test_json_carries_every_class():
    assert [cls.name for cls in id_classes_for("json")] == DESIGN_ORDER


@pytest.mark.parametrize("encoding", ["form", "query"])
def test_form_and_query_carry_only_what_strings_can_say(encoding):
    names = [cls.name for cls in id_classes_for(encoding)]
    assert names == [name for name in DESIGN_ORDER if name not in NOT_IN_FORM]


@pytest.mark.parametrize("encoding", ["json", "form", "query"])
def test_foreign_can_be_left_out(encoding):
    names = [cls.name for cls in id_classes_for(encoding, foreign=False)]
    assert "id.foreign" not in names
    assert names == [cls.name for cls in id_classes_for(encoding) if cls.name != "id.foreign"]


def test_unknown_encoding():
    with pytest.raises(ValueError, match="Expected an encoding among json, form, query; got 'xml'"):
        id_classes_for("xml")


def test_schema_validity_and_foreign_flags():
    assert {cls.name for cls in ID_CLASSES if cls.schema_valid} == {
        "id.huge",
        "id.unknown",
        "id.existing",
        "id.foreign",
    }
    assert [cls.name for cls in ID_CLASSES if cls.needs_foreign] == ["id.foreign"]


@pytest.mark.parametrize(
    ("module", "names"),
    [
        (
            conformance.inputs,
            {
                "ENCODINGS", "ID_CLASSES", "MISSING", "IdCase", "IdClass", "IdFacts", "check_encoding",
                "id_class", "id_classes_for", "ids", "lowest_id", "FIELD_CLASSES", "FieldClass", "FieldsCase",
                "FieldsFacts", "FieldsSchema", "entity_fields", "field_class", "field_classes_for",
                "field_payloads", "LIST_CLASSES", "PAGE_SIZE", "ListCase", "ListClass", "list_class",
                "list_classes_for", "list_params",
            },
        ),
        (
            conformance.oracle,
            {"documented_id", "expect_id", "module_id", "expect_fields", "expect_list", "php_view"},
        ),
    ],
)  # fmt: skip
def test_public_api_is_what_all_names(module, names):
    assert set(module.__all__) == names
    assert all(hasattr(module, name) for name in names)
