"""The named input classes for an object id, and which body encodings can carry each."""

from __future__ import annotations

from dataclasses import dataclass

ENCODINGS = ("json", "form", "query")
_ANY = frozenset(ENCODINGS)
_JSON = frozenset({"json"})


@dataclass(frozen=True)
class IdClass:
    """A named kind of id input: what its values are and which encodings can carry them."""

    name: str
    description: str
    encodings: frozenset[str]
    schema_valid: bool  # whether every value satisfies the params schema (a JSON integer >= minimum)
    needs_foreign: bool = False


# E, U and F stand for IdFacts.existing, .unknown and .foreign. Form and query bodies carry only strings,
# lists and dicts, so there every class is written as strings; classes with nothing to say in strings
# (null, bool, and numeric-string, which is how form sends every id anyway) are JSON-only.
ID_CLASSES: tuple[IdClass, ...] = (
    IdClass("id.missing", "No id parameter at all.", _ANY, False),
    IdClass("id.null", "JSON null.", _JSON, False),
    IdClass("id.empty-string", 'The empty string "".', _ANY, False),
    IdClass(
        "id.zero",
        'Zero: the number 0, 0.0 or -0.0, or a plain string of it such as "0", "00", "-0", "+0", "0.0".',
        _ANY,
        False,
    ),
    IdClass("id.negative", 'A negative integer, as a number or a string such as "-1" or "-E".', _ANY, False),
    IdClass(
        "id.fraction",
        'A value with a non-zero fractional part: 0.5, E+0.5, -0.5, or a string such as "0.5" or "E.9" '
        "(the module truncates it to E; the docs reject it).",
        _ANY,
        False,
    ),
    IdClass("id.bool", "JSON true or false.", _JSON, False),
    IdClass("id.array", "A list, such as [E] or [] (form: id[]=E; never empty there).", _ANY, False),
    IdClass(
        "id.object", 'An object, such as {"id": E} or {} (form: id[id]=E; never empty there).', _ANY, False
    ),
    IdClass(
        "id.non-numeric-string",
        'A non-empty string that is a number under neither rule: "abc", "Eabc", "0x1A", "1_000", "1e", '
        "a no-break space before E, E in non-ASCII digits.",
        _ANY,
        False,
    ),
    IdClass(
        "id.numeric-string",
        "A JSON string of plain ASCII digits: str(E), str(U), or the digits of a huge value such as "
        '"99999999999999999999" (the module saturates these at 2^63-1). Form sends every id as digits, '
        "so there these are id.existing, id.unknown and id.huge.",
        _JSON,
        False,
    ),
    IdClass(
        "id.padded-string",
        "E or U written with characters that leave the value unchanged: ASCII whitespace before or after, "
        'a "+" sign, leading zeros, a zero fraction (" E", "E ", "+E", "0E", "E.0"). The module accepts '
        "them (PHP is_numeric); the docs accept only ASCII digits, so of these only leading zeros.",
        _ANY,
        False,
    ),
    IdClass(
        "id.exponent-string",
        'A string in exponent notation: "Ee0", "E0e-1", "1.7e1" for E=17 (all equal to E), and values that '
        'are not ids at all ("1e-3", "1e1000", "-1e3") or saturate ("1e19").',
        _ANY,
        False,
    ),
    IdClass(
        "id.huge",
        "An integer at or beyond 2^63-1: 2^63-1, 2^63, 2^64, 99999999999999999999. In JSON a number "
        "(integer or float), which PHP wraps modulo 2^64; in form its digits, which PHP saturates.",
        _ANY,
        True,
    ),
    IdClass("id.unknown", "U: a positive id that no object has (form: its digits).", _ANY, True),
    IdClass("id.existing", "E: an object of the caller's application, made by the suite.", _ANY, True),
    IdClass("id.foreign", "F: an object that exists but belongs to another application.", _ANY, True, True),
)

_BY_NAME = {cls.name: cls for cls in ID_CLASSES}


def id_class(name: str) -> IdClass:
    """The input class called name."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"Expected an id input class among {', '.join(_BY_NAME)}; got {name!r}") from None


def id_classes_for(encoding: str, *, foreign: bool = True) -> tuple[IdClass, ...]:
    """The classes an encoding can carry, in ID_CLASSES order; foreign=False drops id.foreign."""
    check_encoding(encoding)
    return tuple(
        cls for cls in ID_CLASSES if encoding in cls.encodings and (foreign or not cls.needs_foreign)
    )


def check_encoding(encoding: str) -> None:
    """Raise ValueError unless encoding is one of ENCODINGS."""
    if encoding not in ENCODINGS:
        raise ValueError(f"Expected an encoding among {', '.join(ENCODINGS)}; got {encoding!r}")
