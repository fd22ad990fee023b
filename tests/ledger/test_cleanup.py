"""cleanup against the mock portal: it deletes exactly what a run made, and leaves everything else."""

from __future__ import annotations

import io

import pytest

from conformance.client import Client, Target
from conformance.engine import bundled_mock
from conformance.ledger import Ledger, cleanup
from conformance.mock import MockPortal, serve

RUN = "b24c-1a2b3c"
URL = "https://connector.invalid/b24-conformance"
LOGO = "data:image/svg+xml;base64,PHN2Zy8+"


class Maker:
    """Makes objects on the mock through one application's client, writing the ledger as a run would."""

    def __init__(self, client: Client, ledger: Ledger | None = None, app: str = "primary") -> None:
        self.client, self.ledger, self.app = client, ledger, app

    def add(self, entity: str, fields: dict, *, record: str = "both") -> int:
        title = fields.get("name", fields.get("title"))
        parent = {k: fields[k] for k in ("connectorId", "sourceId") if k in fields}
        entry = self.ledger.intend(entity, title, parent, app=self.app) if self.ledger and record else None
        answer = self.client.call(f"biconnector.{entity}.add", {"fields": fields}).response.json
        object_id = answer["result"]["id"]
        if entry is not None and record == "both":
            self.ledger.created(entry, object_id)
        return object_id

    def tree(self, title: str, table: str, **record: str) -> tuple[int, int, int]:
        connector = self.add("connector", connector_fields(f"{title} connector"), **record)
        source = self.add("source", source_fields(f"{title} source", connector), **record)
        return connector, source, self.add("table", table_fields(table, source), **record)


def connector_fields(title: str) -> dict:
    paths = {"urlCheck": "check", "urlTableList": "table_list", "urlTableDescription": "table_description"}
    urls = {name: f"{URL}/{path}" for name, path in {**paths, "urlData": "data"}.items()}
    return {
        "title": title,
        "logo": LOGO,
        **urls,
        "settings": [{"code": "token", "name": "T", "type": "STRING"}],
    }


def source_fields(title: str, connector: int) -> dict:
    return {"title": title, "connectorId": connector, "settings": {"token": "placeholder"}}


def table_fields(name: str, source: int) -> dict:
    fields = [{"name": "ID", "externalCode": "id", "type": "int"}]
    return {"sourceId": source, "name": name, "externalName": "s", "externalCode": "s", "fields": fields}


@pytest.fixture
def portal() -> MockPortal:
    return bundled_mock()


@pytest.fixture
def clients(portal):
    primary, foreign = portal.applications
    with (
        Client(Target.in_process(portal, primary.access_token)) as own,
        Client(Target.in_process(portal, foreign.access_token)) as other,
    ):
        yield own, other


def titles(client: Client, entity: str) -> list[str]:
    items = client.call(f"biconnector.{entity}.list", {}).response.json["result"]
    return sorted(item.get("name", item.get("title")) for item in items)


def bystanders(clients) -> None:
    """What must survive every cleanup: another application's run-titled objects, and untitled ones."""
    own, other = clients
    Maker(other).tree(RUN, "b24c_1a2b3c_foreign")
    Maker(own).tree("production", "sales")
    Maker(own).add("connector", connector_fields("b24c-ffffff connector"))  # another run's


def test_cleanup_from_the_ledger_deletes_exactly_the_runs_objects(tmp_path, portal, clients):
    own, other = clients
    bystanders(clients)
    ledger = Ledger(tmp_path / "ledger.jsonl")
    ledger.begin(RUN)
    maker = Maker(own, ledger)
    maker.tree(RUN, "b24c_1a2b3c_1")
    maker.tree(RUN, "b24c_1a2b3c_2")
    out = io.StringIO()

    code = cleanup(own, ledger_path=ledger.path, out=out)

    assert code == 0, out.getvalue()
    assert titles(own, "connector") == ["b24c-ffffff connector", "production connector"]
    assert titles(own, "source") == ["production source"]
    assert titles(own, "table") == ["sales"]
    assert titles(other, "table") == ["b24c_1a2b3c_foreign"]
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("deleted table ") and lines[-1] == "cleanup: 6 deleted, 0 already gone, 0 left"
    assert [line.split()[1] for line in lines[:-1]] == ["table"] * 2 + ["source"] * 2 + ["connector"] * 2
    assert Ledger.read(ledger.path).outstanding() == []


def test_cleanup_by_prefix_deletes_only_titles_with_the_prefix(portal, clients):
    own, _ = clients
    bystanders(clients)
    Maker(own).tree(RUN, "b24c_1a2b3c_1")
    out = io.StringIO()

    code = cleanup(own, prefix=RUN, out=out)

    assert code == 0, out.getvalue()
    assert titles(own, "connector") == ["b24c-ffffff connector", "production connector"]
    assert titles(own, "table") == ["sales"]
    assert portal.count("connector") == 3 and portal.count("table") == 2  # the other application's stay
    assert out.getvalue().splitlines()[-1] == "cleanup: 3 deleted, 0 already gone, 0 left"


