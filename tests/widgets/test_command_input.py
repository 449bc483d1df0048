"""CommandInput: a typed shell line becomes an argument list, shown under the line."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Input, Static

from tui.widgets.command_input import CommandInput, parse_command


class CommandApp(App[None]):
    def __init__(self, value: list[str] | None = None) -> None:
        super().__init__()
        self.initial = value
        self.changes: list[tuple[list[str], str | None]] = []

    def compose(self) -> ComposeResult:
        yield CommandInput(self.initial, id="command", placeholder="python -m server")

    def on_command_input_changed(self, event: CommandInput.Changed) -> None:
        assert event.control is self.query_one(CommandInput)
        self.changes.append((event.value, event.error))


class LeakApp(CommandApp):
    def __init__(self) -> None:
        super().__init__()
        self.leaked: list[Input.Changed] = []

    def on_input_changed(self, event: Input.Changed) -> None:
        self.leaked.append(event)


def parsed_text(app: App[None]) -> str:
    return str(app.query_one(".command-input--parsed", Static).content)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("python -m server --port 5005", ["python", "-m", "server", "--port", "5005"]),
        ("sh -c 'echo hi there'", ["sh", "-c", "echo hi there"]),
        ('a "b c" d\\ e', ["a", "b c", "d e"]),
        ("", []),
    ],
)
def test_parse_command_splits_like_a_shell(line: str, expected: list[str]) -> None:
    assert parse_command(line) == (expected, None)


@pytest.mark.parametrize("line", ["echo 'unclosed", 'echo "half', "echo trailing\\"])
def test_parse_command_reports_one_line_errors(line: str) -> None:
    value, error = parse_command(line)
    assert value is None
    assert error and "\n" not in error


async def test_typing_shows_the_argument_list_and_posts_changes() -> None:
    app = CommandApp()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        await pilot.click(CommandInput)
        await pilot.press(*"vllm --port 5005")
        await pilot.pause()
        widget = app.query_one(CommandInput)
        assert widget.value == ["vllm", "--port", "5005"]
        assert widget.error is None
        assert parsed_text(app) == '["vllm", "--port", "5005"]'
        assert app.changes[-1] == (["vllm", "--port", "5005"], None)


async def test_unclosed_quote_keeps_the_last_good_value_and_shows_the_error() -> None:
    app = CommandApp(["echo"])
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        app.query_one(CommandInput).focus()
        await pilot.press("end", "space", "'", "h", "i")
        await pilot.pause()
        widget = app.query_one(CommandInput)
        assert widget.value == ["echo"]
        assert widget.error is not None and "quote" in widget.error
        assert "quote" in parsed_text(app)
        assert app.changes[-1] == (["echo"], widget.error)
        assert widget.input.has_class("-invalid")
        await pilot.press("'")
        await pilot.pause()
        assert widget.value == ["echo", "hi"]
        assert widget.error is None
        assert app.changes[-1] == (["echo", "hi"], None)
        assert not widget.input.has_class("-invalid")


async def test_set_value_shows_a_quoted_line_and_posts_nothing() -> None:
    app = CommandApp()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        widget = app.query_one(CommandInput)
        widget.set_value(["sh", "-c", "echo ${HOME} done"])
        await pilot.pause()
        assert widget.input.value == "sh -c 'echo ${HOME} done'"
        assert widget.value == ["sh", "-c", "echo ${HOME} done"]
        assert parsed_text(app) == '["sh", "-c", "echo ${HOME} done"]'
        assert app.changes == []


async def test_inner_input_messages_do_not_leak_to_the_host() -> None:
    app = LeakApp()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        app.query_one(CommandInput).focus()
        await pilot.press("x")
        await pilot.pause()
    assert app.leaked == []
    assert app.changes == [(["x"], None)]


async def test_initial_value_is_shown_as_a_line() -> None:
    app = CommandApp(["python", "-m", "vllm.entrypoints.openai.api_server"])
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        widget = app.query_one(CommandInput)
        assert widget.input.value == "python -m vllm.entrypoints.openai.api_server"
        assert parsed_text(app) == '["python", "-m", "vllm.entrypoints.openai.api_server"]'
        assert app.changes == []
