"""A push parser for one JSON array: bytes in as they arrive, each complete element out, memory bounded."""

from __future__ import annotations

import codecs
import json
from typing import Any

_WHITESPACE = " \t\n\r"
MAX_ELEMENT_CHARS = 16 * 1024 * 1024


class StreamError(ValueError):
    """The bytes are not one JSON array (what was expected, what came)."""


class ArrayStream:
    """Feed the bytes of a JSON array; get back the elements completed by each feed.

    Only the element being read is held, so memory is bounded by the largest element (a row), not by
    the answer; an element past max_element_chars is refused rather than buffered without end.
    """

    def __init__(self, max_element_chars: int = MAX_ELEMENT_CHARS) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._decode = json.JSONDecoder().raw_decode
        self._state = "start"  # start, first, item, separator, done
        self.max_element_chars = max_element_chars
        self.count = 0
        self._waiting: list[str] = []  # the text not consumed yet, in pieces
        self._waiting_chars = 0
        self._retry_at = 0  # waiting length at which an unfinished element is parsed again

    def feed(self, data: bytes, *, final: bool = False) -> list[Any]:
        """The elements that data completes; final=True when no more bytes will come."""
        try:
            text = self._decoder.decode(data, final)
        except UnicodeDecodeError as exc:
            raise StreamError(f"Expected UTF-8, got {exc.reason} at byte {exc.start}") from None
        self._waiting.append(text)
        self._waiting_chars += len(text)
        if self._waiting_chars > self.max_element_chars:
            raise StreamError(
                f"Expected elements under {self.max_element_chars} characters, got a longer one"
            )
        if self._waiting_chars < self._retry_at and not final:
            return []  # a long element still coming: collect its text, neither joined nor parsed again
        buffer = "".join(self._waiting)
        found, pos = self._scan(buffer, final)
        rest = buffer[pos:]
        self._waiting, self._waiting_chars = [rest], len(rest)
        if final and self._state == "start":
            raise StreamError("Expected a JSON array, got an empty body")
        if final and self._state != "done":
            raise StreamError("Expected the array to end with ']', got the end of the body")
        return found

    def _scan(self, buffer: str, final: bool) -> tuple[list[Any], int]:
        found: list[Any] = []
        pos = 0
        while True:
            while pos < len(buffer) and buffer[pos] in _WHITESPACE:
                pos += 1
            if pos == len(buffer):
                return found, pos
            char = buffer[pos]
            if self._state == "start":
                if char != "[":
                    raise StreamError(_not_an_array(char))
                pos, self._state = pos + 1, "first"
            elif self._state == "first" and char == "]":
                pos, self._state = pos + 1, "done"
            elif self._state in ("first", "item"):
                try:
                    element, end = self._decode(buffer, pos)
                except json.JSONDecodeError as exc:
                    if final:
                        raise StreamError(f"Expected a JSON value, got {exc.msg} at char {exc.pos}") from None
                    self._retry_at = 2 * (len(buffer) - pos)
                    return found, pos
                except RecursionError:
                    raise StreamError("Expected JSON nested to a sane depth, got deeper") from None
                if not final and (end == len(buffer) or _number_cut(element, buffer[end])):
                    self._retry_at = 0
                    return found, pos  # a number may go on in the next chunk: 1 then .5, or 1 then e3
                found.append(element)
                self.count += 1
                self._retry_at = 0
                pos, self._state = end, "separator"
            elif self._state == "separator":
                if char not in ",]":
                    raise StreamError(f"Expected ',' or ']' after element {self.count}, got {char!r}")
                pos, self._state = pos + 1, "item" if char == "," else "done"
            else:
                raise StreamError(f"Expected nothing after the array's ']', got {char!r}")


def _number_cut(element: Any, following: str) -> bool:
    return isinstance(element, (int, float)) and not isinstance(element, bool) and following in ".eE"


def _not_an_array(char: str) -> str:
    kinds = {"{": "a JSON object", '"': "a JSON string", "<": "HTML or XML"}
    got = kinds.get(char) or ("a JSON scalar" if char in "-0123456789tfn" else "text that is not JSON")
    return f"Expected a JSON array, got {got}"