def test_intents_without_an_id_are_found_by_title_and_parent(tmp_path, clients):
    own, _ = clients
    bystanders(clients)
    ledger = Ledger(tmp_path / "ledger.jsonl")
    maker = Maker(own, ledger)
    connector = maker.add("connector", connector_fields(f"{RUN} connector"))
    # killed after sending each add, before its answer reached the ledger
    source = maker.add("source", source_fields("generated title", connector), record="intent")
    maker.add("table", table_fields("generated_name", source), record="intent")
    ledger.intend("table", "never_sent", {"sourceId": source})
    Maker(own).add("source", source_fields("generated title", _other_connector(own)))
    out = io.StringIO()

    code = cleanup(own, ledger_path=ledger.path, out=out)

    assert code == 0, out.getvalue()
    assert titles(own, "source") == ["generated title", "production source"]  # the one on its own connector
    assert "nothing to delete for table 'never_sent': the add made no object" in out.getvalue()
    assert Ledger.read(ledger.path).outstanding() == []


def _other_connector(client: Client) -> int:
    items = client.call("biconnector.connector.list", {}).response.json["result"]
    return next(item["id"] for item in items if item["title"] == "production connector")


def test_an_unparented_intent_without_the_run_prefix_is_left_for_a_person(tmp_path, clients):
    own, _ = clients
    ledger = Ledger(tmp_path / "ledger.jsonl")
    Maker(own, ledger).add("connector", connector_fields("generated"), record="intent")
    out = io.StringIO()

    assert cleanup(own, ledger_path=ledger.path, out=out) == 1
    assert "could not tell which connector titled 'generated' the run made" in out.getvalue()
    assert titles(own, "connector") == ["generated"]


def test_already_deleted_objects_count_as_gone(tmp_path, clients):
    own, _ = clients
    ledger = Ledger(tmp_path / "ledger.jsonl")
    connector = Maker(own, ledger).add("connector", connector_fields(f"{RUN} connector"))
    own.call("biconnector.connector.delete", {"id": connector})
    out = io.StringIO()

    assert cleanup(own, ledger_path=ledger.path, out=out) == 0
    assert f"already gone: connector {connector} ({RUN} connector) (CONNECTOR_NOT_FOUND)" in out.getvalue()


def test_what_cannot_be_deleted_is_reported_and_exits_1(clients):
    own, _ = clients
    connector = Maker(own).add("connector", connector_fields(f"{RUN} connector"))
    Maker(own).add("source", source_fields("not the run's", connector))
    out = io.StringIO()

    assert cleanup(own, prefix=RUN, out=out) == 1
    assert (
        f"could not delete connector {connector} ({RUN} connector): HTTP 200 CONNECTOR_DELETE_RESTRICTED"
        in (out.getvalue())
    )
    assert out.getvalue().splitlines()[-1] == "cleanup: 0 deleted, 0 already gone, 1 left"


def test_the_second_applications_objects_need_its_token(tmp_path, portal, clients):
    own, other = clients
    ledger = Ledger(tmp_path / "ledger.jsonl")
    Maker(other, ledger, app="second").tree(RUN, "b24c_1a2b3c_9")

    assert cleanup(own, ledger_path=ledger.path, out=io.StringIO()) == 1
    assert portal.count("connector") == 1

    foreign = portal.applications[1].access_token
    assert cleanup(own, ledger_path=ledger.path, out=io.StringIO(), access_tokens={"second": foreign}) == 0
    assert portal.count("connector") == portal.count("source") == portal.count("table") == 0


def test_cleanup_wants_a_ledger_or_a_suite_prefix(clients):
    own, _ = clients
    with pytest.raises(ValueError, match="Expected a ledger path or a title prefix"):
        cleanup(own)
    with pytest.raises(ValueError, match=r"Expected a prefix starting with 'b24c-'.*got 'prod'"):
        cleanup(own, prefix="prod")


@pytest.mark.http
def test_cleanup_over_http(tmp_path, portal):
    primary = portal.applications[0]
    with (
        serve(portal) as server,
        Client(Target.parse(f"{server.url}/rest/", access_token=primary.access_token)) as own,
    ):
        ledger = Ledger(tmp_path / "ledger.jsonl")
        Maker(own, ledger).tree(RUN, "b24c_1a2b3c_1")
        Maker(own).add("connector", connector_fields("keep me"))

        assert cleanup(own, ledger_path=ledger.path, out=io.StringIO()) == 0
        assert titles(own, "connector") == ["keep me"]
