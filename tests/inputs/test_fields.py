"""field_payloads(): each class as valid as it claims, form payloads in strings, shrinking, reproducible."""

from functools import cache

import pytest
from hypothesis import Phase, find, given, seed, settings
from hypothesis import strategies as st

from conformance.contract import default_contract
from conformance.inputs import (
    FIELD_CLASSES,
    MISSING,
    FieldsFacts,
    field_class,
    field_classes_for,
    field_payloads,
)

COLUMNS = (
    {"id": 11, "name": "ID", "externalCode": "id", "type": "int", "visible": True},
    {"id": 12, "name": "TITLE", "externalCode": "title", "type": "string", "visible": True},
)
FACTS = FieldsFacts(existing=5, connector=7, source=9, existing_name="taken_table", existing_columns=COLUMNS)
METHODS = sorted(
    (m for m in default_contract().methods.values() if m.action in ("add", "update", "fields.update")),
    key=lambda m: m.name,
)
FEW = settings(max_examples=5, deadline=None, database=None)
ONE = settings(max_examples=1, deadline=None, database=None, phases=[Phase.generate])
CONNECTOR_ADD = default_contract().method("biconnector.connector.add")
SOURCE_UPDATE = default_contract().method("biconnector.source.update")
SOURCE_ADD = default_contract().method("biconnector.source.add")


@cache
def strategy(method_name, class_name, encoding="json"):
    method = default_contract().method(method_name)
    return field_payloads(method, facts=FACTS, classes=[class_name], encoding=encoding)


