"""connector-check: play the portal against a connector service's four URLs and judge its answers.

The portal's requests are rebuilt as it builds them (POST, PHP's http_build_query form, its time
budget); every connector check is declared once with @connector_check and runs over the recording.
"""

from ._answer import DataAnswer, DataReader
from ._checks_access import acceptance, answer_time, bad_credentials, transport
from ._checks_data import data_filter, data_header, data_limit, data_shape, row_width, value_types
from ._checks_tables import column_types, table_description_shape, table_list_shape
from ._filters import draw_filters, matches
from ._from_portal import PortalReader, PortalReadError
from ._phpquery import http_build_query
from ._play import ConnectorUrls, PlayOptions, play
from ._recording import Budget, Call, DataRequest, Recording
from ._redact import Redactor
from ._registry import CONNECTOR_CHECKS, ConnectorFinding, connector_check
from ._run import CheckResult, check_connector, run_checks
from ._values import php_truthy, value_problem

__all__ = [
    "CONNECTOR_CHECKS",
    "Budget",
    "Call",
    "CheckResult",
    "ConnectorFinding",
    "ConnectorUrls",
    "DataAnswer",
    "DataReader",
    "DataRequest",
    "PlayOptions",
    "PortalReadError",
    "PortalReader",
    "Recording",
    "Redactor",
    "acceptance",
    "answer_time",
    "bad_credentials",
    "check_connector",
    "column_types",
    "connector_check",
    "data_filter",
    "data_header",
    "data_limit",
    "data_shape",
    "draw_filters",
    "http_build_query",
    "matches",
    "php_truthy",
    "play",
    "row_width",
    "run_checks",
    "table_description_shape",
    "table_list_shape",
    "transport",
    "value_problem",
    "value_types",
]
