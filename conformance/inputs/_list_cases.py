"""The named classes of list parameters (select, filter, order, page) and one generated list call."""

from __future__ import annotations

from dataclasses import dataclass, field

PAGE_SIZE = 50  # fixed by the module; a page never holds more


@dataclass(frozen=True)
class ListCase:
    """One list call: its class, the body encoding, and the params to send."""

    input_class: str
    encoding: str
    params: dict = field(hash=False)

    @property
    def selected(self) -> tuple[str, ...] | None:
        """The titles an explicit select names, or None when the call selects everything."""
        select = self.params.get("select")
        if not isinstance(select, list) or "*" in select:
            return None
        return tuple(name for name in select if isinstance(name, str))


@dataclass(frozen=True)
class ListClass:
    """A named kind of list call, and the module code that answers it (None: success)."""

    name: str
    description: str
    code: str | None


LIST_CLASSES: tuple[ListClass, ...] = (
    ListClass("list.plain", "No parameters at all: the first page of everything the caller owns.", None),
    ListClass(
        "list.select-valid",
        'A select of titles the list item has, or "*" (alone or with titles).',
        None,
    ),
    ListClass(
        "list.select-unknown",
        'A select with names that are no title ("ID", "Title", "foo", "csvDelimiter"), maybe with unknown '
        "filter or order keys and bad directions, which the select outranks.",
        "VALIDATION_FIELD_NOT_ALLOWED_IN_SELECT",
    ),
    ListClass(
        "list.select-not-array",
        'A select that is no array ("id", "*", 5, true), maybe with any fault of filter or order contents.',
        "VALIDATION_SELECT_TYPE",
    ),
    ListClass(
        "list.filter-valid",
        "A filter on real titles with every operator prefix (=, !, >=, @, %, =% ...), nested groups under "
        "numeric keys, and logic AND or OR in any case.",
        None,
    ),
    ListClass(
        "list.filter-unknown-key",
        'A valid filter plus keys that are no title once the prefix is stripped (">=foo", "ID"), maybe with '
        "unknown order keys and bad directions, which it outranks.",
        "VALIDATION_FIELD_NOT_ALLOWED_IN_FILTER",
    ),
    ListClass(
        "list.filter-not-array",
        'A filter that is no array ("abc", 5, true), maybe with unknown select names, which it outranks.',
        "VALIDATION_FILTER_TYPE",
    ),
    ListClass(
        "list.filter-bad-logic",
        'A valid filter whose logic, at the top or in a group, is neither AND nor OR ("XOR", " AND").',
        "VALIDATION_INVALID_FILTER_LOGIC",
    ),
    ListClass("list.order-valid", "An order on real titles, each ASC or DESC in any case.", None),
    ListClass(
        "list.order-bad-direction",
        'A valid order with one direction that is neither ASC nor DESC ("UPWARDS", "up"): the ORM refuses '
        'it with HTTP 400 ERROR_ARGUMENT at the root, text Invalid order "X" with X uppercased.',
        "ERROR_ARGUMENT",
    ),
    ListClass(
        "list.order-unknown-key",
        'An order with keys that are no title ("ID", "!id", "foo"), maybe with a bad direction, which it '
        "outranks.",
        "VALIDATION_FIELD_NOT_ALLOWED_IN_ORDER",
    ),
    ListClass(
        "list.order-not-array",
        'An order that is no array ("id", "ASC", 5), maybe with unknown select names or filter keys.',
        "VALIDATION_ORDER_TYPE",
    ),
    ListClass(
        "list.page",
        "A page number (50 items a page), often with a start offset, which the module ignores.",
        None,
    ),
)

_BY_NAME = {cls.name: cls for cls in LIST_CLASSES}


def list_class(name: str) -> ListClass:
    """The list input class called name."""
    try:
        return _BY_NAME[name]
    except KeyError:
        known = ", ".join(_BY_NAME)
        raise KeyError(f"Expected a list input class among {known}; got {name!r}") from None
