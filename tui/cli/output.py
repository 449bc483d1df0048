"""Exit codes, one-line errors on stderr, machine output on stdout."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

PROG = "sgp-template"

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_API = 3
EXIT_INTERNAL = 70
"""A bug in sgp-template (sysexits' EX_SOFTWARE): never shared with an expected outcome."""
EXIT_INTERRUPTED = 130

_json_printed = False


class CliError(Exception):
    """An expected failure: printed as one line on stderr, exits with `code`."""

    def __init__(self, message: str, code: int = EXIT_INVALID) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def error(message: str) -> None:
    print(f"{PROG}: error: {message}", file=sys.stderr)


def note(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def print_json(data: Any) -> None:
    global _json_printed
    print(json.dumps(data, indent=2, ensure_ascii=False))
    _json_printed = True


def json_printed() -> bool:
    """Whether this process printed its JSON output already."""
    return _json_printed


def forget_json_printed() -> None:
    """Start a new command (main() runs several in one process in tests)."""
    global _json_printed
    _json_printed = False


def table(rows: Sequence[Sequence[str]], headers: Sequence[str]) -> str:
    """Left-aligned columns separated by two spaces; the last column is not padded."""
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        padded = [cell.ljust(w) for cell, w in zip(cells[:-1], widths, strict=False)]
        return "  ".join([*padded, cells[-1]]).rstrip()

    return "\n".join([line(headers), *(line(row) for row in rows)])


def one_line(text: str) -> str:
    """Collapse a message to one line (server messages may span several)."""
    return " ".join(str(text).split())
