"""The ledger file: what it records, how it reads back, and what survives a kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest

import conformance.ledger as ledger_module
from conformance.contract import default_contract, fill_placeholders
from conformance.engine import TITLE_PREFIX as SESSION_PREFIX
from conformance.ledger import ENTITIES, TITLE_PREFIX, Ledger, LedgerError, storage_entity, table_prefix


def test_public_api_is_what_all_names():
    assert set(ledger_module.__all__) == {
        "Deletion",
        "ENTITIES",
        "LEDGER_NAME",
        "PRIMARY",
        "TITLE_PREFIX",
        "Ledger",
        "LedgerEntry",
        "LedgerError",
        "cleanup",
        "storage_entity",
        "table_prefix",
    }
    for name in ledger_module.__all__:
        assert hasattr(ledger_module, name), name


def test_the_ledger_prefix_is_the_sessions():
    assert TITLE_PREFIX == SESSION_PREFIX


def test_entities_and_their_names_are_the_contracts():
    contract = default_contract()
    assert ENTITIES == tuple(entity.name for entity in contract.entities) == ("connector", "source", "table")
    assert [storage_entity(name) for name in ("connector", "source", "table", "dataset")] == [
        "connector",
        "source",
        "table",
        "table",
    ]


def test_every_sample_is_titled_so_that_a_cleanup_by_prefix_finds_it():
    prefix = f"{TITLE_PREFIX}0a1b2c"
    for entity in default_contract().entities:
        title = fill_placeholders(entity.sample, run="0a1b2c", n=1, parent=1)[entity.title_field]
        start = prefix if entity.title_pattern is None else table_prefix(prefix)
        assert title.startswith(start), entity.name


def test_outstanding_is_made_and_not_deleted_newest_first(tmp_path):
    ledger = Ledger(tmp_path / "ledger.jsonl")
    connector = ledger.intend("connector", "b24c-abc connector")
    ledger.created(connector, 11)
    source = ledger.intend("source", "b24c-abc source", {"connectorId": 11})
    ledger.created(source, 21)
    table = ledger.intend("dataset", "b24c_abc_1", {"sourceId": 21})
    ledger.created(table, 31)
    ledger.deleted("table", 31)
    pending = ledger.intend("source", "b24c-abc source", {"connectorId": 11})

    outstanding = ledger.outstanding()

    assert [(e.entity, e.id) for e in outstanding] == [("source", None), ("source", 21), ("connector", 11)]
    assert outstanding[0].parent == {"connectorId": 11}
    assert outstanding[0].key.endswith(f":{pending}")
    every = ledger.entries()
    assert [e.entity for e in every] == ["connector", "source", "table", "source"]
    assert every[2].deleted and not every[2].outstanding


def test_abandoned_and_settled_entries_are_not_outstanding(tmp_path):
    ledger = Ledger(tmp_path / "ledger.jsonl")
    refused = ledger.intend("connector", "b24c-abc connector")
    ledger.abandoned(refused)
    lost = ledger.intend("connector", "b24c-abc connector")
    assert [e.key for e in ledger.outstanding()] == [ledger.entries()[1].key]

    ledger.settle(ledger.entries()[1])

    assert ledger.outstanding() == []
    assert lost == 2


def test_a_delete_settles_only_what_was_created_before_it(tmp_path):
    ledger = Ledger(tmp_path / "ledger.jsonl")
    ledger.deleted("connector", 5)
    entry = ledger.intend("connector", "b24c-abc connector")
    ledger.created(entry, 5)
    assert [e.id for e in ledger.outstanding()] == [5]


def test_lines_are_json_with_titles_and_ids_only(tmp_path):
    path = tmp_path / "report" / "ledger.jsonl"  # the report dir is made on the first write
    ledger = Ledger(path)
    ledger.begin("b24c-abc")
    entry = ledger.intend("source", "b24c-abc source", {"connectorId": 3}, app="second")
    ledger.created(entry, 4)
    ledger.deleted("source", 4)

    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]

    assert [r["op"] for r in records] == ["run", "intend", "created", "deleted"]
    assert records[1]["entity"] == "source" and records[1]["app"] == "second"
    assert set(records[1]) == {"op", "entry", "entity", "title", "parent", "app", "time"}
    assert records[2]["id"] == 4 and records[3] == {**records[3], "entity": "source", "id": 4}
    assert ledger.prefixes() == ("b24c-abc",)


def test_two_writers_share_one_file_without_mixing_entries(tmp_path):
    path = tmp_path / "ledger.jsonl"
    first, second = Ledger(path), Ledger(path)
    a = first.intend("connector", "b24c-abc connector")
    b = second.intend("connector", "b24c-abc connector")
    first.created(a, 1)
    second.created(b, 2)
    assert a == b == 1
    assert sorted(e.id for e in Ledger.read(path).outstanding()) == [1, 2]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda lg: lg.intend("widget", "t"), "Expected an entity among connector, source, table, dataset"),
        (lambda lg: lg.intend("source", "t", {"connectorId": "5"}), "Expected parent 'connectorId'"),
        (lambda lg: lg.intend("source", 7), "Expected the title as a string, got int"),
        (lambda lg: lg.created(1, 5), "Expected an entry number this ledger handed out (1..0), got 1"),
        (lambda lg: lg.begin("other-"), "Expected a run prefix starting with 'b24c-'"),
    ],
)
def test_misuse_says_what_was_expected(tmp_path, call, message):
    with pytest.raises(LedgerError) as raised:
        call(Ledger(tmp_path / "ledger.jsonl"))
    assert message in str(raised.value)


def test_created_wants_an_integer_id(tmp_path):
    ledger = Ledger(tmp_path / "ledger.jsonl")
    entry = ledger.intend("connector", "b24c-abc connector")
    with pytest.raises(LedgerError, match="Expected an integer object id, got '5'"):
        ledger.created(entry, "5")


def test_read_wants_an_existing_file(tmp_path):
    with pytest.raises(LedgerError, match=r"Expected a ledger file at .*, found none"):
        Ledger.read(tmp_path / "missing.jsonl")


def test_a_torn_last_line_is_skipped(tmp_path):
    path = tmp_path / "ledger.jsonl"
    ledger = Ledger(path)
    ledger.created(ledger.intend("connector", "b24c-abc connector"), 9)
    with path.open("ab") as stream:
        stream.write(b'{"op":"intend","entry":"x:1","entity":"sour')
    assert [e.id for e in Ledger.read(path).outstanding()] == [9]


def test_every_line_is_fsynced_before_the_call_returns(tmp_path, monkeypatch):
    synced = []
    real_fsync = os.fsync
    path = tmp_path / "ledger.jsonl"

    def spy(fd):
        synced.append(path.read_bytes().count(b"\n") if path.exists() else 0)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    ledger = Ledger(path)
    ledger.created(ledger.intend("connector", "b24c-abc connector"), 1)
    # one fsync per line (plus the directory's when the file is new), each after its line is written
    assert synced[0] == 1 and synced[-1] == 2


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_an_intent_survives_a_sigkill_right_after_it(tmp_path):
    path = tmp_path / "ledger.jsonl"
    child = textwrap.dedent(
        f"""
        import os, signal
        from conformance.ledger import Ledger
        ledger = Ledger({str(path)!r})
        ledger.created(ledger.intend("connector", "b24c-abc connector"), 1)
        ledger.intend("source", "b24c-abc source", {{"connectorId": 1}})
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, timeout=30)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    outstanding = Ledger.read(path).outstanding()
    assert [(e.entity, e.id, e.parent) for e in outstanding] == [
        ("source", None, {"connectorId": 1}),
        ("connector", 1, {}),
    ]
