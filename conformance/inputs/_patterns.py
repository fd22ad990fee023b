"""Strings that fully match a schema's pattern, drawn straight from its parts where the pattern is simple.

The schemas' patterns are sequences of character classes, escapes and literals with quantifiers
(`^[a-z][a-z0-9_]*$`). For those, each part is drawn as text of its own alphabet and length, within a
length limit: about ten times cheaper per example than `st.from_regex` with a length filter, which
also throws away whole examples whose string came out too long. Any other pattern goes to
`st.from_regex`, filtered to the limit.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cache

from hypothesis import strategies as st

_ESCAPES = {"d": string.digits, "w": string.ascii_letters + string.digits + "_"}
_QUANTIFIER = re.compile(r"\*|\+|\?|\{(\d+)(?:(,)(\d*))?\}")


@dataclass(frozen=True)
class Part:
    """One piece of a simple pattern: its characters and how many of them (at most None: unbounded)."""

    alphabet: str
    least: int
    most: int | None


@cache  # one strategy per pattern and limit: Hypothesis validates a new one before its first draw
def matching(pattern: str, limit: int) -> st.SearchStrategy[str]:
    """Strings that pattern fully matches, at most limit characters long and without blanks at the ends."""
    parts = simple_parts(pattern)
    least = 0 if parts is None else sum(part.least for part in parts)
    if least > limit:
        raise ValueError(
            f"Expected a pattern that fits in at most {limit} characters; "
            f"{pattern} needs at least {least} characters"
        )
    if parts is None:
        return st.from_regex(pattern, fullmatch=True).filter(
            lambda text: len(text) <= limit and text.strip() == text
        )
    if any(c in string.whitespace for part in parts for c in part.alphabet):
        # a blank may end up at either end (the parts around it may come out empty)
        return _joined(parts, limit).filter(lambda text: text.strip() == text)
    return _joined(parts, limit)


def simple_parts(pattern: str) -> tuple[Part, ...] | None:
    """The parts of pattern when it is a sequence of [classes], escapes (\\d, \\w, \\.) and literals, each
    with an optional quantifier, anchored or not; None for anything else (alternation, groups, negated
    classes, dots)."""
    body = pattern.removeprefix("^")
    if body.endswith("$") and not body.endswith("\\$"):
        body = body[:-1]
    parts: list[Part] = []
    at = 0
    while at < len(body):
        read = _atom(body, at)
        if read is None:
            return None
        alphabet, at = read
        least, most, at = _quantifier(body, at)
        if most is not None and most < least:
            return None
        parts.append(Part(alphabet, least, most))
    return tuple(parts) or None


def _atom(body: str, at: int) -> tuple[str, int] | None:
    char = body[at]
    if char == "[":
        end = body.find("]", at + 2)
        if end < 0 or body[at + 1] == "^" or "\\" in body[at + 1 : end]:
            return None
        return _class(body[at + 1 : end]), end + 1
    if char == "\\":
        if at + 1 >= len(body):
            return None
        escaped = body[at + 1]
        if escaped in _ESCAPES:
            return _ESCAPES[escaped], at + 2
        if escaped.isalnum():
            return None  # \s, \b, \1 and the like: left to from_regex
        return escaped, at + 2
    if char in "()|.*+?{}^$":
        return None
    return char, at + 1


def _class(inside: str) -> str:
    chars: list[str] = []
    at = 0
    while at < len(inside):
        if at + 2 < len(inside) and inside[at + 1] == "-":
            chars.extend(chr(code) for code in range(ord(inside[at]), ord(inside[at + 2]) + 1))
            at += 3
        else:
            chars.append(inside[at])
            at += 1
    return "".join(dict.fromkeys(chars))


def _quantifier(body: str, at: int) -> tuple[int, int | None, int]:
    found = _QUANTIFIER.match(body, at)
    if found is None:
        return 1, 1, at
    text = found.group(0)
    if text == "*":
        return 0, None, found.end()
    if text == "+":
        return 1, None, found.end()
    if text == "?":
        return 0, 1, found.end()
    least = int(found.group(1))
    if found.group(2) is None:
        return least, least, found.end()
    return least, int(found.group(3)) if found.group(3) else None, found.end()


def _joined(parts: tuple[Part, ...], limit: int) -> st.SearchStrategy[str]:
    fixed = sum(part.least for part in parts)

    @st.composite
    def strings(draw: st.DrawFn) -> str:
        room = limit - fixed  # characters the parts may add beyond their least
        pieces = []
        for part in parts:
            most = part.least + room if part.most is None else min(part.most, part.least + room)
            piece = draw(_text(part.alphabet, part.least, most))
            room -= len(piece) - part.least
            pieces.append(piece)
        return "".join(pieces)

    return strings()


@cache
def _text(alphabet: str, least: int, most: int) -> st.SearchStrategy[str]:
    # one strategy object per alphabet and length: Hypothesis validates each new one on its first draw
    return st.text(alphabet, min_size=least, max_size=most)
