"""The wizard's step list: every step with its state; click or select one to jump to it."""

from __future__ import annotations

from textual import events, on
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.core.session import STEPS

STATE_MARKS: dict[str, str] = {
    "untouched": "[$text-muted]·[/]",
    "valid": "[$success]✓[/]",
    "warnings": "[$warning]⚠[/]",
    "errors": "[$error]✗[/]",
}


class StepList(OptionList):
    """A vertical list of steps; `Selected` asks the screen to show one."""

    DEFAULT_CSS = """
    StepList { width: 20; height: 1fr; border: none; padding: 0; }
    """

    class Selected(Message):
        def __init__(self, step: str) -> None:
            super().__init__()
            self.step = step

    def on_key(self, event: events.Key) -> None:
        """A step's number jumps to it (ctrl+l focuses the list: a jump in two keys that
        every terminal delivers, where alt+N or shift+F<N> may not arrive)."""
        step = next((s for s in STEPS if event.character == str(s.number)), None)
        if step is not None:
            event.stop()
            self.post_message(self.Selected(step.id))

    def __init__(self, *, id: str | None = None) -> None:
        self._states = {step.id: "untouched" for step in STEPS}
        super().__init__(*self._options(), id=id)

    def _options(self) -> list[Option]:
        return [
            Option(f"{STATE_MARKS[self._states[s.id]]}  {s.number} {s.title}", id=s.id)
            for s in STEPS
        ]

    def update_states(self, states: dict[str, str], current: str) -> None:
        """Redraw the marks (only when one changed) and highlight `current`."""
        merged = {**self._states, **states}
        if merged != self._states:
            self._states = merged
            for index, step in enumerate(STEPS):
                mark = STATE_MARKS[merged[step.id]]
                self.replace_option_prompt_at_index(index, f"{mark}  {step.number} {step.title}")
        self.highlighted = self.get_option_index(current)

    def state_of(self, step: str) -> str:
        return self._states[step]

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Selected(event.option.id))
