"""A shell-line editor for a command list (`command`, `streaming_command`).

SGP stores a command as a list of arguments; people think of it as the line they would type.
The user types a line, `shlex.split` turns it into the list, and the list is shown under the
line so that quoting mistakes are visible before the template is submitted.
"""

from __future__ import annotations

import json
import shlex

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from tui.widgets.show_text import show_text


def parse_command(line: str) -> tuple[list[str] | None, str | None]:
    """The argument list of `line`, or None and a one-line error saying what to fix."""
    try:
        return shlex.split(line), None
    except ValueError as exc:
        reason = str(exc)
        if "quotation" in reason:
            return None, "unclosed quote: add the closing ' or \""
        if "escaped" in reason:
            return None, "the line ends with a lone \\: remove it or escape it as \\\\"
        return None, f"cannot split this line: {reason}"


class CommandInput(Vertical):
    """One Input for a shell line, with the parsed argument list (or the error) under it."""

    DEFAULT_CSS = """
    CommandInput {
        height: auto;
        width: 1fr;
    }
    CommandInput > .command-input--parsed {
        color: $text-muted;
        height: auto;
    }
    CommandInput > .command-input--parsed.-error {
        color: $error;
    }
    """

    class Changed(Message):
        """The user edited the line: the last good argument list and the parse error."""

        def __init__(
            self, command_input: CommandInput, value: list[str], error: str | None
        ) -> None:
            super().__init__()
            self.command_input = command_input
            self.value = value
            self.error = error

        @property
        def control(self) -> CommandInput:
            return self.command_input

    def __init__(
        self,
        value: list[str] | None = None,
        *,
        id: str | None = None,
        placeholder: str = "",
    ) -> None:
        super().__init__(id=id)
        self._value: list[str] = list(value or [])
        self._error: str | None = None
        self._input = Input(
            shlex.join(self._value),
            placeholder=placeholder,
            compact=True,
            classes="command-input--line",
        )
        self._parsed = Static(
            self._describe_parsed(), classes="command-input--parsed", markup=False
        )

    @property
    def value(self) -> list[str]:
        """The last argument list that parsed (kept while the line has an unclosed quote)."""
        return list(self._value)

    @property
    def error(self) -> str | None:
        return self._error

    @property
    def input(self) -> Input:
        """The line editor itself (for focus and key handling)."""
        return self._input

    def compose(self) -> ComposeResult:
        yield self._input
        yield self._parsed

    def focus(self, scroll_visible: bool = True) -> CommandInput:
        self._input.focus(scroll_visible)
        return self

    def set_value(self, value: list[str]) -> None:
        """Show `value` as a shell line; posts no Changed message."""
        self._value = list(value)
        self._error = None
        line = shlex.join(self._value)
        if self._input.value != line:
            with self.prevent(Input.Changed):
                self._input.value = line
        self._refresh_parsed()

    @on(Input.Changed, ".command-input--line")
    def _line_changed(self, event: Input.Changed) -> None:
        event.stop()
        parsed, error = parse_command(event.value)
        before = (self._value, self._error)
        if parsed is not None:
            self._value = parsed
        self._error = error
        self._refresh_parsed()
        if (self._value, self._error) != before:
            self.post_message(self.Changed(self, self.value, self._error))

    def _refresh_parsed(self) -> None:
        show_text(self._parsed, self._describe_parsed())
        self._parsed.set_class(self._error is not None, "-error")
        self._input.set_class(self._error is not None, "-invalid")

    def _describe_parsed(self) -> str:
        if self._error is not None:
            return self._error
        if not self._value:
            return "(no arguments)"
        return json.dumps(self._value)
