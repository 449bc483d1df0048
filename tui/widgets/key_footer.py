"""The footer: every key of the screen, whole, on as few rows as the width allows.

On one row, Textual's Footer fits seven of the wizard's ten keys at 80 columns (Quit was the
first to go). Here the keys fill a grid row by row, with the command palette's key docked on
the right: one row when the terminal is wide enough, else two (three while a row editor adds
its own keys), each column as wide as its widest key, so no entry is ever cut.
"""

from __future__ import annotations

from math import ceil

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

MAX_ROWS = 4
GAP = 1
"""Cells between two columns."""

Layout = tuple[int, tuple[int, ...]]
"""(rows, the width of each column)."""


def grid_layout(widths: list[int], available: int) -> Layout:
    """The fewest rows (up to MAX_ROWS) whose columns, filled row by row, fit `available`."""
    for rows in range(1, MAX_ROWS + 1):
        columns = max(1, ceil(len(widths) / rows))
        column_widths = tuple(max(widths[c::columns], default=0) + GAP for c in range(columns))
        if sum(column_widths) <= available or rows == MAX_ROWS:
            return rows, column_widths
    raise AssertionError("unreachable")


def entry_width(key: FooterKey) -> int:
    """The cells a compact footer entry needs: its key, a space, its description."""
    return cell_len(key.key_display) + 1 + cell_len(key.description)


class KeyFooter(Footer):
    DEFAULT_CSS = """
    KeyFooter { layout: grid; }
    """

    _layout: Layout = (1, ())

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        self._layout = self._layout_for(widgets)
        rows, columns = self._layout
        self.styles.grid_size_columns = len(columns)
        self.styles.grid_columns = " ".join(str(width) for width in columns)
        self.styles.height = rows
        yield from widgets

    async def on_resize(self) -> None:
        """A new terminal width may need another number of rows."""
        if self._layout_for(list(self.children)) != self._layout:
            await self.recompose()

    def _layout_for(self, widgets: list[Widget]) -> Layout:
        keys = [w for w in widgets if isinstance(w, FooterKey)]
        palette = [k for k in keys if k.has_class("-command-palette")]
        available = self.app.size.width - sum(entry_width(k) + 1 for k in palette)
        return grid_layout([entry_width(k) for k in keys if k not in palette], available)
