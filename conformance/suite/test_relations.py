"""Answers that depend on how objects relate: the urlCheck of a connector, and parents with children."""

from __future__ import annotations

import pytest

from conformance.contract import default_contract
from conformance.engine import SetupFailed
from conformance.findings import ConformanceFailure
from conformance.outcome import Outcome

pytestmark = pytest.mark.b24

# A host that cannot resolve anywhere (RFC 2606), so the portal's urlCheck call fails without a request.
UNREACHABLE_CHECK = "https://unreachable.invalid/b24-conformance/check"
CONTRACT = default_contract()


@pytest.fixture
def relations(b24_session, b24_config, b24_objects):
    if b24_session.auth == "webhook":
        pytest.skip("relations need an application context; a webhook gets ACCESS_DENIED")
    if b24_config.read_only:
        pytest.skip("relation probes add and delete objects; the run is --read-only")
    if not {"connector", "source", "table"} <= set(b24_objects.own):
        pytest.skip(b24_objects.missing.get("table", "the run could not make its objects"))
    made: list[tuple[str, int]] = []
    yield Relations(b24_session, made)
    b24_session.keeper.discard_many(made)  # in one batch call with --batch


class Relations:
    """Probes that expect one error code, each on objects of its own."""

    def __init__(self, session, made) -> None:
        self.session = session
        self.made = made

    def create(self, entity: str, fields: dict) -> int:
        try:
            object_id = self.session.keeper.create(entity, fields)
        except SetupFailed as exc:  # a spent budget ends the test through the plugin, listed as unsent
            pytest.skip(f"could not make the objects this probe needs: {exc}")
        self.made.append((entity, object_id))
        return object_id

    def expect_success(self, method_name: str, params: dict) -> None:
        self.expect(method_name, params, None, "relation.setup")

    def expect(self, method_name: str, params: dict, code: str | None, input_class: str) -> None:
        method = CONTRACT.method(method_name)
        exchange = self.session.sender.call(method.name, params)
        ConformanceFailure.raise_for(
            self.session.sender.expect_outcome(method, exchange, Outcome(code), input_class)
        )


def test_source_add_fails_when_the_connector_cannot_be_checked(relations, b24_session):
    connector = relations.create(
        "connector", {**b24_session.keeper.sample("connector"), "urlCheck": UNREACHABLE_CHECK}
    )
    fields = b24_session.keeper.sample("source", connector)
    relations.expect(
        "biconnector.source.add", {"fields": fields}, "SOURCE_CREATE_CONNECTION_ERROR", "relation.url-check"
    )


def test_source_update_fails_when_the_connector_can_no_longer_be_checked(relations, b24_session):
    connector = relations.create("connector", b24_session.keeper.sample("connector"))
    source = relations.create("source", b24_session.keeper.sample("source", connector))
    # The connector itself may change; only the sources that rely on it notice.
    relations.expect_success(
        "biconnector.connector.update", {"id": connector, "fields": {"urlCheck": UNREACHABLE_CHECK}}
    )
    title = b24_session.keeper.sample("source", connector)["title"]
    relations.expect(
        "biconnector.source.update",
        {"id": source, "fields": {"title": title}},
        "SOURCE_UPDATE_CONNECTION_ERROR",
        "relation.url-check",
    )


def test_a_connector_with_sources_cannot_be_deleted(relations, b24_objects):
    relations.expect(
        "biconnector.connector.delete",
        {"id": b24_objects.own["connector"]},
        "CONNECTOR_DELETE_RESTRICTED",
        "relation.has-children",
    )


def test_a_source_with_tables_cannot_be_deleted(relations, b24_objects):
    relations.expect(
        "biconnector.source.delete", {"id": b24_objects.own["source"]}, "BX_ERROR", "relation.has-children"
    )
