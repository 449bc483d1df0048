"""A one-line progress bar on stderr, drawn only when stderr is a terminal.

CI logs and pipes get nothing from it (no carriage returns to clutter them); the results
themselves always go to stdout.
"""

from __future__ import annotations

import sys
from typing import TextIO

WIDTH = 24


class Progress:
    """`done` of `total` drafts, and named counters (checked, created, failed, ...)."""

    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool | None = None):
        self.stream = sys.stderr if stream is None else stream
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.total = max(total, 1)
        self.done = 0
        self.counts: dict[str, int] = {}
        self._shown = False

    def count(self, name: str, *, advance: bool = False) -> None:
        self.counts[name] = self.counts.get(name, 0) + 1
        if advance:
            self.done += 1
        self.draw()

    def reset(self, total: int) -> None:
        """Start over for the next phase (reading, checking, then creating)."""
        self.total, self.done, self.counts = max(total, 1), 0, {}
        self.draw()

    def draw(self) -> None:
        if not self.enabled:
            return
        filled = WIDTH * min(self.done, self.total) // self.total
        bar = "#" * filled + "." * (WIDTH - filled)
        counts = "  ".join(f"{name} {value}" for name, value in self.counts.items())
        self.stream.write(f"\r[{bar}] {self.done}/{self.total}  {counts}\x1b[K")
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        """Erase the bar so the results that follow start on a clean line."""
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False
