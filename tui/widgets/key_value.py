"""A key/value row editor for environment variables (`bundle_config.env`).

Each row is a key Input, a value Input and a delete button. Values holding a `${NAME}`
reference are marked "from environment": they are sent as typed and resolved only when a
request is built. A row with an empty key or a key already used above is flagged inline and
left out of the value (a TOML table cannot hold either).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from tui.core.interpolation import invalid_references_in, names_in
from tui.widgets.row_list import RowList
from tui.widgets.show_text import show_text


class KeyValueRow(Vertical):
    """One variable: key, value, delete button, and a note line under them."""

    def __init__(self, key: str = "", value: str = "") -> None:
        super().__init__(classes="kv-row")
        self.key_input = Input(key, placeholder="NAME", compact=True, classes="kv-key")
        self.value_input = Input(value, placeholder="value or ${NAME}", compact=True)
        self.value_input.add_class("kv-value")
        self.delete_button = Button("✕", compact=True, classes="kv-delete")
        self.delete_button.can_focus = False
        self.delete_button.tooltip = "Delete this variable"
        self.note = Static("", classes="kv-note", markup=False)

    @property
    def key(self) -> str:
        return self.key_input.value.strip()

    @property
    def text(self) -> str:
        return self.value_input.value

    def compose(self) -> ComposeResult:
        with Horizontal(classes="kv-controls"):
            yield self.key_input
            yield self.value_input
            yield self.delete_button
        yield self.note

    def show_note(self, key_error: str | None, value_error: str | None) -> None:
        environment = names_in(self.text)
        errors = [e for e in (key_error, value_error) if e]
        parts = list(errors)
        if environment:
            names = ", ".join(environment)
            parts.append(f"from environment: {names} (resolved when a request is built)")
        show_text(self.note, " · ".join(parts))
        self.note.display = bool(parts)
        self.note.set_class(bool(errors), "-error")
        self.key_input.set_class(key_error is not None, "-invalid")
        self.value_input.set_class(value_error is not None, "-invalid")
        self.value_input.set_class(bool(environment), "-from-environment")


class KeyValueEditor(RowList[KeyValueRow, dict[str, str]]):
    """Edit a `dict[str, str]` as rows; posts `KeyValueEditor.Changed` on user edits."""

    DEFAULT_CSS = """
    KeyValueEditor {
        height: auto;
        width: 1fr;
    }
    KeyValueEditor .kv-header {
        height: 1;
        color: $text-muted;
    }
    KeyValueEditor .kv-header Label {
        width: 2fr;
        margin-right: 1;
    }
    KeyValueEditor .kv-header Label.kv-header-value {
        width: 3fr;
    }
    KeyValueEditor .kv-header Label.kv-header-spacer {
        width: 3;
        margin-right: 0;
    }
    KeyValueEditor .kv-rows, KeyValueEditor .kv-row {
        height: auto;
    }
    KeyValueEditor .kv-controls {
        height: 1;
        margin-bottom: 0;
    }
    KeyValueEditor .kv-key {
        width: 2fr;
        margin-right: 1;
    }
    KeyValueEditor .kv-value {
        width: 3fr;
        margin-right: 1;
    }
    KeyValueEditor .kv-value.-from-environment {
        color: $text-primary;
    }
    KeyValueEditor .kv-delete {
        width: 3;
        min-width: 3;
        color: $text-muted;
    }
    KeyValueEditor .kv-delete:hover {
        color: $error;
    }
    KeyValueEditor .kv-note {
        height: auto;
        color: $text-muted;
        padding-left: 1;
    }
    KeyValueEditor .kv-note.-error {
        color: $text-error;
    }
    KeyValueEditor .kv-empty {
        color: $text-muted;
        height: auto;
    }
    KeyValueEditor .kv-add {
        margin-top: 0;
        min-width: 0;
        width: auto;
    }
    """

    BINDINGS = [
        Binding(
            "ctrl+o,shift+f8,f20",
            "add_row",
            "Add row",
            tooltip="Add an environment variable row",
            id="key_value.add",
            priority=True,  # run in key order: see RowList._focus_now
        ),
        Binding(
            "ctrl+delete,shift+delete,shift+f9,f21",
            "delete_row",
            "Delete row",
            tooltip="Delete the variable row that has focus",
            id="key_value.delete",
            priority=True,  # run in key order: see RowList._focus_now
        ),
    ]

    class Changed(Message):
        """The user added, edited or deleted a row; `value` is the editor's new value."""

        def __init__(self, editor: KeyValueEditor, value: dict[str, str]) -> None:
            super().__init__()
            self.editor = editor
            self.value = value

        @property
        def control(self) -> KeyValueEditor:
            return self.editor

    CSS_PREFIX = "kv"

    def __init__(self, value: dict[str, str] | None = None, *, id: str | None = None) -> None:
        super().__init__(value, empty_text="No variables (ctrl+o adds one).", id=id)

    def compose(self) -> ComposeResult:
        with Horizontal(classes="kv-header"):
            yield Label("name", classes="kv-header-key")
            yield Label("value", classes="kv-header-value")
            yield Label("", classes="kv-header-spacer")
        yield from self.compose_rows()
        yield self.make_add_button("+ Add variable")

    @on(Input.Changed)
    def _cell_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._refresh()
        self._post_changed()

    # -- RowList hooks ------------------------------------------------------------------

    def _rows_for(self, value: dict[str, str] | None) -> list[KeyValueRow]:
        return [KeyValueRow(k, v) for k, v in (value or {}).items()]

    def _new_row(self) -> KeyValueRow:
        return KeyValueRow()

    def _first_cell(self, row: KeyValueRow) -> Widget:
        return row.key_input

    def _next_cell_in(self, row: KeyValueRow, cell: Input) -> Widget | None:
        """Enter moves key -> value -> next row."""
        return row.value_input if cell is row.key_input else None

    def _changed_message(self, value: dict[str, str]) -> KeyValueEditor.Changed:
        return self.Changed(self, value)

    def _compute_value(self) -> dict[str, str]:
        value: dict[str, str] = {}
        for row in self._rows:
            if row.key and row.key not in value:
                value[row.key] = row.text
        return value

    def _refresh_rows(self) -> None:
        for row, error in zip(self._rows, self._row_errors(), strict=True):
            invalid = invalid_references_in(row.text)
            value_error = (
                f"{invalid[0]!r} is not a valid reference: use ${{NAME}}" if invalid else None
            )
            row.show_note(error, value_error)

    def _row_errors(self) -> list[str | None]:
        first_row: dict[str, int] = {}
        errors: list[str | None] = []
        for index, row in enumerate(self._rows):
            if not row.key:
                errors.append("needs a name; this row is left out" if row.text else None)
            elif row.key in first_row:
                other = first_row[row.key] + 1
                errors.append(f"{row.key!r} is already row {other}; this row is left out")
            else:
                first_row[row.key] = index
                errors.append(None)
        return errors
