"""The progress bar is drawn on a terminal only, and erased before the results."""

from __future__ import annotations

import io

from tui.cli.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_draws_counts_on_a_terminal_and_erases_itself() -> None:
    stream = Terminal()
    progress = Progress(4, stream)
    progress.count("checked", advance=True)
    progress.count("created", advance=True)
    progress.count("failed", advance=True)
    assert stream.getvalue().split("\r")[-1] == (
        "[##################......] 3/4  checked 1  created 1  failed 1\x1b[K"
    )
    progress.reset(2)
    assert stream.getvalue().split("\r")[-1] == "[........................] 0/2  \x1b[K"
    progress.close()
    assert stream.getvalue().endswith("\r\x1b[K")


def test_silent_when_not_a_terminal() -> None:
    stream = io.StringIO()
    progress = Progress(2, stream)
    progress.count("checked", advance=True)
    progress.close()
    assert stream.getvalue() == ""
