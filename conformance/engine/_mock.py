"""The bundled mock: a mock portal whose urlChecks on connector.invalid reach the reference connector app."""

from __future__ import annotations

import dataclasses

from ..connector_app import ConnectorApp
from ..mock import MockConfig, MockPortal, UrlChecker


def bundled_mock(config: MockConfig | None = None) -> MockPortal:
    """A MockPortal with config whose default urlCheck answers connector.invalid with a ConnectorApp.

    A url_check given in config is kept as it is; otherwise the portal's urlCheck posts to a fresh
    ConnectorApp in-process for connector.invalid, and to loopback or nowhere as the mock's own does.
    """
    config = MockConfig() if config is None else config
    if config.url_check is None:
        config = dataclasses.replace(config, url_check=UrlChecker(ConnectorApp()))
    return MockPortal(config)
