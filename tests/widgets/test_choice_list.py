"""ChoiceList: a radio list in one widget (keys, clicks, the unset option, quiet loads)."""

from __future__ import annotations

from textual import on
from textual.app import App, ComposeResult

from tui.widgets.choice_list import CHOSEN_MARK, ChoiceList

CHOICES = ["SYNC", "ASYNC", "STREAMING", "BATCH"]


class ChoiceApp(App[None]):
    def __init__(self, value: str | None = None, unset_label: str | None = None) -> None:
        super().__init__()
        self.value = value
        self.unset_label = unset_label
        self.changes: list[str | None] = []

    def compose(self) -> ComposeResult:
        yield ChoiceList(CHOICES, self.value, unset_label=self.unset_label, id="choices")

    @on(ChoiceList.Changed)
    def _changed(self, event: ChoiceList.Changed) -> None:
        self.changes.append(event.value)


def marked(choices: ChoiceList) -> list[str]:
    """The labels drawn with the chosen mark."""
    lines = choices.render().plain.splitlines()
    return [line.split(" ", 1)[1] for line in lines if line.startswith(CHOSEN_MARK)]


async def test_arrows_move_the_highlight_and_space_or_enter_choose() -> None:
    app = ChoiceApp()
    async with app.run_test() as pilot:
        choices = app.query_one(ChoiceList)
        choices.focus()
        assert choices.value is None and marked(choices) == []
        assert choices.highlighted == 0
        await pilot.press("down", "down")
        assert app.changes == [] and choices.value is None  # moving is not choosing
        await pilot.press("space")
        assert choices.value == "STREAMING" and marked(choices) == ["STREAMING"]
        await pilot.press("up", "enter")
        await pilot.pause()
        assert app.changes == ["STREAMING", "ASYNC"]
        await pilot.press("enter")  # the same option again: no change to report
        await pilot.pause()
        assert app.changes == ["STREAMING", "ASYNC"]


async def test_a_click_chooses_the_clicked_option() -> None:
    app = ChoiceApp(value="SYNC")
    async with app.run_test() as pilot:
        await pilot.click("#choices", offset=(3, 3))  # the fourth line: BATCH
        await pilot.pause()
        assert app.changes == ["BATCH"]
        assert marked(app.query_one(ChoiceList)) == ["BATCH"]


async def test_the_unset_option_chooses_none() -> None:
    app = ChoiceApp(value="ASYNC", unset_label="(unset)")
    async with app.run_test() as pilot:
        choices = app.query_one(ChoiceList)
        assert len(choices.render().plain.splitlines()) == len(CHOICES) + 1
        assert choices.highlighted == 2  # (unset), SYNC, ASYNC
        choices.focus()
        await pilot.press("home", "enter")
        await pilot.pause()
        assert app.changes == [None] and choices.value is None
        assert marked(choices) == ["(unset)"]


async def test_select_shows_a_value_without_reporting_it() -> None:
    app = ChoiceApp(value="SYNC")
    async with app.run_test() as pilot:
        choices = app.query_one(ChoiceList)
        choices.select("BATCH")
        await pilot.pause()
        assert choices.value == "BATCH" and choices.highlighted == 3
        assert marked(choices) == ["BATCH"]
        choices.select("NOT-A-CHOICE")
        await pilot.pause()
        assert choices.value is None and marked(choices) == []
        assert app.changes == []


async def test_the_highlight_is_drawn_only_with_the_focus() -> None:
    def highlight_drawn(choices: ChoiceList) -> bool:
        return any("block-cursor" in str(span.style) for span in choices.render().spans)

    app = ChoiceApp(value="ASYNC")
    async with app.run_test() as pilot:
        choices = app.query_one(ChoiceList)
        app.set_focus(None)
        await pilot.pause()
        assert not highlight_drawn(choices)
        choices.focus()
        await pilot.pause()
        assert highlight_drawn(choices)
