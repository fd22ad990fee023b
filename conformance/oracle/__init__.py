"""The oracle: for a method and an input, the expected outcome under the documented and the module rules."""

from ._expect import expect_id
from ._expect_fields import expect_fields
from ._list_expect import expect_list
from ._rules import documented_id, module_id
from ._view import php_view

__all__ = ["documented_id", "expect_fields", "expect_id", "expect_list", "module_id", "php_view"]
