"""list_params(): each class breaks only its own part, form params are strings, shrinking, reproducible."""

from functools import cache

import pytest
from hypothesis import Phase, find, given, seed, settings
from hypothesis import strategies as st

from conformance.contract import default_contract
from conformance.inputs import (
    LIST_CLASSES,
    PAGE_SIZE,
    ListCase,
    entity_fields,
    list_class,
    list_classes_for,
    list_params,
)

LISTS = default_contract().list_methods()
FEW = settings(max_examples=5, deadline=None, database=None)
CONNECTOR_LIST = default_contract().method("biconnector.connector.list")
TABLE_LIST = default_contract().method("biconnector.table.list")
# The classes whose calls the module accepts, and so the docs' params schema as well (but for casing).
VALID = {"list.plain", "list.select-valid", "list.filter-valid", "list.order-valid", "list.page"}


@cache
def strategy(method_name, class_name, encoding="json"):
    method = default_contract().method(method_name)
    return list_params(method, classes=None if class_name is None else [class_name], encoding=encoding)


def _strings_only(value):
    if isinstance(value, list):
        return all(_strings_only(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _strings_only(v) for k, v in value.items())
    return isinstance(value, str)


def _titles(method):
    return {d.title for d in entity_fields(method)}


@pytest.mark.parametrize("method", LISTS, ids=lambda m: m.name)
@pytest.mark.parametrize("cls", LIST_CLASSES, ids=lambda c: c.name)
@FEW
@given(data=st.data())
def test_each_class_sends_what_its_name_says(method, cls, data):
    case = data.draw(strategy(method.name, cls.name))
    assert isinstance(case, ListCase) and case.input_class == cls.name and case.encoding == "json"
    params, titles = case.params, _titles(method) | {"*"}
    part = cls.name.split(".")[1].split("-")[0]
    if cls.name.endswith("-not-array"):
        assert not isinstance(params[part], list | dict), params
    elif cls.name == "list.select-unknown":
        assert any(name not in titles for name in params["select"]), params
    elif cls.name == "list.order-unknown-key":
        assert any(key not in titles for key in params["order"]), params
    elif cls.name == "list.filter-bad-logic":
        assert "logic" in params["filter"] or "logic" in params["filter"]["0"], params
    elif cls.name == "list.page":
        assert set(params) <= {"page", "start"} and params
        assert all(isinstance(v, int) and v >= 1 for v in params.values())
    if cls.name in VALID:
        assert set(params.get("select", ["*"])) <= titles, params
        assert set(params.get("order", {})) <= titles, params


@pytest.mark.parametrize("method", LISTS, ids=lambda m: m.name)
@settings(max_examples=40, deadline=None, database=None)
@given(data=st.data())
def test_form_params_hold_only_strings_lists_and_dicts(method, data):
    case = data.draw(strategy(method.name, None, "form"))
    assert case.encoding == "form"
    assert _strings_only(case.params), case.params


@pytest.mark.parametrize("method", LISTS, ids=lambda m: m.name)
@pytest.mark.parametrize("cls", sorted(VALID))
@FEW
@given(data=st.data())
def test_accepted_calls_meet_the_params_schema_up_to_direction_case_and_list_filters(method, cls, data):
    case = data.draw(strategy(method.name, cls))
    params = dict(case.params)
    if "order" in params:
        params["order"] = {key: direction.upper() for key, direction in params["order"].items()}
    if isinstance(params.get("filter"), list):  # PHP reads a JSON list of groups as keys 0, 1, ...
        params["filter"] = {str(index): group for index, group in enumerate(params["filter"])}
    assert method.params_errors(params) == []


@settings(max_examples=30, deadline=None, database=None)
@given(case=strategy(TABLE_LIST.name, "list.select-valid"))
def test_select_offers_only_what_the_list_item_holds(case):
    # a table's list item has no columns: select=fields passes the module's check but is never drawn
    assert "fields" not in case.params["select"]


def test_classes_are_named_described_and_apply_to_every_list_method():
    assert [c.name for c in LIST_CLASSES] == sorted(
        {c.name for c in LIST_CLASSES}, key=[c.name for c in LIST_CLASSES].index
    )
    for cls in LIST_CLASSES:
        assert cls.name.startswith("list.") and cls.description.endswith(".")
        assert list_class(cls.name) is cls
    for method in LISTS:
        assert list_classes_for(method, "form") == LIST_CLASSES


def test_unknown_names_wrong_methods_and_bare_strings_are_refused():
    with pytest.raises(KeyError, match=r"list\.plain"):
        list_class("list.nothing")
    with pytest.raises(ValueError, match=r"Expected a list method, got biconnector\.connector\.get"):
        list_params(default_contract().method("biconnector.connector.get"))
    with pytest.raises(TypeError, match="sequence of class names"):
        list_params(CONNECTOR_LIST, classes="list.plain")
    with pytest.raises(ValueError, match="at least one"):
        list_params(CONNECTOR_LIST, classes=[])
    with pytest.raises(ValueError, match="encoding"):
        list_params(CONNECTOR_LIST, encoding="xml")


def test_faults_shrink_to_a_bare_fault():
    smallest = find(strategy(CONNECTOR_LIST.name, "list.order-bad-direction"), lambda case: True)
    assert smallest.params == {"order": {"id": "UPWARDS"}}
    smallest = find(strategy(CONNECTOR_LIST.name, "list.select-unknown"), lambda case: True)
    assert smallest.params == {"select": ["foo"]}
    smallest = find(strategy(CONNECTOR_LIST.name, "list.filter-valid"), lambda case: True)
    assert list(smallest.params) == ["filter"] and len(smallest.params["filter"]) == 1


def _draw_with_seed(number):
    got = []

    @seed(number)
    @settings(max_examples=10, database=None, phases=[Phase.generate])
    @given(case=list_params(CONNECTOR_LIST, encoding="form"))
    def collect(case):
        got.append(case.params)

    collect()
    return got


def test_a_seed_repeats_the_params():
    first = _draw_with_seed(7)
    assert first and first == _draw_with_seed(7)


def test_selected_names_only_an_explicit_select():
    assert ListCase("c", "json", {"select": ["id", "title"]}).selected == ("id", "title")
    assert ListCase("c", "json", {"select": ["*", "id"]}).selected is None
    assert ListCase("c", "json", {}).selected is None
    assert PAGE_SIZE == 50
