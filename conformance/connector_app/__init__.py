"""The reference connector app: the endpoints a BIconnector connector points at, with a sample table.

The run engine's bundled mock calls it in-process for urlChecks on connector.invalid; a user can
run it next to a staging portal (b24-conformance connector-app) and point a connector's four URLs at it.
"""

from ._app import ENDPOINTS, ConnectorApp
from ._sample import TABLES, Column, SampleTable
from ._server import serve_connector, serve_connector_forever

__all__ = [
    "ENDPOINTS",
    "TABLES",
    "Column",
    "ConnectorApp",
    "SampleTable",
    "serve_connector",
    "serve_connector_forever",
]
