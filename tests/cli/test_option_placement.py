"""Every option means the same before or after the command, or is refused with a message.

`sgp-template --base-url URL submit d.toml` used to parse --base-url at the front door and
then let submit's own default (None) overwrite it: the request went to production.
"""

from __future__ import annotations

import argparse
from typing import Any

import pytest

from tui.cli.commands.wizard import add_start_arguments
from tui.cli.main import parse_arguments
from tui.sandbox import Sandbox

from .conftest import API_KEY

POSITIONALS: dict[str, list[str]] = {
    "new": [],
    "edit": ["d.toml"],
    "validate": ["d.toml"],
    "show": ["d.toml"],
    "submit": ["d.toml"],
    "pull": ["tmpl_1"],
    "list": [],
    "delete": ["tmpl_1"],
    "schema": [],
    "fields": [],
    "sandbox": [],
}


class _Recording(argparse.ArgumentParser):
    """Records every option added to it (groups are flattened into the parser)."""

    def __init__(self) -> None:
        self.recorded: list[argparse.Action] = []
        self.flat = False
        super().__init__(add_help=False)  # builds its own groups: not flattened
        self.flat = True

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        action = super().add_argument(*args, **kwargs)
        self.recorded.append(action)
        return action

    def add_argument_group(self, *args: Any, **kwargs: Any) -> Any:
        return self if self.flat else super().add_argument_group(*args, **kwargs)

    def add_mutually_exclusive_group(self, *args: Any, **kwargs: Any) -> Any:
        return self


def _front_door_options() -> list[tuple[str, list[str]]]:
    """Every option the bare command takes (the wizard's: API connection and start), with a
    value it accepts: read from the same functions that add them, so new ones are covered."""
    recorder = _Recording()
    add_start_arguments(recorder)
    options = []
    for action in recorder.recorded:
        value = [] if action.nargs == 0 else ["7"]
        options.append((action.option_strings[-1], value))
    return options


FRONT_DOOR = _front_door_options()


def _parse(argv: list[str]) -> argparse.Namespace | int:
    try:
        return parse_arguments(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2


def test_the_front_door_options_are_found() -> None:
    flags = [flag for flag, _ in FRONT_DOOR]
    for flag in ("--base-url", "--timeout", "--allow-insecure-http", "--sandbox", "--preset"):
        assert flag in flags


@pytest.mark.parametrize("command", sorted(POSITIONALS))
@pytest.mark.parametrize(("flag", "value"), FRONT_DOOR, ids=[f for f, _ in FRONT_DOOR])
def test_an_option_before_the_command_means_the_same_as_after_it_or_is_refused(
    command: str, flag: str, value: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    positionals = POSITIONALS[command]
    after = _parse([command, *positionals, flag, *value])
    capsys.readouterr()
    before = _parse([flag, *value, command, *positionals])
    err = capsys.readouterr().err
    if isinstance(after, int):  # the command has no such option: refused in both places
        assert after == 2 and before == 2
        assert f"{flag} given before {command!r} does not apply to it" in err
    else:
        assert isinstance(before, argparse.Namespace)
        assert vars(before) == vars(after)


def test_the_option_after_the_command_wins_when_given_in_both_places() -> None:
    args = _parse(["--timeout", "5", "list", "--timeout", "9"])
    assert isinstance(args, argparse.Namespace) and args.timeout == 9
    args = _parse(["--timeout", "5", "list", "--base-url", "https://x.example"])
    assert isinstance(args, argparse.Namespace)
    assert (args.timeout, args.base_url) == (5, "https://x.example")


def test_base_url_before_submit_reaches_that_server(cli, write_draft, monkeypatch) -> None:
    """The issue's case, end to end: the create goes to the URL given before the command."""
    with Sandbox(api_key=API_KEY) as sandbox:
        monkeypatch.setenv("SGP_API_KEY", API_KEY)
        result = cli("--base-url", sandbox.base_url, "submit", write_draft())
        assert result.code == 0, result.err
        assert result.out.startswith("created ")
        assert sandbox.store.count() == 1


def _command_options(command: str) -> list[tuple[str, list[str]]]:
    """Every option of `command` (from its own add_arguments), with a value it accepts."""
    import importlib

    from tui.cli.commands import wizard
    from tui.cli.main import HEADLESS_COMMANDS

    recorder = _Recording()
    if command in HEADLESS_COMMANDS:
        importlib.import_module(HEADLESS_COMMANDS[command][0]).add_arguments(recorder)
    elif command == "sandbox":
        from tui.sandbox.command import add_sandbox_arguments

        add_sandbox_arguments(recorder)
    else:
        {"new": wizard.add_new_arguments, "edit": wizard.add_edit_arguments}[command](recorder)
    options = []
    for action in recorder.recorded:
        if not action.option_strings:
            continue
        value = [] if action.nargs == 0 else [str((action.choices or ["2"])[0])]
        options.append((max(action.option_strings, key=len), value))
    return options


COMMAND_ONLY = [
    (command, flag, value)
    for command in sorted(POSITIONALS)
    for flag, value in _command_options(command)
    if flag not in dict(FRONT_DOOR)
]


@pytest.mark.parametrize(("command", "flag", "value"), COMMAND_ONLY)
def test_a_command_option_before_the_command_is_refused_with_a_message(
    command: str, flag: str, value: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Options only a command takes work after it, and are refused (never ignored) before."""
    positionals = POSITIONALS[command]
    assert isinstance(_parse([command, *positionals, flag, *value]), argparse.Namespace)
    capsys.readouterr()
    assert _parse([flag, *value, command, *positionals]) == 2
    err = capsys.readouterr().err
    assert f"{flag} is an option of {command!r}, not of sgp-template itself" in err


def test_every_command_option_is_covered() -> None:
    flags = {flag for _, flag, _ in COMMAND_ONLY}
    assert {"--json", "--dry-run", "--set", "--format", "--port"} <= flags
