"""The connector fault zoo: realistic contract breaks the reference app can plant, each named once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ConnectorFault:
    """A contract break of a connector service, and the connector-check check expected to catch it."""

    name: str
    description: str
    expected_check: str


CONNECTOR_FAULTS: dict[str, ConnectorFault] = {
    f.name: f
    for f in (
        ConnectorFault(
            "check-accepts-bad-credentials",
            'urlCheck answers a wrong token with 200 {"status":"ERROR"}',
            "bad-credentials",
        ),
        ConnectorFault(
            "check-empty-body", "urlCheck answers a good connection with an empty 200", "acceptance"
        ),
        ConnectorFault("check-zero-body", "urlCheck answers a good connection with the body 0", "acceptance"),
        ConnectorFault(
            "json-body-expected",
            "every endpoint reads a JSON body, so the portal's form is lost",
            "acceptance",
        ),
        ConnectorFault(
            "empty-title", "urlTableList gives the first table an empty title", "table-list-shape"
        ),
        ConnectorFault("description-empty", "urlTableDescription answers []", "table-description-shape"),
        ConnectorFault(
            "unknown-type-names", "urlTableDescription says integer/varchar/timestamp", "column-types"
        ),
        ConnectorFault("no-header-row", "urlData leaves out the header row", "data-header"),
        ConnectorFault("header-names-not-codes", "urlData's header row holds column names", "data-header"),
        ConnectorFault("select-ignored", "urlData returns every column whatever select says", "data-header"),
        ConnectorFault("data-as-objects", "urlData answers an array of objects", "data-shape"),
        ConnectorFault(
            "missing-limit-crash", "urlData fails with an HTML 500 page when limit is not sent", "data-shape"
        ),
        ConnectorFault("limit-ignored", "urlData returns every row whatever limit says", "data-limit"),
        ConnectorFault("limit-off-by-one", "urlData returns limit + 1 rows", "data-limit"),
        ConnectorFault(
            "unequal-row-width", "urlData drops trailing null cells, so rows differ in width", "row-width"
        ),
        ConnectorFault(
            "datetime-us-format", "urlData writes datetimes as 01/05/2026 09:30 AM", "value-types"
        ),
        ConnectorFault(
            "large-ids-as-float", "urlData writes ids past 2**53 as floats, losing digits", "value-types"
        ),
        ConnectorFault(
            "limit-before-filter", "urlData cuts the table to limit rows before it filters", "data-filter"
        ),
        ConnectorFault("or-groups-ignored", "filter groups with LOGIC OR are read as AND", "data-filter"),
        ConnectorFault("between-as-equals", "filter ><field is read as =field (first bound)", "data-filter"),
        ConnectorFault("in-list-first-only", "filter IN lists keep their first value only", "data-filter"),
        ConnectorFault(
            "iso-dates-in-filter", "filter dates are read as ISO, not the portal's d.m.Y H:i:s", "data-filter"
        ),
        ConnectorFault(
            "slow-body", "the urlData body trickles in slower than the portal's 60 s budget", "answer-time"
        ),
    )
}