def _strings_only(value):
    if isinstance(value, list):
        return all(_strings_only(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _strings_only(v) for k, v in value.items())
    return isinstance(value, str)


@pytest.mark.parametrize(
    ("method", "cls"),
    [(m, c) for m in METHODS for c in field_classes_for(m, "json", existing=True)],
    ids=lambda x: getattr(x, "name", x),
)
@FEW
@given(data=st.data())
def test_payloads_meet_the_params_schema_exactly_when_the_class_says_so(method, cls, data):
    case = data.draw(strategy(method.name, cls.name))
    assert case.input_class == cls.name and case.encoding == "json"
    errors = method.params_errors(case.params)
    assert (not errors) == cls.schema_valid, f"{cls.name} {case.params!r}: schema says {errors or 'valid'}"


@pytest.mark.parametrize(
    ("method", "cls"),
    [(m, c) for m in METHODS for c in field_classes_for(m, "form", existing=True)],
    ids=lambda x: getattr(x, "name", x),
)
@settings(max_examples=3, deadline=None, database=None)
@given(data=st.data())
def test_form_payloads_hold_only_strings_lists_and_dicts(method, cls, data):
    case = data.draw(strategy(method.name, cls.name, "form"))
    assert _strings_only(case.params), case.params


def test_classes_follow_the_action_and_the_entity():
    names = {m.name: {c.name for c in field_classes_for(m)} for m in METHODS}
    assert "fields.missing-required" in names["biconnector.connector.add"]
    assert "fields.missing-required" not in names["biconnector.connector.update"]
    assert "fields.immutable" in names["biconnector.source.update"]
    assert "fields.immutable" not in names["biconnector.connector.update"]  # a connector has none
    assert "fields.settings-invalid-type" in names["biconnector.connector.update"]
    assert "fields.unknown-connector" in names["biconnector.source.add"]
    assert "fields.update-without-title" in names["biconnector.source.update"]
    assert not any(n.startswith("fields.settings") for n in names["biconnector.source.add"])


def test_a_class_that_does_not_apply_is_refused():
    with pytest.raises(ValueError, match=r"fields.immutable does not apply to biconnector.connector.add"):
        field_payloads(CONNECTOR_ADD, facts=FACTS, classes=["fields.immutable"])
    with pytest.raises(KeyError, match=r"among fields.valid, .*; got 'fields.nope'"):
        field_class("fields.nope")
    with pytest.raises(TypeError, match="sequence of class names"):
        field_payloads(CONNECTOR_ADD, facts=FACTS, classes="fields.valid")


def test_updates_need_the_object_and_references_need_their_parent():
    with pytest.raises(ValueError, match=r"FieldsFacts\.existing"):
        field_payloads(SOURCE_UPDATE, facts=FieldsFacts(connector=7))
    with pytest.raises(ValueError, match=r"connectorId needs FieldsFacts.connector"):
        find(field_payloads(SOURCE_ADD, facts=FieldsFacts(), classes=["fields.valid"]), lambda _: True)


def test_updates_aim_at_the_existing_object():
    case = find(strategy(SOURCE_UPDATE.name, "fields.valid"), lambda _: True, settings=ONE)
    assert case.params["id"] == FACTS.existing


def test_missing_shrinks_to_no_fields_at_all():
    case = find(strategy(CONNECTOR_ADD.name, "fields.missing"), lambda _: True, settings=FEW)
    assert case.params == {} and case.fields is None


def test_unknown_parameter_shrinks_to_one_unknown_key_on_a_valid_payload():
    case = find(strategy(SOURCE_ADD.name, "fields.unknown-parameter"), lambda _: True, settings=FEW)
    titles = {d.title for d in SOURCE_ADD.fields}
    assert [key for key in case.fields if key not in titles] == ["foo"]
    assert set(case.fields) - {"foo"} == {"title", "connectorId", "settings"}


def test_missing_required_shrinks_to_the_first_required_field_dropped():
    case = find(strategy(SOURCE_ADD.name, "fields.missing-required"), lambda _: True, settings=FEW)
    assert list(case.fields) == ["connectorId", "settings"]


def test_a_seed_repeats_the_payloads():
    def draw():
        seen = []

        @seed(20240601)
        @settings(max_examples=10, database=None, deadline=None)
        @given(field_payloads(CONNECTOR_ADD, facts=FACTS))
        def collect(case):
            seen.append((case.input_class, repr(case.params)))

        collect()
        return seen

    assert draw() == draw()


def test_every_class_is_described_and_named_in_the_fields_namespace():
    assert all(cls.name.startswith("fields.") and cls.description.strip() for cls in FIELD_CLASSES)
    assert MISSING is not None


TABLE_ADD = default_contract().method("biconnector.table.add")
FIELDS_UPDATE = default_contract().method("biconnector.table.fields.update")


def test_fields_update_has_list_classes_and_codes_follow_the_method():
    names = [c.name for c in field_classes_for(FIELDS_UPDATE)]
    assert "fields.lists-valid" in names and "fields.column-missing-key" not in names
    assert "fields.add-existing-code" not in names  # needs existing_columns: only with existing=True
    assert "fields.add-existing-code" in [c.name for c in field_classes_for(FIELDS_UPDATE, existing=True)]
    duplicate = field_class("fields.duplicate-column-names")
    assert duplicate.code_for(TABLE_ADD) == "DUPLICATE_FIELDS"
    assert duplicate.code_for(FIELDS_UPDATE) == "VALIDATION_DUPLICATE_FIELD_NAME"
    assert "fields.columns-empty" not in [c.name for c in field_classes_for(TABLE_ADD, "form")]


def test_classes_that_need_facts_say_which():
    with pytest.raises(ValueError, match=r"FieldsFacts.existing_name"):
        find(
            field_payloads(TABLE_ADD, facts=FieldsFacts(source=9), classes=["fields.table-name-exists"]), bool
        )
    with pytest.raises(ValueError, match=r"FieldsFacts.existing_columns"):
        find(
            field_payloads(
                FIELDS_UPDATE, facts=FieldsFacts(existing=5), classes=["fields.add-existing-name"]
            ),
            bool,
        )


def test_list_payloads_aim_at_the_table_or_at_an_unknown_one():
    valid = find(strategy(FIELDS_UPDATE.name, "fields.lists-valid"), lambda _: True, settings=FEW)
    assert valid.params == {"id": FACTS.existing}  # shrinks to no lists at all
    unknown = find(strategy(FIELDS_UPDATE.name, "fields.lists-unknown-table-bad-add"), bool, settings=FEW)
    assert unknown.params["id"] == FACTS.unknown and "add" in unknown.params


def test_a_column_fault_breaks_exactly_one_column():
    case = find(strategy(TABLE_ADD.name, "fields.column-type-invalid"), lambda _: True, settings=ONE)
    kinds = [column["type"] for column in case.fields["fields"]]
    assert (
        sum(
            kind not in ("int", "string", "double", "date", "datetime", "money", "timezone") for kind in kinds
        )
        == 1
    )
    taken = find(strategy(FIELDS_UPDATE.name, "fields.add-existing-name"), lambda _: True, settings=ONE)
    assert taken.params["add"][0]["name"] in {c["name"] for c in COLUMNS}


def test_classes_of_a_family_apply_to_its_aliases_too():
    names = {m.name: {c.name for c in field_classes_for(m)} for m in METHODS}
    for action in ("add", "update"):
        table, dataset = names[f"biconnector.table.{action}"], names[f"biconnector.dataset.{action}"]
        assert {n for n in table if n.startswith(("fields.table", "fields.column"))} == {
            n for n in dataset if n.startswith(("fields.table", "fields.column"))
        }
    assert "fields.unknown-source" in names["biconnector.dataset.add"]
    assert "fields.table-name-invalid" in names["biconnector.dataset.add"]


@FEW
@given(data=st.data())
def test_a_valid_source_update_always_carries_the_title_its_update_schema_requires(data):
    case = data.draw(strategy(SOURCE_UPDATE.name, "fields.valid"))
    assert "title" in case.fields


def test_a_valid_connector_update_may_leave_the_title_out():
    method = default_contract().method("biconnector.connector.update")
    many = settings(max_examples=100, deadline=None, database=None)
    case = find(strategy(method.name, "fields.valid"), lambda case: "title" not in case.fields, settings=many)
    assert case.fields


@pytest.mark.parametrize(
    ("name", "title", "start"),
    [
        ("biconnector.connector.add", "title", "b24c-0a1b2c"),
        ("biconnector.source.add", "title", "b24c-0a1b2c"),
        ("biconnector.table.add", "name", "b24c_0a1b2c"),
        ("biconnector.dataset.add", "name", "b24c_0a1b2c"),
    ],
)
def test_valid_titles_carry_the_run_prefix_where_the_title_field_allows(name, title, start):
    facts = FieldsFacts(connector=7, source=9, title_prefix="b24c-0a1b2c")
    method = default_contract().method(name)
    case = find(field_payloads(method, facts=facts, classes=["fields.valid"]), lambda _: True, settings=ONE)
    assert case.fields[title].startswith(start)
