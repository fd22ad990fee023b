"""Value strategies for each id input class, in JSON and in form/query flavour."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from ._cases import LONG_MAX, MISSING, IdFacts
from ._patterns import matching

# Every value that reaches the module's lookup lands on a known id (E, U, F) or on one >= 2^62: any other
# positive id might belong to the caller on a real portal, and the oracle could not know.

_WHITESPACE = " \t\n\r\x0b\x0c"  # what PHP's is_numeric skips before and after a number
_NUMBER_CHARS = set("0123456789+-.eE" + _WHITESPACE)
_HUGE_DIGITS = ("9223372036854775807", "9223372036854775808", "18446744073709551616", "99999999999999999999")
_EXACT_FLOAT = 2**53  # below this float(E) is exact
_EXACT_FRACTION = 2**40  # below this E + 0.5 and its neighbours keep their fractional part

Members = Callable[[IdFacts, bool], st.SearchStrategy[Any]]


def _json_or_form(numbers: st.SearchStrategy[Any], strings: st.SearchStrategy[str], form: bool):
    return strings if form else st.one_of(numbers, strings)


def _missing(facts: IdFacts, form: bool) -> st.SearchStrategy[Any]:
    return st.just(MISSING)


def _null(facts: IdFacts, form: bool) -> st.SearchStrategy[Any]:
    return st.none()


def _empty_string(facts: IdFacts, form: bool) -> st.SearchStrategy[Any]:
    return st.just("")


def _zero(facts: IdFacts, form: bool) -> st.SearchStrategy[Any]:
    strings = st.sampled_from(["0", "00", "-0", "+0", "0.0", "000"])
    return _json_or_form(st.sampled_from([0, 0.0, -0.0]), strings, form)


def _negative(facts: IdFacts, form: bool) -> st.SearchStrategy[Any]:
    ints = st.one_of(
        st.sampled_from([-1, -facts.existing, -facts.unknown]),
        st.integers(min_value=-(2**63), max_value=-1),
    )
    return _json_or_form(st.one_of(ints, ints.map(float)), ints.map(str), form)


def _fraction(facts: IdFacts, form: bool) -> st.SearchStrategy[Any]:
    bases = [0] + [n for n in (facts.existing, facts.unknown) if n < _EXACT_FRACTION]
    parts = st.floats(min_value=0.0, max_value=1.0, exclude_min=True, exclude_max=True)
    sums = st.builds(
        lambda base, part, sign: sign * (base + part), st.sampled_from(bases), parts, st.sampled_from([1, -1])
    )
    numbers = st.one_of(
        st.sampled_from([b + 0.5 for b in bases]),
        sums.filter(lambda value: value % 1 != 0),
    )
    decimals = matching(r"[0-9]{0,3}[1-9]", 4)
    strings = st.one_of(
        st.sampled_from(["0.5", f"{facts.existing}.9", f"{facts.unknown}.5", ".5", "-0.5"]),
        st.builds(
            lambda sign, base, digits: f"{sign}{base}.{digits}",
            st.sampled_from(["", "-"]),
            st.sampled_from(bases),
            decimals,
        ),
    )
    return _json_or_form(numbers, strings, form)


def _bool(facts: IdFacts, form: bool) -> st.SearchStrategy[Any]:
    return st.booleans()


def _items(facts: IdFacts, form: bool) -> st.SearchStrategy[Any]:
    e, u = facts.existing, facts.unknown
    if form:
        return st.sampled_from([str(e), str(u), "", "abc", "0"])
    return st.sampled_from([e, str(e), u, None, 0, "abc", True, [e]])


def _array(facts: IdFacts, form: bool) -> st.SearchStrategy[Any]:
    return st.lists(_items(facts, form), min_size=1 if form else 0, max_size=3)


def _object(facts: IdFacts, form: bool) -> st.SearchStrategy[Any]:
    keys = st.sampled_from(["id", "a", "0", "value"])
    return st.dictionaries(keys, _items(facts, form), min_size=1 if form else 0, max_size=3)


def _non_numeric_string(facts: IdFacts, form: bool) -> st.SearchStrategy[Any]:
    e = str(facts.existing)
    curated = [
        "abc",
        f"{e}abc",
        "0x1A",
        "1_000",
        "1,000",
        f"\u00a0{e}",
        f"{e}\u00a0",
        e.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),  # Python's int() accepts these; PHP does not
        e.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
        "NaN",
        "INF",
        f"--{e}",
        f"{e}-",
        f"{e} {e}",
        f"{e}e",
        ".",
        "+",
        " ",
    ]
    text = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=4)
    # One character outside PHP's number syntax anywhere in the string makes it non-numeric.
    breaker = st.characters(exclude_characters=_NUMBER_CHARS, exclude_categories=("Cs", "Cc"))
    built = st.builds(lambda head, char, tail: head + char + tail, text, breaker, text)
    return st.one_of(st.sampled_from(curated), built)


def _numeric_string(facts: IdFacts, form: bool) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from([str(facts.existing), str(facts.unknown), *_HUGE_DIGITS]),
        st.integers(min_value=LONG_MAX, max_value=10**30).map(str),
    )


def _padded(base: int, lead: str, plus: bool, zeros: int, fraction: str, trail: str) -> str:
    return f"{lead}{'+' if plus else ''}{'0' * zeros}{base}{fraction}{trail}"


def _padded_string(facts: IdFacts, form: bool) -> st.SearchStrategy[Any]:
    e = facts.existing
    curated = [f" {e}", f"{e} ", f"+{e}", f"0{e}", f"{e}.0", f"\t{e}\n", f" +{e} ", f"{e}."]
    whitespace = st.text(st.sampled_from(_WHITESPACE), max_size=3)
    built = st.builds(
        _padded,
        st.sampled_from([e, facts.unknown]),
        whitespace,
        st.booleans(),
        st.integers(0, 3),
        st.sampled_from(["", ".", ".0", ".000"]),
        whitespace,
    )
    return st.one_of(st.sampled_from(curated), built.filter(lambda s: not s.isdigit() or s.startswith("0")))


def _exponent(base: int, shift: int, letter: str, plus: bool) -> str:
    """base written as mantissa and exponent: shift > 0 moves digits into the exponent, < 0 adds zeros."""
    if shift <= 0:
        mantissa, power = f"{base}{'0' * -shift}", shift
    else:
        digits = str(base).rjust(shift + 1, "0")
        mantissa, power = f"{digits[:-shift]}.{digits[-shift:]}", shift
    sign = "+" if plus and power >= 0 else ""
    return f"{mantissa}{letter}{sign}{power}"


def _exponent_string(facts: IdFacts, form: bool) -> st.SearchStrategy[Any]:
    e, u = facts.existing, facts.unknown
    curated = [f"{e}e0", f"{e}E0", f"{e}e+0", f"{e}0e-1", f"{u}e0", "1e-3", "0e5", "-1e3", "1e1000", "1e19"]
    built = st.builds(
        _exponent, st.sampled_from([e, u]), st.integers(-3, 3), st.sampled_from("eE"), st.booleans()
    )
    return st.one_of(st.sampled_from(curated), built)


def _huge(facts: IdFacts, form: bool) -> st.SearchStrategy[Any]:
    # PHP wraps huge JSON numbers modulo 2^64; residues in [2^62, 2^64) wrap to an id >= 2^62 or to a
    # negative one, never to a small id that might exist. Float rounding (< 2^40 here) keeps them there.
    wrapped = st.builds(
        lambda turns, residue: turns * 2**64 + residue,
        st.integers(1, 2**16),
        st.integers(2**62 + 2**40, 2**64 - 2**40),
    )
    ints = st.one_of(st.sampled_from([LONG_MAX, 2**63, 2**64, 99999999999999999999]), wrapped)
    floats = st.one_of(st.sampled_from([2.0**63, 2.0**64, 1e20, 1e300]), wrapped.map(float))
    digits = st.integers(min_value=LONG_MAX, max_value=10**30).map(str)  # strings saturate at 2^63-1
    return st.one_of(st.sampled_from(_HUGE_DIGITS), digits) if form else st.one_of(ints, floats)


def _known(attribute: str) -> Members:
    def members(facts: IdFacts, form: bool) -> st.SearchStrategy[Any]:
        number = getattr(facts, attribute)
        if form:
            return st.just(str(number))
        return st.sampled_from([number, float(number)] if number < _EXACT_FLOAT else [number])

    return members


MEMBERS: dict[str, Members] = {
    "id.missing": _missing,
    "id.null": _null,
    "id.empty-string": _empty_string,
    "id.zero": _zero,
    "id.negative": _negative,
    "id.fraction": _fraction,
    "id.bool": _bool,
    "id.array": _array,
    "id.object": _object,
    "id.non-numeric-string": _non_numeric_string,
    "id.numeric-string": _numeric_string,
    "id.padded-string": _padded_string,
    "id.exponent-string": _exponent_string,
    "id.huge": _huge,
    "id.unknown": _known("unknown"),
    "id.existing": _known("existing"),
    "id.foreign": _known("foreign"),
}
