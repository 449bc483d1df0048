"""KeyValueEditor: environment variables as editable rows."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input

from tui.widgets.key_value import KeyValueEditor, KeyValueRow


class EditorApp(App[None]):
    def __init__(self, value: dict[str, str] | None = None) -> None:
        super().__init__()
        self.initial = value
        self.changes: list[dict[str, str]] = []
        self.leaked: list[Input.Changed] = []

    def compose(self) -> ComposeResult:
        yield KeyValueEditor(self.initial, id="env")

    def on_key_value_editor_changed(self, event: KeyValueEditor.Changed) -> None:
        assert event.control is self.query_one(KeyValueEditor)
        self.changes.append(event.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.leaked.append(event)


def editor(app: App[None]) -> KeyValueEditor:
    return app.query_one(KeyValueEditor)


def note(row: KeyValueRow) -> str:
    return str(row.note.content) if row.note.display else ""


async def test_initial_value_fills_rows_and_posts_nothing() -> None:
    app = EditorApp({"HF_HOME": "/data", "TOKEN": "${HF_TOKEN}"})
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.pause()
        rows = editor(app).rows
        assert [(r.key_input.value, r.value_input.value) for r in rows] == [
            ("HF_HOME", "/data"),
            ("TOKEN", "${HF_TOKEN}"),
        ]
        assert editor(app).value == {"HF_HOME": "/data", "TOKEN": "${HF_TOKEN}"}
        assert app.changes == []


async def test_add_row_with_keys_then_type_key_and_value() -> None:
    app = EditorApp()
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.pause()
        editor(app).focus()
        await pilot.press("enter")  # the Add button has focus when there are no rows
        await pilot.pause()
        assert len(editor(app).rows) == 1
        assert app.changes == [{}]
        await pilot.press(*"PORT", "enter", *"5005")
        await pilot.pause()
        assert editor(app).value == {"PORT": "5005"}
        assert app.changes[-1] == {"PORT": "5005"}
        await pilot.press("ctrl+o", *"MODE", "tab", *"fast")
        await pilot.pause()
        assert editor(app).value == {"PORT": "5005", "MODE": "fast"}
        assert app.changes[-1] == {"PORT": "5005", "MODE": "fast"}
        assert app.leaked == []


async def test_enter_in_the_last_value_adds_a_row_and_focuses_its_key() -> None:
    app = EditorApp({"A": "1"})
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.pause()
        editor(app).rows[0].value_input.focus()
        await pilot.press("enter")
        await pilot.pause()
        rows = editor(app).rows
        assert len(rows) == 2
        assert app.focused is rows[1].key_input


async def test_delete_row_by_key_and_by_button() -> None:
    app = EditorApp({"A": "1", "B": "2", "C": "3"})
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.pause()
        editor(app).rows[1].value_input.focus()
        await pilot.press("ctrl+delete")
        await pilot.pause()
        assert editor(app).value == {"A": "1", "C": "3"}
        assert app.changes[-1] == {"A": "1", "C": "3"}
        assert app.focused is editor(app).rows[1].key_input
        await pilot.click(editor(app).rows[0].delete_button)
        await pilot.pause()
        assert editor(app).value == {"C": "3"}
        assert app.changes[-1] == {"C": "3"}
        assert len(editor(app).query(KeyValueRow)) == 1


async def test_duplicate_and_empty_keys_are_flagged_and_left_out() -> None:
    app = EditorApp({"A": "1"})
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.pause()
        editor(app).rows[0].value_input.focus()
        await pilot.press("enter", "A", "tab", "2")
        await pilot.pause()
        rows = editor(app).rows
        assert "already row 1" in note(rows[1])
        assert rows[1].key_input.has_class("-invalid")
        assert editor(app).value == {"A": "1"}
        await pilot.press("ctrl+o", "tab", "x")
        await pilot.pause()
        assert "needs a name" in note(editor(app).rows[2])
        editor(app).rows[1].key_input.focus()
        await pilot.press("backspace", "B")
        await pilot.pause()
        assert note(editor(app).rows[1]) == ""
        assert not editor(app).rows[1].key_input.has_class("-invalid")
        assert editor(app).value == {"A": "1", "B": "2"}


async def test_environment_references_are_marked() -> None:
    app = EditorApp({"TOKEN": "plain"})
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.pause()
        row = editor(app).rows[0]
        assert note(row) == ""
        row.value_input.focus()
        await pilot.press("ctrl+u", *"${HF_TOKEN}")
        await pilot.pause()
        assert "from environment: HF_TOKEN" in note(row)
        assert row.value_input.has_class("-from-environment")
        assert editor(app).value == {"TOKEN": "${HF_TOKEN}"}


async def test_set_value_replaces_rows_and_posts_nothing() -> None:
    app = EditorApp({"OLD": "1"})
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.pause()
        editor(app).set_value({"X": "${Y}", "Z": "2"})
        assert editor(app).value == {"X": "${Y}", "Z": "2"}
        await pilot.pause()
        assert [r.key_input.value for r in editor(app).query(KeyValueRow)] == ["X", "Z"]
        assert "from environment: Y" in note(editor(app).rows[0])
        assert app.changes == []
        editor(app).rows[1].value_input.focus()
        await pilot.press("end", "3")
        await pilot.pause()
        assert app.changes == [{"X": "${Y}", "Z": "23"}]


async def test_set_value_before_mount_is_used() -> None:
    app = EditorApp({"OLD": "1"})
    widget_value = {"NEW": "2"}
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.pause()
        fresh = KeyValueEditor()
        fresh.set_value(widget_value)
        await app.screen.mount(fresh)
        await pilot.pause()
        assert fresh.value == widget_value
        assert [r.key_input.value for r in fresh.query(KeyValueRow)] == ["NEW"]


async def test_escaped_and_invalid_references() -> None:
    app = EditorApp({"A": "$${HOME}", "B": "${1X}", "C": "${X}-${Y}-${X}"})
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.pause()
        escaped, invalid, several = editor(app).rows
        assert note(escaped) == ""
        assert "not a valid reference" in note(invalid)
        assert invalid.note.has_class("-error")
        assert invalid.value_input.has_class("-invalid")
        assert not invalid.key_input.has_class("-invalid")
        assert "from environment: X, Y (" in note(several)
