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
