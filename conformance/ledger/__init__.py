"""The ledger of what a run made on a target, and the cleanup that deletes what a crashed run left.

The session writes a JSON-lines ledger (`ledger.jsonl` in the report dir): each line is written with
one write() and fsync'd, the intent before an add is sent and the id after it, and every delete, so a
crash or SIGKILL at any moment leaves enough to find what the run made. `cleanup` deletes it from the
ledger, or by the run's title prefix, in reverse dependency order. The ledger holds titles, ids and
application labels only, never a credential. For a target that lives inside the run's process (the
in-process mock) the same lines are written without being forced to disk (`Ledger(..., durable=False)`).
"""

from ._cleanup import Deletion, cleanup, table_prefix
from ._file import (
    ENTITIES,
    LEDGER_NAME,
    PRIMARY,
    TITLE_PREFIX,
    Ledger,
    LedgerEntry,
    LedgerError,
    storage_entity,
)

__all__ = [
    "ENTITIES",
    "LEDGER_NAME",
    "PRIMARY",
    "TITLE_PREFIX",
    "Deletion",
    "Ledger",
    "LedgerEntry",
    "LedgerError",
    "cleanup",
    "storage_entity",
    "table_prefix",
]
