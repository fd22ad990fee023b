"""The oracle: for a method and an input, the expected outcome under the documented and the module rules."""

from ._expect import expect_id
from ._rules import documented_id, module_id

__all__ = ["documented_id", "expect_id", "module_id"]
