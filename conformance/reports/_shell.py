"""Reproduce lines made safe to paste: control bytes quoted the way a shell can take them back."""

from __future__ import annotations

import re
import shlex

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def shell_safe(line: str) -> str:
    """line as a command a POSIX shell runs as meant, with no raw control byte left in it."""
    if not _CONTROL.search(line) and "\n" not in line and "\t" not in line:
        return line
    try:
        words = shlex.split(line)
    except ValueError:  # not a command line we made: show the bytes, runnable or not
        return _ansi_c(line)
    if "\x00" in line:
        piped = _nul_body_through_printf(words)
        if piped is not None:
            return piped
    return " ".join(_quote(word) for word in words)


def _quote(word: str) -> str:
    return _ansi_c(word) if _CONTROL.search(word) or "\n" in word or "\t" in word else shlex.quote(word)


def _ansi_c(word: str) -> str:
    """$'...' quoting: bash, zsh and ksh turn the escapes back into the bytes."""
    escaped = word.replace("\\", "\\\\").replace("'", "\\'")
    escaped = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", escaped)
    return f"$'{escaped}'"


def _nul_body_through_printf(words: list[str]) -> str | None:
    """A body with NUL bytes cannot be a command-line argument; printf pipes it into curl's stdin instead."""
    if "--data-binary" not in words[:-1]:
        return None
    at = words.index("--data-binary") + 1
    body = words[at]
    if "\x00" in (" ".join(words[:at] + words[at + 1 :])):
        return None
    # printf's format reads \NNN as an octal byte, so every byte it must not interpret is escaped
    fmt = body.replace("\\", "\\\\").replace("%", "%%")
    fmt = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\{ord(m.group()):03o}", fmt)
    curl = [*words[:at], "@-", *words[at + 1 :]]
    return f"printf {shlex.quote(fmt)} | " + " ".join(_quote(word) for word in curl)
