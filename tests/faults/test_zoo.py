"""The zoo as a whole: its public API, names, listing, composition and refusals."""

from __future__ import annotations

import json
import re

import pytest

import conformance.faults as faults
from conformance.faults import FAULTS, Fault, fault, list_faults, slow_seconds, with_faults
from conformance.findings import CHECKS

from .conftest import Call, new_portal, send


def test_the_public_api_is_what_all_names():
    assert sorted(faults.__all__) == sorted(
        [
            "FAULTS",
            "SLOW_DEFAULT_S",
            "SLOW_ENV",
            "Fault",
            "WSGIApp",
            "fault",
            "list_faults",
            "slow_seconds",
            "with_faults",
        ]
    )
    assert all(hasattr(faults, name) for name in faults.__all__)


def test_the_zoo_holds_at_least_thirty_well_formed_faults():
    assert len(FAULTS) >= 30
    for name, item in FAULTS.items():
        assert item.name == name
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name), name
        assert item.expected_check in CHECKS
        assert item.breaks and "\n" not in item.breaks


def test_list_faults_prints_one_fault_a_line_name_first():
    lines = list_faults().splitlines()
    assert [line.split()[0] for line in lines] == list(FAULTS)
    assert all(FAULTS[line.split()[0]].breaks in line for line in lines)


def test_an_unknown_name_is_refused_with_the_close_matches():
    with pytest.raises(ValueError, match=r"got 'no-tme'.*perhaps you meant no-time"):
        with_faults(new_portal(), ["no-tme"])
    with pytest.raises(ValueError, match=r"got 'zzz'$"):
        fault("zzz")


def test_a_fault_that_needs_the_portal_says_so():
    portal = new_portal()

    def app(environ, start_response):
        return portal(environ, start_response)

    with pytest.raises(ValueError, match="Expected a MockPortal for fault 'no-app-isolation'"):
        with_faults(app, ["no-app-isolation"])
    isolated = with_faults(app, ["no-app-isolation"], portal=portal)
    assert (
        json.loads(send(isolated, Call("biconnector.connector.get", {"id": 2}))[2])["result"]["item"]["id"]
        == 2
    )


def test_a_fault_refuses_a_check_outside_the_finding_checks():
    with pytest.raises(ValueError, match="expected_check"):
        Fault("x", "breaks", "speed", None, FAULTS["no-time"].make)


def test_faults_compose():
    app = with_faults(new_portal(), ["root-placement", "not-found-http-404", "no-time"])
    status, _, body = send(app, Call("biconnector.connector.get", {"id": 999}))
    assert status == 404
    assert json.loads(body) == {
        "error": "CONNECTOR_NOT_FOUND",
        "error_description": "Connector was not found.",
    }
    status, _, body = send(app, Call("biconnector.connector.get", {"id": 1}))
    assert status == 200 and "time" not in json.loads(body)


def test_an_answer_rewrite_leaves_a_body_that_is_no_longer_json_alone():
    app = with_faults(new_portal(), ["utf8-bom", "utf8-bom", "wrong-content-type"])
    _, content_type, body = send(app, Call("biconnector.connector.list", {}))
    assert body.startswith(b"\xef\xbb\xbf{") and content_type.startswith("text/html")


def test_no_faults_leave_the_app_as_it_is():
    portal = new_portal()
    assert with_faults(portal, []) is portal


def test_the_slow_delay_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv("B24_FAULT_SLOW_S", raising=False)
    assert slow_seconds() == 2.0
    monkeypatch.setenv("B24_FAULT_SLOW_S", "0.5")
    assert slow_seconds() == 0.5
    monkeypatch.setenv("B24_FAULT_SLOW_S", "soon")
    with pytest.raises(ValueError, match=r"B24_FAULT_SLOW_S.*got 'soon'"):
        slow_seconds()
