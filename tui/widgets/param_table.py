"""An editable table of parameter schema rows: name / type / description / required.

Used twice on the parameters step (creation and request parameters). Rows can be added,
edited, deleted and moved with the keyboard alone (bindings with ids, so they can be remapped)
or the mouse (per-row buttons). Problems are displayed, not decided here: the wizard passes the
core's findings to `show_findings`, and for instant feedback while typing the table runs the
core's own `parameter_names` rule on its value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from tui.core.enums import ParameterType
from tui.core.findings import Finding, Severity
from tui.core.launch_rules import parameter_names
from tui.core.paths import parse_path, set_path
from tui.widgets.row_list import RowList
from tui.widgets.show_text import show_text

FIELDS = ("name", "type", "description", "required")
DEFAULT_TYPE = ParameterType.STR.value
LOCAL_RULE = "launch.parameters"
"""The rule this table re-runs itself; findings of other rules only come from the wizard."""


@dataclass(frozen=True)
class CellProblem:
    field: str
    message: str
    severity: Severity


class RequiredBox(Checkbox):
    """The "required" cell, its state in words: a compact Checkbox draws its X both on and
    off, told apart by colour alone."""

    LABELS = {True: "required", False: "optional"}
    MARKS = {True: "✓", False: " "}

    def __init__(self, value: bool) -> None:
        super().__init__(self.LABELS[value], value, compact=True, classes="pt-required")
        self.BUTTON_INNER = self.MARKS[value]

    def watch_value(self) -> None:
        self.BUTTON_INNER = self.MARKS[self.value]
        self.label = self.LABELS[self.value]
        super().watch_value()  # the -on class and the Changed message


class ParameterRow(Vertical):
    """One parameter: index, controls, row buttons, and a note line for its problems."""

    def __init__(self, param: Mapping[str, Any] | None = None) -> None:
        super().__init__(classes="pt-row")
        param = dict(param or {})
        self.extra = {k: v for k, v in param.items() if k not in FIELDS}
        """Keys the table has no column for, kept so that nothing is lost."""
        raw_type = str(param.get("type", DEFAULT_TYPE))
        self._fallback_type = raw_type
        known = raw_type in ParameterType.values()
        self.index_label = Label("", classes="pt-index")
        self.name_input = Input(
            _text(param.get("name")), placeholder="name", compact=True, classes="pt-name"
        )
        self.type_select: Select[str] = Select(
            [(value, value) for value in ParameterType.values()],
            value=raw_type if known else Select.NULL,
            allow_blank=not known,
            prompt="type?",
            compact=True,
            classes="pt-type",
            tooltip=_type_tooltip(),
        )
        self.description_input = Input(
            _text(param.get("description")),
            placeholder="description",
            compact=True,
            classes="pt-description",
        )
        self.required_box = RequiredBox(bool(param.get("required", False)))
        self.required_box.tooltip = "Required: callers must always pass this parameter"
        self.buttons = [
            _row_button("↑", "pt-up", "Move up (alt+up)"),
            _row_button("↓", "pt-down", "Move down (alt+down)"),
            _row_button("✕", "pt-delete", "Delete this parameter (ctrl+delete)"),
        ]
        self.note = Static("", classes="pt-note", markup=False)
        self.name_touched = False

    @property
    def param(self) -> dict[str, Any]:
        return {
            "name": self.name_input.value,
            "type": self.type,
            "description": self.description_input.value,
            "required": self.required_box.value,
            **self.extra,
        }

    @property
    def type(self) -> str:
        value = self.type_select.value
        return value if isinstance(value, str) else self._fallback_type

    def controls(self) -> dict[str, Widget]:
        return {
            "name": self.name_input,
            "type": self.type_select,
            "description": self.description_input,
            "required": self.required_box,
        }

    def compose(self) -> ComposeResult:
        """Two lines, so that name and description stay readable in a 40-column form."""
        with Horizontal(classes="pt-controls"):
            yield self.index_label
            yield self.name_input
            yield self.type_select
            yield from self.buttons
        with Horizontal(classes="pt-controls pt-second-line"):
            yield self.description_input
            yield self.required_box
        yield self.note

    def show_problems(self, problems: list[CellProblem]) -> None:
        for field, control in self.controls().items():
            mine = [p for p in problems if p.field == field]
            control.set_class(any(p.severity is Severity.ERROR for p in mine), "-invalid")
            control.set_class(
                bool(mine) and all(p.severity is Severity.WARNING for p in mine), "-warning"
            )
        text = " · ".join(_describe_problem(p) for p in problems)
        show_text(self.note, text)
        self.note.display = bool(problems)
        self.note.set_class(any(p.severity is Severity.ERROR for p in problems), "-error")


class ParameterTable(RowList[ParameterRow, list[dict[str, Any]]]):
    """Edit a list of parameter dicts; posts `ParameterTable.Changed` on user edits."""

    DEFAULT_CSS = """
    ParameterTable {
        height: auto;
        width: 1fr;
    }
    ParameterTable .pt-title {
        text-style: bold;
        color: $text-primary;
    }
    ParameterTable .pt-header {
        height: 1;
        color: $text-muted;
    }
    ParameterTable .pt-rows, ParameterTable .pt-row {
        height: auto;
    }
    ParameterTable .pt-controls {
        height: 1;
    }
    ParameterTable .pt-index {
        width: 3;
        color: $text-muted;
    }
    ParameterTable .pt-name, ParameterTable .pt-h-name {
        width: 1fr;
        margin-right: 1;
    }
    ParameterTable .pt-type, ParameterTable .pt-h-type {
        width: 10;
        margin-right: 1;
    }
    ParameterTable .pt-second-line {
        padding-left: 3;
    }
    ParameterTable .pt-description {
        width: 1fr;
        margin-right: 1;
    }
    ParameterTable .pt-required {
        width: auto;
    }
    ParameterTable Checkbox.pt-required:focus {
        border: none;
    }
    ParameterTable .pt-h-buttons {
        width: 9;
    }
    ParameterTable .pt-row-button {
        width: 3;
        min-width: 3;
        color: $text-muted;
    }
    ParameterTable .pt-row-button:hover {
        color: $text;
    }
    ParameterTable .pt-delete:hover {
        color: $error;
    }
    ParameterTable .-warning {
        background-tint: $warning 20%;
    }
    ParameterTable Checkbox.-invalid {
        background-tint: $error 20%;
    }
    ParameterTable .pt-note {
        height: auto;
        padding-left: 3;
        color: $text-warning;
    }
    ParameterTable .pt-note.-error, ParameterTable .pt-table-note {
        color: $text-error;
    }
    ParameterTable .pt-table-note {
        height: auto;
    }
    ParameterTable .pt-empty, ParameterTable .pt-help {
        height: auto;
        color: $text-muted;
    }
    ParameterTable .pt-add {
        width: auto;
        min-width: 0;
    }
    """

    BINDINGS = [
        Binding(
            "ctrl+o,shift+f8,f20",
            "add_row",
            "Add row",
            tooltip="Add a parameter row",
            id="param_table.add",
            priority=True,  # run in key order: see RowList._focus_now
        ),
        Binding(
            "ctrl+delete,shift+delete,shift+f9,f21",
            "delete_row",
            "Delete row",
            tooltip="Delete the parameter row that has focus",
            id="param_table.delete",
            priority=True,  # run in key order: see RowList._focus_now
        ),
        Binding(
            "alt+up,ctrl+up,shift+f10,f22",
            "move(-1)",
            "Row up",
            tooltip="Move the parameter row that has focus up",
            id="param_table.move_up",
            priority=True,  # run in key order: see RowList._focus_now
        ),
        Binding(
            "alt+down,ctrl+down,shift+f11,f23",
            "move(1)",
            "Row down",
            tooltip="Move the parameter row that has focus down",
            id="param_table.move_down",
            priority=True,  # run in key order: see RowList._focus_now
        ),
    ]

    class Changed(Message):
        """The user added, edited, deleted or moved a row; `value` is the new list."""

        def __init__(self, table: ParameterTable, value: list[dict[str, Any]]) -> None:
            super().__init__()
            self.table = table
            self.value = value

        @property
        def control(self) -> ParameterTable:
            return self.table

    CSS_PREFIX = "pt"

    def __init__(
        self,
        value: list[dict[str, Any]] | None = None,
        *,
        title: str,
        schema_path: str,
        id: str | None = None,
    ) -> None:
        super().__init__(value, empty_text="No parameters (ctrl+o adds one).", id=id)
        self.title = title
        self.schema_path = schema_path
        self._external: list[Finding] = []
        self._table_note = Static("", classes="pt-table-note", markup=False)
        self._help = Static("", classes="pt-help", markup=False)
        self._help.display = False

    # -- public API ---------------------------------------------------------------------

    def set_value(self, value: list[dict[str, Any]]) -> None:
        """Replace every row with `value`; posts no Changed message."""
        self._external = []
        super().set_value(value)

    def show_findings(self, findings: Iterable[Finding]) -> None:
        """Show the findings under `schema_path` on their rows (others are ignored)."""
        external = [f for f in findings if self._relative(f.path) is not None]
        if external == self._external:
            return
        self._external = external
        self._refresh()

    # -- composition --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Label(self.title, classes="pt-title")
        yield self._table_note
        with Horizontal(classes="pt-header"):
            yield Label("#", classes="pt-index")
            yield Label("name / description", classes="pt-h-name")
            yield Label("type", classes="pt-h-type")
            yield Label("", classes="pt-h-buttons")
        yield from self.compose_rows()
        with Horizontal(classes="pt-header"):
            yield self.make_add_button("+ Add parameter")
        yield self._help

    # -- actions ------------------------------------------------------------------------

    def action_move(self, offset: int) -> None:
        row = self._focused_row()
        if row is not None:
            self._move(row, offset)

    def _move(self, row: ParameterRow, offset: int) -> None:
        index = self._rows.index(row)
        target = index + offset
        if not 0 <= target < len(self._rows):
            return
        other = self._rows[target]
        self._rows[index], self._rows[target] = other, row
        if offset < 0:
            self._rows_box.move_child(row, before=other)
        else:
            self._rows_box.move_child(row, after=other)
        self._rows_changed()

    # -- events -------------------------------------------------------------------------

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _cell_changed(self, event: Input.Changed | Select.Changed | Checkbox.Changed) -> None:
        event.stop()
        row = self._row_of(event.control)
        if row is not None and event.control is row.name_input:
            row.name_touched = row.name_touched or self._value_differs()
        if isinstance(event, Select.Changed) and self._value_differs():
            self._show_type_help(str(event.value))
        self._cell_edited(row, event.control)

    @on(Input.Blurred, ".pt-name")
    def _name_blurred(self, event: Input.Blurred) -> None:
        row = self._row_of(event.input)
        if row is not None and not row.name_touched:
            row.name_touched = True
            self._refresh()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        focused = self.screen.focused
        row = self._row_of(focused)
        if (
            row is not None
            and focused is not None
            and row.type_select in focused.ancestors_with_self
        ):
            self._show_type_help(row.type)
        elif row is not None and focused is row.description_input:
            self._show_description(row)
        else:
            self._set_help("")

    def _show_description(self, row: ParameterRow) -> None:
        """The whole description under the table while its cell has the focus: the cell
        shows only the part around the cursor."""
        text = row.description_input.value
        self._set_help(f"description: {text}" if text else "")

    @on(Input.Changed, ".pt-description")
    def _description_changed(self, event: Input.Changed) -> None:
        row = self._row_of(event.input)
        if row is not None and event.input.has_focus:
            self._show_description(row)

    # -- RowList hooks ------------------------------------------------------------------

    def _rows_for(self, value: list[dict[str, Any]] | None) -> list[ParameterRow]:
        return [ParameterRow(p) for p in _params(value)]

    def _new_row(self) -> ParameterRow:
        return ParameterRow()

    def _first_cell(self, row: ParameterRow) -> Widget:
        return row.name_input

    def _compute_value(self) -> list[dict[str, Any]]:
        return [row.param for row in self._rows]

    def _changed_message(self, value: list[dict[str, Any]]) -> ParameterTable.Changed:
        return self.Changed(self, value)

    def _row_button_pressed(self, row: ParameterRow, button: Button) -> None:
        self._move(row, -1 if button.has_class("pt-up") else 1)

    def _rows_changed(self) -> None:
        """Row indices moved: every finding from the wizard may point at the wrong row."""
        self._external = []
        super()._rows_changed()

    # -- helpers ------------------------------------------------------------------------

    def _show_type_help(self, value: str) -> None:
        self._set_help(f"type {value}: {ParameterType.describe(value)}")

    def _set_help(self, text: str) -> None:
        show_text(self._help, text)
        self._help.display = bool(text)

    def _cell_edited(self, row: ParameterRow | None, control: Widget) -> None:
        if row is not None:
            field = next((f for f, c in row.controls().items() if c is control), "")
            index = self._rows.index(row)
            edited = f"{self.schema_path}.{index}.{field}"
            self._external = [
                f for f in self._external if f.path != edited and f.rule != LOCAL_RULE
            ]
        self._refresh()
        self._post_changed()

    def _relative(self, path: str) -> str | None:
        if path == self.schema_path:
            return ""
        prefix = self.schema_path + "."
        return path[len(prefix) :] if path.startswith(prefix) else None

    def _local_findings(self) -> list[Finding]:
        template: dict[str, Any] = {}
        set_path(template, parse_path(self.schema_path), self._compute_value())
        found = []
        for finding in parameter_names(template):
            row = self._row_for_path(finding.path)
            if row is not None and (row.name_input.value.strip() or row.name_touched):
                found.append(finding)
        return found

    def _row_for_path(self, path: str) -> ParameterRow | None:
        relative = self._relative(path) or ""
        head = relative.split(".", 1)[0]
        if head.isdigit() and int(head) < len(self._rows):
            return self._rows[int(head)]
        return None

    def _refresh_rows(self) -> None:
        findings = _unique([*self._external, *self._local_findings()])
        per_row: dict[int, list[CellProblem]] = {}
        table_messages: list[str] = []
        for finding in findings:
            self._place(finding, per_row, table_messages)
        for index, row in enumerate(self._rows):
            show_text(row.index_label, str(index + 1))
            row.show_problems(per_row.get(index, []))
        show_text(self._table_note, " · ".join(table_messages))
        self._table_note.display = bool(table_messages)

    def _place(
        self, finding: Finding, per_row: dict[int, list[CellProblem]], table: list[str]
    ) -> None:
        relative = self._relative(finding.path) or ""
        head, _, field = relative.partition(".")
        if head.isdigit() and int(head) < len(self._rows):
            field = field.split(".", 1)[0]
            per_row.setdefault(int(head), []).append(
                CellProblem(field, finding.message, finding.severity)
            )
        else:
            where = f"{relative}: " if relative else ""
            table.append(f"{where}{finding.message}")


def _params(value: list[dict[str, Any]] | None) -> list[Mapping[str, Any]]:
    return [p if isinstance(p, Mapping) else {} for p in (value or [])]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _row_button(label: str, kind: str, tooltip: str) -> Button:
    button = Button(label, compact=True, classes=f"pt-row-button {kind}")
    button.can_focus = False
    button.tooltip = tooltip
    return button


def _type_tooltip() -> str:
    return "\n".join(f"{v}: {ParameterType.describe(v)}" for v in ParameterType.values())


def _describe_problem(problem: CellProblem) -> str:
    return f"{problem.field}: {problem.message}" if problem.field else problem.message


def _unique(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str]] = set()
    out = []
    for finding in findings:
        key = (finding.path, finding.message)
        if key not in seen:
            seen.add(key)
            out.append(finding)
    return out
