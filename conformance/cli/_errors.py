"""Usage errors as one line on stderr and exit 2: argparse's and the commands' own."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

EXIT_CONFORMANT, EXIT_NONCONFORMANT, EXIT_USAGE, EXIT_UNREACHABLE, EXIT_INCOMPLETE = 0, 1, 2, 3, 4


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line that says where to look for help."""

    def error(self, message: str) -> NoReturn:
        usage_error(self.prog, f"{message} (see {self.prog} --help)")


def usage_error(prog: str, message: str) -> NoReturn:
    """Print `PROG: error: MESSAGE` as one line and exit 2."""
    line = " ".join(message.split())  # one line, whatever the message carried
    print(f"{prog}: error: {line}", file=sys.stderr)
    raise SystemExit(EXIT_USAGE)


def usage(prog: str, message: str) -> int:
    """Print `PROG: error: MESSAGE` as one line; returns the usage exit code."""
    print(f"{prog}: error: {' '.join(message.split())}", file=sys.stderr)
    return EXIT_USAGE
