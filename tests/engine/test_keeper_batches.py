"""ObjectKeeper with batch calls (a run with --batch): many objects made and deleted as the commands of
batch calls, each told to the ledger as one made alone is; source settings travel too, masked where
the call is recorded."""

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


def keeper_for(portal, tmp_path, *, batch_calls: bool) -> ObjectKeeper:
    client = Client(Target.in_process(portal, portal.applications[0].access_token))
    ledger = Ledger(tmp_path / "ledger.jsonl")
    return ObjectKeeper(
        Sender(client, CONTRACT, Recorder()), ledger=ledger, run_id="0a1b2c", batch_calls=batch_calls
    )


@pytest.fixture
def keeper(portal, tmp_path):
    keeper = keeper_for(portal, tmp_path, batch_calls=True)
    yield keeper
    keeper.sender.client.close()


def requests(keeper: ObjectKeeper) -> int:
    return keeper.sender.recorder.requests


def test_fifty_one_objects_take_two_batch_calls_and_two_more_to_delete(keeper, portal):
    made = keeper.create_many("connector", 51, {})
    assert requests(keeper) == 2
    assert len(set(made)) == 51 and portal.count("connector") == 51
    assert sorted(entry.id for entry in keeper.ledger.outstanding()) == sorted(made)
    assert keeper.cleanup() == []
    assert requests(keeper) == 4
    assert portal.count("connector") == 0 and keeper.created == [] and keeper.ledger.outstanding() == []


def test_without_batch_calls_each_object_is_one_add_and_one_delete(portal, tmp_path):
    keeper = keeper_for(portal, tmp_path, batch_calls=False)
    made = keeper.create_many("connector", 3, {})
    assert requests(keeper) == 3 and portal.count("connector") == 3
    assert keeper.discard_many(("connector", made_id) for made_id in made) == []
    assert requests(keeper) == 6 and portal.count("connector") == 0
    keeper.sender.client.close()


def test_sources_go_into_batch_calls_with_their_settings_masked_in_the_record(keeper, portal, monkeypatch):
    [connector] = keeper.create_many("connector", 1, {})
    client, sent = keeper.sender.client, []
    call = client.call
    monkeypatch.setattr(
        client, "call", lambda *args, **kwargs: sent.append(call(*args, **kwargs)) or sent[-1]
    )
    sources = keeper.create_many("source", 2, {"connector": connector})
    assert requests(keeper) == 1 + 1 and portal.count("source") == 2 and len(sources) == 2
    [added] = sent
    commands = added.request.params["cmd"].values()
    assert len(commands) == 2 and all("%5Bsettings%5D%5B" in command for command in commands)
    values = _settings_values(commands)
    assert values and set(values) == {"%2A%2A%2A"}
    assert keeper.cleanup() == []  # children first, in one batch call with their connector
    assert requests(keeper) == 3 and portal.count("source") == portal.count("connector") == 0


def _settings_values(commands):
    pairs = [pair.partition("=") for command in commands for pair in command.partition("?")[2].split("&")]
    return [value for key, _, value in pairs if "%5Bsettings%5D%5B" in key]


def test_an_object_deleted_already_counts_as_gone(keeper, portal):
    made = keeper.create_many("connector", 2, {})
    keeper.sender.call("biconnector.connector.delete", {"id": made[0]})
    assert keeper.discard_many(("connector", made_id) for made_id in made) == []
    assert keeper.created == [] and portal.count("connector") == 0


def test_a_refused_batch_add_fails_setup_and_leaves_no_intent_behind(keeper, portal):
    with pytest.raises(SetupFailed, match=r"biconnector\.table\.add .*SOURCE_NOT_FOUND"):
        keeper.create_many("table", 2, {"source": 987654})
    assert keeper.created == [] and keeper.ledger.outstanding() == []


def test_a_delete_the_target_refuses_is_reported_and_kept_for_later(keeper, portal):
    [connector] = keeper.create_many("connector", 1, {})
    keeper.create("source", keeper.sample("source", connector))
    keeper.created.reverse()  # the connector first: the module refuses to delete a connector with sources
    problems = keeper.cleanup()
    assert len(problems) == 1 and problems[0].startswith(f"connector {connector}: ")
    assert [item.entity for item in keeper.created] == ["connector"]
    assert keeper.cleanup() == [] and portal.count("connector") == 0
