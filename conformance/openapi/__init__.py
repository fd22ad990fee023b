"""OpenAPI 3.1 export of the contract, for schemathesis and other OpenAPI tools."""

from ._accepted import REQUEST_SCHEMAS
from ._document import DEFAULT_SERVER, build_openapi, write_openapi
from ._st_config import CHECK_SETTINGS, schemathesis_config, write_schemathesis_config

__all__ = [
    "CHECK_SETTINGS",
    "DEFAULT_SERVER",
    "REQUEST_SCHEMAS",
    "build_openapi",
    "schemathesis_config",
    "write_openapi",
    "write_schemathesis_config",
]
