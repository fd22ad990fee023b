"""The ids() strategy: id inputs of the named classes for one method."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from hypothesis import strategies as st

from conformance.contract import Method

from ._cases import MISSING, IdCase, IdFacts
from ._classes import ID_CLASSES, IdClass, check_encoding, id_class, id_classes_for
from ._members import MEMBERS


def ids(
    method: Method,
    *,
    facts: IdFacts,
    classes: Sequence[str] | None = None,
    encoding: str = "json",
) -> st.SearchStrategy[IdCase]:
    """Generate IdCase inputs for method's id parameter, drawn from the named input classes.

    classes defaults to every class the encoding can carry (id.foreign only when facts.foreign is known).
    Each class mixes hand-picked members with generated variety, and values that reach the lookup land on
    facts.existing, facts.unknown, facts.foreign or an id >= 2^62. Form and query values are strings, lists
    of strings or dicts of strings. Shrinks towards the first class asked for and, inside a class,
    towards its simplest member: 0, -1, 0.5, [], {}, "abc", str(existing), " existing", "existinge0",
    2^63-1, existing.
    """
    param = _id_param(method)
    check_encoding(encoding)
    minimum = lowest_id(method)
    for name, value in (("existing", facts.existing), ("unknown", facts.unknown), ("foreign", facts.foreign)):
        if value is not None and value < minimum:
            raise ValueError(
                f"Expected IdFacts.{name} >= {minimum}, the lowest id {method.name} accepts; got {value}"
            )
    return _ids(param, facts, _chosen(classes, encoding, facts), encoding)


@cache  # the methods of one entity probe the same ids: one strategy per run for each (validated once)
def _ids(param: str, facts: IdFacts, chosen: tuple[IdClass, ...], encoding: str) -> st.SearchStrategy[IdCase]:
    form = encoding != "json"
    return st.one_of(
        [
            MEMBERS[cls.name](facts, form).map(
                lambda value, name=cls.name: IdCase(
                    name, encoding, {} if value is MISSING else {param: value}
                )
            )
            for cls in chosen
        ]
    )


def lowest_id(method: Method) -> int:
    """The smallest integer id that method's params schema accepts (its minimum; Method.lowest_id)."""
    return method.lowest_id


def _id_param(method: Method) -> str:
    if method.id_param is None:
        raise ValueError(f"Expected a method that takes an id; {method.name} takes none")
    return method.id_param


def _chosen(classes: Sequence[str] | None, encoding: str, facts: IdFacts) -> tuple[IdClass, ...]:
    if classes is None:
        return id_classes_for(encoding, foreign=facts.foreign is not None)
    if isinstance(classes, str):
        raise TypeError(f"Expected a sequence of class names for classes, got the string {classes!r}")
    chosen = tuple(id_class(name) for name in classes)
    if not chosen:
        raise ValueError(f"Expected at least one class name, among {', '.join(c.name for c in ID_CLASSES)}")
    for cls in chosen:
        if encoding not in cls.encodings:
            carried = ", ".join(c.name for c in id_classes_for(encoding))
            raise ValueError(f"{cls.name} cannot be sent {encoding}-encoded; {encoding} carries {carried}")
        if cls.needs_foreign and facts.foreign is None:
            raise ValueError(f"{cls.name} needs IdFacts.foreign (an object of another application), got None")
    return chosen
