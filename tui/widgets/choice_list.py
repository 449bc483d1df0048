"""One value out of a few, every option in view: a radio list drawn by a single widget.

Textual's RadioSet is one widget per option, each styled and laid out on its own, and an
OptionList styles every option through its component classes; the Basics step's three
choice fields (14 options) cost a fifth of the wizard's start-up the first way. This widget
renders its options as lines of text: the arrows move the highlight, Enter, space or a click
chooses the highlighted option. The highlight is drawn only while the list has the focus;
the mark shows the choice.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

CHOSEN_MARK = "●"
OTHER_MARK = "○"


class ChoiceList(Widget, can_focus=True):
    """Choose one of `choices`; with `unset_label`, a first option chooses none (None)."""

    DEFAULT_CSS = """
    ChoiceList { height: auto; width: 1fr; background: $surface; }
    ChoiceList:focus { background-tint: $foreground 5%; }
    """
    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("home", "move(-1000)", "First", show=False),
        Binding("end", "move(1000)", "Last", show=False),
        Binding("enter,space", "choose", "Choose", show=False),
    ]

    highlighted: reactive[int] = reactive(0)

    class Changed(Message):
        """The user chose `value` (None: the unset option)."""

        def __init__(self, choice_list: ChoiceList, value: str | None) -> None:
            super().__init__()
            self.choice_list = choice_list
            self.value = value

        @property
        def control(self) -> ChoiceList:
            return self.choice_list

    def __init__(
        self,
        choices: Sequence[str],
        value: str | None = None,
        *,
        unset_label: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        entries: list[tuple[str | None, str]] = [(None, unset_label)] if unset_label else []
        entries += [(choice, choice) for choice in choices]
        self.values: list[str | None] = [value for value, _ in entries]
        self.labels = [label for _, label in entries]
        self._value = value if value in self.values else None
        self.set_reactive(ChoiceList.highlighted, self._index_of(self._value))

    @property
    def value(self) -> str | None:
        return self._value

    def select(self, value: str | None) -> None:
        """Show `value` as chosen and highlighted, without posting Changed."""
        self._value = value if value in self.values else None
        self.highlighted = self._index_of(self._value)
        self.refresh()

    def render(self) -> Content:
        return Content("\n").join(self._line(index) for index in range(len(self.values)))

    def _line(self, index: int) -> Content:
        chosen = self.values[index] == self._value
        mark = Content.styled(CHOSEN_MARK if chosen else OTHER_MARK, "$success" if chosen else "")
        line = Content.assemble(mark, " ", self.labels[index])
        if index == self.highlighted and self.has_focus:
            line = line.stylize("$block-cursor-foreground on $block-cursor-background")
        return line

    def _index_of(self, value: str | None) -> int:
        return self.values.index(value) if value in self.values else 0

    def watch_highlighted(self) -> None:
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, step: int) -> None:
        self.highlighted = max(0, min(len(self.values) - 1, self.highlighted + step))

    def action_choose(self) -> None:
        value = self.values[self.highlighted]
        if value != self._value:
            self._value = value
            self.refresh()
            self.post_message(self.Changed(self, value))

    def on_click(self, event: events.Click) -> None:
        if 0 <= event.y < len(self.values):
            self.highlighted = event.y
            self.action_choose()
