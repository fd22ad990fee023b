"""b24-conformance: contract tests and a conformance suite for Bitrix24's BIconnector REST methods."""

__version__ = "0.1.0"
__all__ = ["__version__"]
