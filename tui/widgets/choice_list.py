"""One value out of a few, every option in view: a radio list drawn by a single widget.

Textual's RadioSet is one widget per option, each styled and laid out on its own; the Basics
step's three choice fields (14 options) cost a fifth of the wizard's start-up that way. This
list is one OptionList: each option is a line with a radio mark, the arrows move the
highlight, and Enter, space or a click chooses the highlighted option. The highlight is only
drawn while the list has focus; the mark shows the choice.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

CHOSEN_MARK = "[$success]●[/]"
OTHER_MARK = "[$text-muted]○[/]"


class ChoiceList(OptionList):
    """Choose one of `choices`; with `unset_label`, a first option chooses none (None)."""

    DEFAULT_CSS = """
    ChoiceList { height: auto; width: 1fr; }
    ChoiceList:blur > .option-list--option-highlighted {
        background: transparent;
        color: $foreground;
        text-style: none;
    }
    """
    BINDINGS = [Binding("space", "select", "Choose", show=False)]

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
        entries: list[tuple[str | None, str]] = [(None, unset_label)] if unset_label else []
        entries += [(choice, choice) for choice in choices]
        self._values = [value for value, _ in entries]
        self._labels = [label for _, label in entries]
        self._value = value if value in self._values else None
        super().__init__(*self._options(), id=id, compact=True)
        self.highlighted = self._index_of(self._value)

    @property
    def value(self) -> str | None:
        return self._value

    def select(self, value: str | None) -> None:
        """Show `value` as chosen and highlighted, without posting Changed."""
        value = value if value in self._values else None
        if value != self._value:
            self._value = value
            self._redraw_marks()
        self.highlighted = self._index_of(value)

    def _index_of(self, value: str | None) -> int:
        return self._values.index(value) if value in self._values else 0

    def _options(self) -> list[Option]:
        return [Option(self._prompt(index)) for index in range(len(self._values))]

    def _prompt(self, index: int) -> str:
        mark = CHOSEN_MARK if self._values[index] == self._value else OTHER_MARK
        return f"{mark} {self._labels[index]}"

    def _redraw_marks(self) -> None:
        for index in range(len(self._values)):
            self.replace_option_prompt_at_index(index, self._prompt(index))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        value = self._values[event.option_index]
        if value == self._value:
            return
        self._value = value
        self._redraw_marks()
        self.post_message(self.Changed(self, value))
