"""Which probes --batch sends as commands of batch calls: the id, list and fields classes a query
string carries.

A batch command is "method?query", so these classes are drawn for the query encoding. Left out, and
sent one by one as before: classes only a JSON body carries (id null, bool and numeric-string, an empty
columns list). A delete of a value that may resolve to an object deletes it, so each such example gets
a fresh object (fresh_classes; _fresh.py makes them many at a time). Of the fields payloads drawn, only
those the oracle expects refused go into the batch (the session decides per payload); the others are
sent on their own.
"""

from __future__ import annotations

from conformance.contract import Method
from conformance.inputs import field_classes_for, id_classes_for, list_classes_for

BATCH_ENCODING = "query"

# Classes whose values can resolve to the existing object: a delete probe of them gets a fresh object.
# The other classes never name it, so they may aim at the shared one without a create per example.
RESOLVING = frozenset(
    {"id.existing", "id.numeric-string", "id.padded-string", "id.exponent-string", "id.fraction"}
)


def batched_id_classes(method: Method) -> tuple[str, ...]:
    """The id classes of method that --batch sends inside batch calls."""
    return tuple(cls.name for cls in id_classes_for(BATCH_ENCODING))


def fresh_classes(method: Method) -> tuple[str, ...]:
    """The batched id classes of method whose examples each need an object of their own to delete."""
    if method.effect != "delete":
        return ()
    return tuple(name for name in batched_id_classes(method) if name in RESOLVING)


def batched_list_classes(method: Method) -> tuple[str, ...]:
    """The list classes of a list method that --batch sends inside batch calls: all of them."""
    return tuple(cls.name for cls in list_classes_for(method, BATCH_ENCODING))


def batched_field_classes(method: Method) -> tuple[str, ...]:
    """The fields classes of an add, update or fields.update method that --batch draws for batch calls."""
    if method.action not in ("add", "update", "fields.update"):
        return ()
    return tuple(cls.name for cls in field_classes_for(method, BATCH_ENCODING, existing=True))
