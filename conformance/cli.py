"""Command line: b24-conformance run | mock | openapi | cleanup."""


def main() -> int:
    return 2
