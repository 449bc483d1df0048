"""ParameterTable: add, edit, delete and reorder parameter rows; show findings on cells."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import Checkbox, Input, Select

from tui.core.findings import Finding, Severity
from tui.widgets.param_table import ParameterRow, ParameterTable

SCHEMA = "model_request_parameters_schema.parameters"


def param(name: str, type_: str = "str", description: str = "", required: bool = False) -> dict:
    return {"name": name, "type": type_, "description": description, "required": required}


class TableApp(App[None]):
    def __init__(self, value: list[dict[str, Any]] | None = None) -> None:
        super().__init__()
        self.initial = value
        self.changes: list[list[dict[str, Any]]] = []
        self.leaked: list[object] = []

    def compose(self) -> ComposeResult:
        yield ParameterTable(self.initial, title="Request parameters", schema_path=SCHEMA)

    def on_parameter_table_changed(self, event: ParameterTable.Changed) -> None:
        assert event.control is self.query_one(ParameterTable)
        self.changes.append(event.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.leaked.append(event)

    def on_select_changed(self, event: Select.Changed) -> None:
        self.leaked.append(event)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.leaked.append(event)


def table(app: App[None]) -> ParameterTable:
    return app.query_one(ParameterTable)


def note(row: ParameterRow) -> str:
    return str(row.note.content) if row.note.display else ""


def names(app: App[None]) -> list[str]:
    return [p["name"] for p in table(app).value]


async def test_initial_rows_and_no_message() -> None:
    app = TableApp([param("temperature", "float", "Sampling", True), param("top_k", "int")])
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        assert table(app).value == [
            param("temperature", "float", "Sampling", True),
            param("top_k", "int"),
        ]
        assert [str(r.index_label.content) for r in table(app).rows] == ["1", "2"]
        assert app.changes == []


async def test_keyboard_only_add_and_fill_a_row() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        table(app).focus()
        await pilot.press("enter")  # the Add button
        await pilot.pause()
        assert app.changes == [[param("")]]
        await pilot.press(*"max_tokens", "tab")
        await pilot.press("enter", "down", "enter")  # open the type select, pick "int"
        await pilot.press("tab", *"Upper bound", "tab", "space")
        await pilot.pause()
        assert table(app).value == [param("max_tokens", "int", "Upper bound", True)]
        assert app.changes[-1] == table(app).value
        assert app.leaked == []


async def test_new_rows_default_to_str_optional_and_empty_description() -> None:
    app = TableApp([param("a")])
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        table(app).rows[0].name_input.focus()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert table(app).value[1] == param("")
        assert app.focused is table(app).rows[1].name_input


async def test_delete_with_key_and_button() -> None:
    app = TableApp([param("a"), param("b"), param("c")])
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        table(app).rows[0].description_input.focus()
        await pilot.press("ctrl+delete")
        await pilot.pause()
        assert names(app) == ["b", "c"]
        assert app.changes[-1] == [param("b"), param("c")]
        assert app.focused is table(app).rows[0].name_input
        await pilot.click(table(app).rows[1].buttons[2])
        await pilot.pause()
        assert names(app) == ["b"]
        assert app.changes[-1] == [param("b")]


async def test_reorder_with_keys_and_buttons_keeps_focus_and_renumbers() -> None:
    app = TableApp([param("a"), param("b"), param("c")])
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        moving = table(app).rows[2]
        moving.name_input.focus()
        await pilot.press("alt+up")
        await pilot.pause()
        assert names(app) == ["a", "c", "b"]
        assert app.focused is moving.name_input
        await pilot.press("alt+up", "alt+up")  # the second press is at the top: no move
        await pilot.pause()
        assert names(app) == ["c", "a", "b"]
        assert app.changes[-1] == [param("c"), param("a"), param("b")]
        assert [str(r.index_label.content) for r in table(app).rows] == ["1", "2", "3"]
        children = list(table(app).query(ParameterRow))
        assert [r.name_input.value for r in children] == ["c", "a", "b"]
        await pilot.click(table(app).rows[0].buttons[1])
        await pilot.pause()
        assert names(app) == ["a", "c", "b"]
        await pilot.press("ctrl+down")
        await pilot.pause()
        assert names(app) == ["a", "b", "c"]


async def test_findings_are_shown_on_their_row_and_cell() -> None:
    app = TableApp([param("a"), param("b", "int")])
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        table(app).show_findings(
            [
                Finding(f"{SCHEMA}.1.name", "is required"),
                Finding(f"{SCHEMA}.0.description", "too vague", Severity.WARNING),
                Finding("model_creation_parameters_schema.parameters.0.name", "elsewhere"),
                Finding(SCHEMA, "must be a list"),
            ]
        )
        await pilot.pause()
        first, second = table(app).rows
        assert note(second) == "name: is required"
        assert second.name_input.has_class("-invalid")
        assert second.note.has_class("-error")
        assert note(first) == "description: too vague"
        assert first.description_input.has_class("-warning")
        assert not first.description_input.has_class("-invalid")
        assert "elsewhere" not in note(first)
        table_note = app.query_one(".pt-table-note")
        assert table_note.display and "must be a list" in str(table_note.content)
        table(app).show_findings([])
        await pilot.pause()
        assert note(second) == ""
        assert not second.name_input.has_class("-invalid")


async def test_duplicate_names_are_flagged_while_typing() -> None:
    app = TableApp([param("top_k"), param("top_p")])
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        table(app).rows[1].name_input.focus()
        await pilot.press("end", "backspace", "k")
        await pilot.pause()
        second = table(app).rows[1]
        assert "already parameter 1" in note(second)
        assert second.name_input.has_class("-warning")
        await pilot.press("backspace", "x")
        await pilot.pause()
        assert note(second) == ""


async def test_empty_name_is_flagged_only_after_the_name_was_touched() -> None:
    app = TableApp([param("a")])
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        table(app).rows[0].name_input.focus()
        await pilot.press("ctrl+o")
        await pilot.pause()
        fresh = table(app).rows[1]
        assert note(fresh) == ""
        await pilot.press("tab")  # leave the empty name
        await pilot.pause()
        assert "needs a name" in note(fresh)


async def test_set_value_replaces_rows_posts_nothing_and_clears_findings() -> None:
    app = TableApp([param("old")])
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        table(app).show_findings([Finding(f"{SCHEMA}.0.name", "bad")])
        table(app).set_value([param("x", "bool", "flag", True), param("y", "float")])
        assert names(app) == ["x", "y"]
        await pilot.pause()
        assert [r.name_input.value for r in table(app).query(ParameterRow)] == ["x", "y"]
        assert table(app).rows[0].type_select.value == "bool"
        assert table(app).rows[0].required_box.value is True
        assert note(table(app).rows[0]) == ""
        assert app.changes == []


async def test_unknown_type_and_extra_keys_are_kept() -> None:
    app = TableApp([{"name": "n", "type": "string", "description": "", "required": False, "x": 1}])
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        assert table(app).value == [
            {"name": "n", "type": "string", "description": "", "required": False, "x": 1}
        ]


async def test_focusing_a_type_shows_its_description() -> None:
    app = TableApp([param("a", "int")])
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        help_line = app.query_one(".pt-help")
        table(app).rows[0].type_select.focus()
        await pilot.pause()
        assert str(help_line.content) == "type int: An integer."
        table(app).rows[0].name_input.focus()
        await pilot.pause()
        assert not help_line.display


async def test_the_required_cell_says_required_or_optional() -> None:
    from textual.app import App

    from tui.widgets.param_table import ParameterTable, RequiredBox

    class TableApp(App[None]):
        def compose(self) -> ComposeResult:
            yield ParameterTable(
                [{"name": "a", "type": "str", "required": True}, {"name": "b", "type": "str"}],
                title="Request parameters",
                schema_path="model_request_parameters_schema.parameters",
            )

    app = TableApp()
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        boxes = list(app.query(RequiredBox))
        texts = [str(box.render()) for box in boxes]  # type: ignore[arg-type]
        assert "required" in texts[0] and "✓" in texts[0]
        assert "optional" in texts[1] and "✓" not in texts[1] and "X" not in texts[1]
        boxes[1].toggle()
        await pilot.pause()
        assert "required" in str(boxes[1].render())
        assert app.query_one(ParameterTable).value[1]["required"] is True


async def test_a_long_description_is_shown_whole_while_its_cell_has_the_focus() -> None:
    from textual.app import App

    from tui.widgets.param_table import ParameterTable

    long_text = "The sampling temperature; higher values give more varied output. " * 3

    class TableApp(App[None]):
        def compose(self) -> ComposeResult:
            yield ParameterTable(
                [{"name": "temperature", "type": "float", "description": long_text}],
                title="Request parameters",
                schema_path="model_request_parameters_schema.parameters",
            )

    app = TableApp()
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(ParameterTable)
        cell = table.rows[0].description_input
        assert cell.size.width < len(long_text)
        cell.focus()
        await pilot.pause()
        help_line = app.query_one(".pt-help")
        assert help_line.display
        assert long_text.strip() in " ".join(str(help_line.render()).split())
