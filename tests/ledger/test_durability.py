"""What the ledger forces to disk: every create's lines, not the deletions a cleanup may repeat."""

from __future__ import annotations

import os

from conformance.ledger import Ledger


def test_creates_are_synced_and_deletions_written_unsynced(tmp_path, monkeypatch):
    path = tmp_path / "ledger.jsonl"
    ledger = Ledger(path)
    ledger.created(ledger.intend("connector", "b24c-abc connector"), 7)
    synced = []
    real_fsync = os.fsync

    def spy(fd):
        synced.append(path.read_bytes().count(b"\n"))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    ledger.deleted("connector", 7)
    assert synced == []  # lost with the machine, it costs a cleanup one delete of a missing object
    assert Ledger.read(path).outstanding() == []
    ledger.created(ledger.intend("connector", "b24c-abc connector"), 8)
    assert synced == [4, 5]  # the intent and the id: each forced out once written
    assert [entry.id for entry in Ledger.read(path).outstanding()] == [8]


def test_a_ledger_for_a_target_inside_the_process_writes_every_line_unsynced(tmp_path, monkeypatch):
    path = tmp_path / "ledger.jsonl"
    synced = []
    monkeypatch.setattr(os, "fsync", synced.append)
    ledger = Ledger(path, durable=False)
    ledger.begin("b24c-abc")
    entry = ledger.intend("connector", "b24c-abc connector")
    ledger.created(entry, 7)
    ledger.abandoned(ledger.intend("source", "b24c-abc source", {"connectorId": 7}))
    assert synced == []  # neither the lines nor the new file's directory
    assert "durable=False" in repr(ledger)
    contents = Ledger.read(path).contents()
    assert [(e.entity, e.id) for e in contents.outstanding()] == [("connector", 7)]
    assert contents.prefixes == ("b24c-abc",)


def test_a_run_against_the_bundled_mock_keeps_its_ledger_unsynced_and_a_url_target_synced(tmp_path):
    from conformance.contract import default_contract
    from conformance.engine import ConformanceSession, Recorder, RunConfig

    durable = {}
    for target, token in (("mock", None), ("http://127.0.0.1:9/rest/", "made-up-token")):
        values = {"target": target, "access_token": token, "report_dir": str(tmp_path / str(len(durable)))}
        session = ConformanceSession.open(RunConfig.from_values(values), default_contract(), Recorder())
        try:  # opening sends nothing: the URL needs no server
            durable[target] = session.keeper.ledger.durable
        finally:
            session.close()
    assert durable == {"mock": False, "http://127.0.0.1:9/rest/": True}


def test_deletes_settle_each_create_before_them_in_a_long_ledger(tmp_path):
    ledger = Ledger(tmp_path / "ledger.jsonl", durable=False)
    for number in range(1, 401):
        ledger.created(ledger.intend("connector", f"b24c-abc c{number}"), number)
    for number in range(1, 401, 2):
        ledger.deleted("connector", number)
    ledger.created(ledger.intend("connector", "b24c-abc again"), 1)  # an id used again after its delete
    left = [entry.id for entry in Ledger.read(ledger.path).outstanding()]
    assert left == [1, *range(400, 0, -2)]
