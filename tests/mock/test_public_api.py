"""The mock package's public API: what __all__ names, and how a config refuses bad settings."""

from __future__ import annotations

import dataclasses
import re

import pytest

import conformance.mock as mock_module
from conformance.mock import Application, MockConfig, MockPortal


def test_public_api_is_what_all_names():
    # "@py_..." names come from pytest's assertion rewriting of the plugin's package.
    public = {name for name in dir(mock_module) if not name.startswith(("_", "@"))}
    assert public == set(mock_module.__all__)


def test_a_default_portal_draws_fresh_distinct_credentials():
    first, second = MockPortal(), MockPortal()
    tokens = [app.access_token for portal in (first, second) for app in portal.applications]
    assert len(set(tokens)) == 4
    assert first.webhook_path != second.webhook_path
    assert re.fullmatch(r"/rest/1/[0-9a-f]{16}/", first.webhook_path)
    primary, foreign = first.applications
    assert (primary.name, foreign.name) == ("primary", "foreign")
    assert primary.client_id != foreign.client_id
    assert first.config == MockConfig()


def test_configured_credentials_are_used():
    portal = MockPortal(
        MockConfig(access_token="a", second_access_token="b", webhook_user=7, webhook_code="c")
    )
    assert [app.access_token for app in portal.applications] == ["a", "b"]
    assert portal.webhook_path == "/rest/7/c/"


def test_applications_and_configs_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Application("x", "y", "z", "s", "r").name = "w"
    with pytest.raises(dataclasses.FrozenInstanceError):
        MockConfig().error_placement = "root"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"error_placement": "inside"}, "Expected error_placement 'nested' or 'root', got 'inside'"),
        ({"access_token": "same", "second_access_token": "same"}, "Expected two different access tokens"),
        ({"webhook_code": "a/b"}, "Expected webhook_code to be non-empty, without / or spaces, got 'a/b'"),
        ({"access_token": ""}, "Expected access_token to be non-empty"),
        ({"webhook_user": 0}, "Expected webhook_user to be a positive integer, got 0"),
        ({"webhook_user": True}, "Expected webhook_user to be a positive integer, got True"),
    ],
)
def test_a_config_refuses_what_cannot_work(options, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        MockConfig(**options)


def test_repr_counts_objects_and_hides_tokens(rest, connector_id):
    shown = repr(rest.portal)
    assert shown == "MockPortal(error_placement='nested', objects={'connector': 1, 'source': 0, 'table': 0})"
