"""The row-list mechanics shared by the wizard's row editors (key_value.py, param_table.py).

`RowList` owns the list of row widgets and everything that does not depend on what a row
holds: adding a row, deleting a row (focus then moves to the row that took its place, or to
the add button when none is left), finding the row that owns a widget, Enter moving through
the cells and on to the next row, rebuilding the rows from a value, and posting the widget's
`Changed` message only when its value really changed (always after adding or deleting a row).
A subclass supplies the rows, the value computed from them and their notes.

CSS classes follow the subclass's `CSS_PREFIX` ("kv" gives .kv-rows, .kv-empty, .kv-add and,
on the delete button of each row, .kv-delete).
"""

from __future__ import annotations

from typing import ClassVar, Generic, Self, TypeVar

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Static

RowT = TypeVar("RowT", bound=Widget)
ValueT = TypeVar("ValueT")


class RowList(Vertical, Generic[RowT, ValueT]):
    """Rows of cells edited as one value; a subclass fills in the hooks below.

    `_rows_for` and `_compute_value` already run inside `__init__`, so they must not rely on
    attributes the subclass sets after calling it. Each subclass declares its own nested
    `Changed` message (Textual names the handler after the enclosing class, e.g.
    `on_key_value_editor_changed`) and builds it in `_changed_message`.
    """

    CSS_PREFIX: ClassVar[str]

    BINDINGS: ClassVar[list[BindingType]] = [
        # Not a command to remap or list: Enter in a table cell, as Tab is in a form.
        Binding("enter", "next_cell", "Next cell", show=False, priority=True),
    ]

    def __init__(self, value: ValueT | None, *, empty_text: str, id: str | None) -> None:
        super().__init__(id=id)
        self._rows: list[RowT] = self._rows_for(value)
        self._rows_box = Vertical(classes=self._css("rows"))
        self._empty = Static(empty_text, classes=self._css("empty"))
        self._last_value = self._compute_value()

    # -- hooks for the subclass ---------------------------------------------------------

    def _rows_for(self, value: ValueT | None) -> list[RowT]:
        raise NotImplementedError

    def _new_row(self) -> RowT:
        raise NotImplementedError

    def _first_cell(self, row: RowT) -> Widget:
        """The cell that gets focus when the row is added or reached."""
        raise NotImplementedError

    def _compute_value(self) -> ValueT:
        raise NotImplementedError

    def _refresh_rows(self) -> None:
        """Show each row's notes (called after every edit and row change)."""
        raise NotImplementedError

    def _changed_message(self, value: ValueT) -> Message:
        raise NotImplementedError

    def _next_cell_in(self, row: RowT, cell: Input) -> Widget | None:
        """Where Enter in `cell` goes inside its row; None moves on to the next row."""
        return None

    def _row_button_pressed(self, row: RowT, button: Button) -> None:
        """A row button other than delete was pressed."""

    def _rows_changed(self) -> None:
        """A row was added, deleted or moved: refresh, and always post Changed."""
        self._refresh()
        self._post_changed(always=True)

    # -- public API ---------------------------------------------------------------------

    @property
    def value(self) -> ValueT:
        return self._compute_value()

    @property
    def rows(self) -> list[RowT]:
        return list(self._rows)

    def set_value(self, value: ValueT) -> None:
        """Replace every row with `value`; posts no Changed message."""
        old_rows = self._rows
        self._rows = self._rows_for(value)
        self._last_value = self._compute_value()
        if self._rows_box.is_attached:
            for row in old_rows:
                row.remove()
            self._rows_box.mount_all(self._rows)
        self._refresh()

    def focus(self, scroll_visible: bool = True) -> Self:
        target = self._first_cell(self._rows[0]) if self._rows else self._add_button()
        target.focus(scroll_visible)
        return self

    # -- composition --------------------------------------------------------------------

    def compose_rows(self) -> ComposeResult:
        """The rows, then the line shown instead of them when there are none."""
        with self._rows_box:
            yield from self._rows
        yield self._empty

    def make_add_button(self, label: str) -> Button:
        return Button(label, compact=True, classes=self._css("add"))

    def on_mount(self) -> None:
        self._refresh()

    # -- actions ------------------------------------------------------------------------

    async def action_add_row(self) -> None:
        row = self._new_row()
        self._rows.append(row)
        await self._rows_box.mount(row)
        self._rows_changed()
        self._focus_now(self._first_cell(row))

    async def action_delete_row(self) -> None:
        row = self._focused_row()
        if row is not None:
            await self._delete(row)

    async def _delete(self, row: RowT) -> None:
        index = self._rows.index(row)
        self._rows.remove(row)
        await row.remove()
        self._rows_changed()
        if self._rows:
            self._focus_now(self._first_cell(self._rows[min(index, len(self._rows) - 1)]))
        else:
            self._focus_now(self._add_button())

    # -- events -------------------------------------------------------------------------

    @on(Button.Pressed)
    async def _button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.has_class(self._css("add")):
            await self.action_add_row()
            return
        row = self._row_of(event.button)
        if row is None:
            return
        if event.button.has_class(self._css("delete")):
            await self._delete(row)
        else:
            self._row_button_pressed(row, event.button)

    async def action_next_cell(self) -> None:
        """Enter in a cell: move to the row's next cell, then to the next row (added after
        the last). A priority binding, like the row keys, so the keys typed after Enter in
        the same burst land in the cell it moves to; anywhere else Enter does what it does."""
        cell = self.screen.focused
        row = self._row_of(cell) if isinstance(cell, Input) else None
        if row is None or not isinstance(cell, Input):
            raise SkipAction()
        next_cell = self._next_cell_in(row, cell)
        if next_cell is not None:
            self._focus_now(next_cell)
        elif row is self._rows[-1]:
            await self.action_add_row()
        else:
            self._focus_now(self._first_cell(self._rows[self._rows.index(row) + 1]))

    # -- helpers ------------------------------------------------------------------------

    def _focus_now(self, widget: Widget) -> None:
        """Focus `widget` before the next key is handled.

        `Widget.focus` defers the change until the app's queued messages are handled, and
        keys sent in the same burst as the one that added the row are queued already: they
        would land in the previously focused cell. The row keys are priority bindings (the
        app runs them in key order), so a focus set here is in place for the next key.
        """
        self.screen.set_focus(widget)

    def _css(self, part: str) -> str:
        return f"{self.CSS_PREFIX}-{part}"

    def _add_button(self) -> Button:
        return self.query_one(f".{self._css('add')}", Button)

    def _row_of(self, widget: DOMNode | None) -> RowT | None:
        """The current row that holds `widget` (None for widgets outside every row)."""
        if widget is None:
            return None
        chain = widget.ancestors_with_self
        return next((row for row in self._rows if row in chain), None)

    def _focused_row(self) -> RowT | None:
        return self._row_of(self.screen.focused)

    def _refresh(self) -> None:
        self._refresh_rows()
        self._empty.display = not self._rows

    def _value_differs(self) -> bool:
        return self._compute_value() != self._last_value

    def _post_changed(self, *, always: bool = False) -> None:
        value = self._compute_value()
        if always or value != self._last_value:
            self._last_value = value
            self.post_message(self._changed_message(value))
