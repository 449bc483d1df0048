"""Small modal dialogs: confirm, choose, ask for text (or a secret), show help, pick a start."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, ScrollableContainer, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

DIALOG_CSS = """
.dialog { width: 70; max-width: 95%; height: auto; max-height: 90%; padding: 1 2;
          border: thick $primary; background: $surface; }
.dialog > .dialog-title { text-style: bold; margin-bottom: 1; }
.dialog > .dialog-message { margin-bottom: 1; height: auto; }
.dialog .dialog-buttons { height: auto; align-horizontal: right; margin-top: 1; }
.dialog .dialog-buttons Button { margin-left: 1; }
.dialog > .dialog-error { color: $error; height: auto; display: none; }
.dialog > .dialog-error.-shown { display: block; margin-top: 1; }
"""


class Dialog(ModalScreen):  # type: ignore[type-arg]
    """Shared look: centred, Escape or ctrl+c cancels (dismisses with None)."""

    DEFAULT_CSS = "Dialog { align: center middle; }\n" + DIALOG_CSS
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel", tooltip="Close this dialog."),
        # ctrl+c is what people press to get out: it closes the dialog (before an Input's copy
        # or the app's "press ctrl+q to quit" hint can take it).
        Binding("ctrl+c", "cancel", "Cancel", show=False, id="dialog.close", priority=True),
    ]

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceDialog(Dialog):
    """A message and buttons; dismisses with the chosen button's key (None on Escape).

    Left and right move between the buttons, as in most terminal dialogs (Tab works too).
    """

    BINDINGS = [
        Binding("left", "app.focus_previous", show=False, id="dialog.previous"),
        Binding("right", "app.focus_next", show=False, id="dialog.next"),
    ]

    def __init__(
        self, title: str, message: str, choices: list[tuple[str, str]], *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.title_text = title
        self.message = message
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.message, classes="dialog-message", markup=False)
            with Horizontal(classes="dialog-buttons"):
                for index, (key, label) in enumerate(self.choices):
                    variant = "primary" if index == 0 else "default"
                    yield Button(label, id=f"choice-{key}", variant=variant)

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "").removeprefix("choice-"))


def confirm(title: str, message: str, yes: str = "Yes", no: str = "No") -> ChoiceDialog:
    return ChoiceDialog(title, message, [("yes", yes), ("no", no)])


class PromptDialog(Dialog):
    """One line of text (masked when `password`); dismisses with it, or None."""

    def __init__(
        self,
        title: str,
        message: str,
        *,
        value: str = "",
        placeholder: str = "",
        password: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.title_text = title
        self.message = message
        self.value = value
        self.placeholder = placeholder
        self.password = password

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.message, classes="dialog-message", markup=False)
            yield Input(
                self.value,
                placeholder=self.placeholder,
                password=self.password,
                id="prompt-input",
            )
            yield Static("", classes="dialog-error", id="prompt-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK", id="prompt-ok", variant="primary")
                yield Button("Cancel", id="prompt-cancel")

    def on_mount(self) -> None:
        self.query_one("#prompt-input", Input).focus()

    @on(Input.Submitted, "#prompt-input")
    @on(Button.Pressed, "#prompt-ok")
    def _accept(self) -> None:
        text = self.query_one("#prompt-input", Input).value.strip()
        if not text:
            error = self.query_one("#prompt-error", Static)
            error.update("Type a value, or press Escape.")
            error.add_class("-shown")
            return
        self.dismiss(text)

    @on(Button.Pressed, "#prompt-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class HelpDialog(Dialog):
    """Help for the current step and the keys.

    Prose paragraphs wrap; indented blocks (the key table) keep their columns and scroll
    sideways instead. The dialog fills most of the screen and its Close button is docked, so
    it stays reachable at 80x24; below 88 cells it fills the width, borders kept (the key
    table is under 72 cells).
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (88, "-wide")]
    DEFAULT_CSS = """
    HelpDialog > .dialog { width: 86; }
    HelpDialog.-narrow > .dialog { width: 100%; max-width: 100%; padding: 0 1; }
    HelpDialog #help-text { height: 1fr; overflow: auto auto; scrollbar-size: 1 1; }
    HelpDialog #help-text > .help-prose { width: 1fr; margin-bottom: 1; }
    HelpDialog #help-text > .help-block { width: auto; text-wrap: nowrap; margin-bottom: 1; }
    HelpDialog .dialog-buttons { dock: bottom; }
    """

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            with ScrollableContainer(id="help-text"):
                for paragraph, preformatted in help_paragraphs(self.text):
                    kind = "help-block" if preformatted else "help-prose"
                    yield Static(paragraph, classes=kind, markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close", id="help-close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#help-close", Button).focus()

    @on(Button.Pressed, "#help-close")
    def _close(self) -> None:
        self.dismiss(None)


def help_paragraphs(text: str) -> list[tuple[str, bool]]:
    """Blank-line separated paragraphs, each flagged when it holds indented (tabular) lines."""
    paragraphs = [p.strip("\n") for p in text.split("\n\n") if p.strip()]
    return [(p, any(line.startswith("  ") for line in p.splitlines())) for p in paragraphs]


class StartDialog(Dialog):
    """Where to start: blank, a preset, a draft file or a template on the server.

    Dismisses with ("blank", ""), ("preset", name), ("draft", ""), ("pull", "") or None.
    """

    def __init__(self, presets: list[tuple[str, str]]) -> None:
        super().__init__()
        self.presets = presets

    def compose(self) -> ComposeResult:
        options = [Option("Blank template", id="blank")]
        options += [Option(f"Preset: {title}", id=f"preset:{name}") for name, title in self.presets]
        options += [
            Option("Open a draft file…", id="draft"),
            Option("Start from a template on the server (by id)…", id="pull"),
        ]
        with Vertical(classes="dialog"):
            yield Label("New model template", classes="dialog-title")
            yield Static(
                "Choose a starting point (arrows + Enter, or click).", classes="dialog-message"
            )
            yield OptionList(*options, id="start-options")

    def on_mount(self) -> None:
        self.query_one("#start-options", OptionList).focus()

    @on(OptionList.OptionSelected, "#start-options")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        kind, _, arg = (event.option.id or "blank").partition(":")
        self.dismiss((kind, arg))
