"""OpenAPI 3.1 export of the contract, for schemathesis and other OpenAPI tools."""

from ._document import DEFAULT_SERVER, build_openapi, write_openapi

__all__ = ["DEFAULT_SERVER", "build_openapi", "write_openapi"]
