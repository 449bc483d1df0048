"""RowList: the row mechanics shared by KeyValueEditor and ParameterTable.

Pinned on a minimal subclass (one Input per row, value = the non-blank words) so that the
tests are about the base, not about either widget's cells.
"""

from __future__ import annotations

from textual import on
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Input

from tui.widgets.row_list import RowList


class WordRow(Horizontal):
    DEFAULT_CSS = "WordRow { height: 1; } WordRow Input { width: 1fr; }"

    def __init__(self, word: str = "") -> None:
        super().__init__()
        self.word_input = Input(word, compact=True)
        self.delete_button = Button("x", compact=True, classes="wl-delete")

    def compose(self) -> ComposeResult:
        yield self.word_input
        yield self.delete_button


class WordList(RowList[WordRow, list[str]]):
    CSS_PREFIX = "wl"
    DEFAULT_CSS = "WordList, WordList .wl-rows { height: auto; }"

    class Changed(Message):
        def __init__(self, words: WordList, value: list[str]) -> None:
            super().__init__()
            self.words = words
            self.value = value

    def __init__(self, value: list[str] | None = None) -> None:
        super().__init__(value, empty_text="No words.", id="words")

    def compose(self) -> ComposeResult:
        yield from self.compose_rows()
        yield self.make_add_button("+ word")

    @on(Input.Changed)
    def _word_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._post_changed()

    def _rows_for(self, value: list[str] | None) -> list[WordRow]:
        return [WordRow(word) for word in value or []]

    def _new_row(self) -> WordRow:
        return WordRow()

    def _first_cell(self, row: WordRow) -> Widget:
        return row.word_input

    def _compute_value(self) -> list[str]:
        return [w for w in (r.word_input.value.strip() for r in self._rows) if w]

    def _refresh_rows(self) -> None:
        """Words have no notes."""

    def _changed_message(self, value: list[str]) -> WordList.Changed:
        return self.Changed(self, value)


class WordsApp(App[None]):
    def __init__(self, value: list[str] | None = None) -> None:
        super().__init__()
        self.initial = value
        self.changes: list[list[str]] = []

    def compose(self) -> ComposeResult:
        yield WordList(self.initial)
        yield Button("outside", id="outside")

    def on_word_list_changed(self, event: WordList.Changed) -> None:
        self.changes.append(event.value)


def words(app: App[None]) -> WordList:
    return app.query_one(WordList)


def cells(app: App[None]) -> list[Input]:
    return [row.word_input for row in words(app).rows]


async def delete_row(app: WordsApp, pilot: Pilot[None], index: int) -> None:
    """Delete row `index` the way ctrl+delete does: from the focused cell."""
    cells(app)[index].focus()
    await pilot.pause()
    await words(app).action_delete_row()
    await pilot.pause()


async def test_deleting_the_last_row_focuses_the_new_last_row() -> None:
    app = WordsApp(["a", "b", "c"])
    async with app.run_test() as pilot:
        await delete_row(app, pilot, 2)
        assert words(app).value == ["a", "b"]
        assert app.focused is cells(app)[1]


async def test_deleting_a_middle_row_focuses_the_row_that_took_its_place() -> None:
    app = WordsApp(["a", "b", "c"])
    async with app.run_test() as pilot:
        await delete_row(app, pilot, 1)
        assert words(app).value == ["a", "c"]
        assert app.focused is cells(app)[1]
        assert cells(app)[1].value == "c"


async def test_deleting_the_only_row_focuses_add_and_shows_the_empty_line() -> None:
    app = WordsApp(["a"])
    async with app.run_test() as pilot:
        await pilot.pause()
        assert not app.query_one(".wl-empty").display
        await delete_row(app, pilot, 0)
        assert words(app).rows == []
        assert app.focused is app.query_one(".wl-add")
        assert app.query_one(".wl-empty").display


async def test_adding_or_deleting_a_blank_row_posts_changed_even_with_equal_value() -> None:
    app = WordsApp(["a"])
    async with app.run_test() as pilot:
        await pilot.click(".wl-add")
        await pilot.pause()
        assert app.focused is cells(app)[1]
        await pilot.click(words(app).rows[1].delete_button)
        await pilot.pause()
        assert app.changes == [["a"], ["a"]]


async def test_edits_post_changed_only_when_the_value_differs() -> None:
    app = WordsApp(["a"])
    async with app.run_test() as pilot:
        cells(app)[0].focus()
        await pilot.press("end", "space")  # "a " strips to the same value
        await pilot.pause()
        assert app.changes == []
        await pilot.press("b")
        await pilot.pause()
        assert app.changes == [["a b"]]


async def test_set_value_rebuilds_rows_without_posting() -> None:
    app = WordsApp(["a", "b"])
    async with app.run_test() as pilot:
        await pilot.pause()
        words(app).set_value(["x"])
        await pilot.pause()
        assert [c.value for c in cells(app)] == ["x"]
        assert len(words(app).query(WordRow)) == 1
        assert app.changes == []
        cells(app)[0].focus()
        await pilot.press("end", "y")
        await pilot.pause()
        assert app.changes == [["xy"]]  # compared against the new value, not the old rows


async def test_enter_moves_to_the_next_row_and_adds_one_after_the_last() -> None:
    app = WordsApp(["a", "b"])
    async with app.run_test() as pilot:
        cells(app)[0].focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is cells(app)[1]
        await pilot.press("enter")
        await pilot.pause()
        assert len(cells(app)) == 3
        assert app.focused is cells(app)[2]


async def test_focus_goes_to_the_first_cell_or_to_add_when_empty() -> None:
    app = WordsApp(["a", "b"])
    async with app.run_test() as pilot:
        words(app).focus()
        await pilot.pause()
        assert app.focused is cells(app)[0]
        words(app).set_value([])
        await pilot.pause()
        words(app).focus()
        await pilot.pause()
        assert app.focused is app.query_one(".wl-add")


async def test_delete_with_focus_outside_the_rows_does_nothing() -> None:
    app = WordsApp(["a"])
    async with app.run_test() as pilot:
        app.query_one("#outside").focus()
        await pilot.pause()
        await words(app).action_delete_row()
        await pilot.pause()
        assert words(app).value == ["a"]
        assert app.changes == []
