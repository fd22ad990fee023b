"""The reference connector app: the endpoints a BIconnector connector points at, over an SQLite backend.

The run engine's bundled mock calls it in-process for urlChecks on connector.invalid; a user can
run it next to a staging portal (b24-conformance connector-app) and point a connector's four URLs at it;
connector-check plays the portal against it, and its fault zoo plants contract breaks by name.
"""

from ._app import ENDPOINTS, ConnectorApp
from ._faults import CONNECTOR_FAULTS, ConnectorFault
from ._sample import TABLES, Column, SampleTable
from ._server import serve_connector, serve_connector_forever

__all__ = [
    "CONNECTOR_FAULTS",
    "ENDPOINTS",
    "TABLES",
    "Column",
    "ConnectorApp",
    "ConnectorFault",
    "SampleTable",
    "serve_connector",
    "serve_connector_forever",
]
