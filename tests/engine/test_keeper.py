"""ObjectKeeper: what a run makes is in memory and in the ledger, and one cleanup path deletes it."""

from __future__ import annotations

import pytest

from conformance.client import Client, Target
from conformance.contract import default_contract
from conformance.engine import ObjectKeeper, Recorder, Sender, SetupFailed, bundled_mock
from conformance.ledger import Ledger

CONTRACT = default_contract()


@pytest.fixture
def portal():
    return bundled_mock()


@pytest.fixture
def keeper(portal, tmp_path):
    ledger = Ledger(tmp_path / "ledger.jsonl")
    with Client(Target.in_process(portal, portal.applications[0].access_token)) as client:
        yield ObjectKeeper(Sender(client, CONTRACT, Recorder()), ledger=ledger, run_id="0a1b2c")


def make_family(keeper: ObjectKeeper) -> dict[str, int]:
    own: dict[str, int] = {}
    for entity in CONTRACT.entities:
        parent = own[entity.parent.entity] if entity.parent else None
        own[entity.name] = keeper.create(entity.name, keeper.sample(entity.name, parent))
    return own


def test_samples_come_from_the_contract_with_unique_names(keeper):
    first, second = keeper.sample("table", 7), keeper.sample("dataset", 7)
    assert first["sourceId"] == 7 and first["name"] == "b24c_0a1b2c_1" and second["name"] == "b24c_0a1b2c_2"
    assert keeper.sample("source", 3)["title"] == "b24c-0a1b2c source"
    assert keeper.update_probe("source") == {"title": "b24c-0a1b2c source"}


def test_cleanup_deletes_children_first_and_the_ledger_is_settled(keeper, portal):
    make_family(keeper)
    assert keeper.cleanup() == []
    assert [portal.count(entity.name) for entity in CONTRACT.entities] == [0, 0, 0]
    assert keeper.created == [] and keeper.ledger.outstanding() == []


def test_an_owner_cleans_up_only_what_it_made(keeper, portal):
    own = make_family(keeper)
    add = CONTRACT.method("biconnector.connector.add")
    exchange = keeper.sender.call(add.name, {"fields": keeper.sample("connector")})
    keeper.note_made(
        "connector", {"fields": {}}, exchange.response.json["result"]["id"], owner="schemathesis"
    )
    assert keeper.cleanup(owner="schemathesis") == []
    assert portal.count("connector") == 1 and keeper.made_ids("connector") == {own["connector"]}
    assert keeper.cleanup() == []


def test_an_object_deleted_by_someone_else_counts_as_gone(keeper):
    own = make_family(keeper)
    keeper.sender.call("biconnector.table.delete", {"id": own["table"]})  # behind the keeper's back
    assert keeper.cleanup() == []


def test_what_cannot_be_deleted_is_reported_and_stays_for_later(keeper):
    own = make_family(keeper)
    keeper.forget("table", own["table"])  # the table stays: its source cannot be deleted
    problems = keeper.cleanup()
    assert problems[0].startswith(f"source {own['source']}: HTTP 200 BX_ERROR: Cannot delete connection.")
    assert problems[1].startswith(f"connector {own['connector']}: HTTP 200 CONNECTOR_DELETE_RESTRICTED")
    assert [(item.entity, item.id) for item in keeper.created] == [
        ("connector", own["connector"]),
        ("source", own["source"]),
    ]
    assert {entry.entity for entry in keeper.ledger.outstanding()} == {"connector", "source"}


def test_a_refused_create_says_what_the_target_answered(keeper):
    with pytest.raises(
        SetupFailed, match=r"Expected biconnector.source.add to answer result.id, got HTTP 200"
    ):
        keeper.create("source", keeper.sample("source", 999_999_937))


def test_without_an_application_context_a_disposable_object_is_the_runs_own(portal):
    with Client(Target.in_process(portal, portal.applications[0].access_token)) as client:
        keeper = ObjectKeeper(Sender(client, CONTRACT, Recorder()), makes_objects=False)
        assert keeper.create_disposable("dataset", {"dataset": 4}) == 4
        assert keeper.sender.recorder.requests == 0
