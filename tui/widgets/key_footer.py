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
from textual.widgets import Footer

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


def entry_width(key_display: str, description: str) -> int:
    """The cells a compact footer entry needs: its key, a space, its description."""
    return cell_len(key_display) + 1 + cell_len(description)


class KeyFooter(Footer):
    DEFAULT_CSS = """
    KeyFooter { layout: grid; }
    """

    _grid: Layout = (1, ())

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        self._grid = self._layout_for()
        rows, columns = self._grid
        self.styles.grid_size_columns = len(columns)
        self.styles.grid_columns = " ".join(str(width) for width in columns)
        self.styles.height = rows
        yield from widgets

    async def on_resize(self) -> None:
        """A new terminal width may need another number of rows."""
        if self._layout_for() != self._grid:
            await self.recompose()

    def _layout_for(self) -> Layout:
        """The grid for the entries Footer composes, measured from the screen's active
        bindings (public API): one entry per action shown, the palette's key on its own."""
        app = self.app
        palette_key = app.COMMAND_PALETTE_BINDING
        widths: dict[str, int] = {}
        palette_width = 0
        for key, (_, binding, _, _) in self.screen.active_bindings.items():
            width = entry_width(app.get_key_display(binding), binding.description)
            if key == palette_key and self.show_command_palette:
                palette_width = width + 1
            elif binding.show:
                widths.setdefault(binding.action, width)
        return grid_layout(list(widths.values()), app.size.width - palette_width)
