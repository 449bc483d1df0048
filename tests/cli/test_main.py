"""The front door: --version, --help everywhere, exit codes, the wizard's entry points."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from tui import __version__
from tui.cli import main as cli_main
from tui.cli.commands.wizard import interactive_blocker
from tui.core.drafts import DraftError
from tui.core.errors import InvalidConfig, NotFound

COMMANDS = ["new", "edit", "validate", "show", "submit", "pull", "list", "delete", "schema"]
API_COMMANDS = ["submit", "pull", "list", "delete", "new", "edit"]


def test_version(cli) -> None:
    result = cli("--version")
    assert result.code == 0
    assert result.out.strip() == f"sgp-template {__version__}"


def test_top_level_help_lists_every_command(cli) -> None:
    result = cli("--help")
    assert result.code == 0
    for command in [*COMMANDS, "sandbox"]:
        assert command in result.out


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(cli, command: str) -> None:
    result = cli(command, "--help")
    assert result.code == 0
    assert result.out.startswith("usage: sgp-template " + command)


@pytest.mark.parametrize("command", API_COMMANDS)
def test_api_commands_document_env_vars_and_connection_flags(cli, command: str) -> None:
    out = cli(command, "--help").out
    for text in (
        "SGP_API_KEY",
        "SGP_ACCOUNT_ID",
        "SGP_CLIENT_BASE_URL",
        "--base-url",
        "--account-id",
        "--allow-insecure-http",
        "--timeout",
        "--sandbox",
    ):
        assert text in out, (command, text)


def test_usage_errors_exit_2(cli) -> None:
    assert cli("frobnicate").code == 2
    assert cli("validate").code == 2
    result = cli("submit", "x.toml", "--concurrency", "0")
    assert result.code == 2
    assert "sgp-template submit: error:" in result.err


@pytest.mark.parametrize(
    "argv",
    [[], ["--sandbox"], ["new"], ["new", "--preset", "vllm-h100"], ["edit", "d.toml"]],
)
def test_wizard_without_a_terminal_fails_fast(cli, argv: list[str], monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "tui.app", None)  # importing it would raise
    result = cli(*argv)
    assert result.code == 2
    assert "validate" in result.err and "submit" in result.err
    assert result.out == ""


@pytest.mark.parametrize(
    ("environ", "tty", "blocked"),
    [
        ({"TERM": "xterm"}, (True, True), ""),
        ({"TERM": "xterm"}, (False, True), "not a terminal"),
        ({"TERM": "xterm"}, (True, False), "not a terminal"),
        ({"TERM": "dumb"}, (True, True), "TERM=dumb"),
        ({"SGP_NO_PROMPT": "1"}, (True, True), "SGP_NO_PROMPT"),
        ({"CI": "true"}, (True, True), "CI"),
        ({"CI": "false", "SGP_NO_PROMPT": "0"}, (True, True), ""),
    ],
)
def test_interactive_blocker(environ: dict[str, str], tty: tuple[bool, bool], blocked: str) -> None:
    reason = interactive_blocker(environ, *tty)
    assert (blocked in reason) if blocked else reason == ""


def test_wizard_with_a_terminal_gets_its_arguments(cli, monkeypatch, tmp_path: Path) -> None:
    calls: list[dict] = []
    fake_app = types.ModuleType("tui.app")
    fake_app.run_wizard = lambda **kwargs: calls.append(kwargs) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tui.app", fake_app)
    monkeypatch.setattr("tui.cli.commands.wizard.interactive_blocker", lambda environ, i, o: "")
    assert cli("edit", tmp_path / "d.toml", "--base-url", "https://sgp.example.com").code == 0
    assert cli("new", "--preset", "reranker").code == 0
    assert cli().code == 0
    edit, new, bare = calls
    assert edit["draft_path"] == tmp_path / "d.toml"
    assert edit["target_label"] == "https://sgp.example.com"
    assert edit["config"].api_key is None  # the wizard starts without a key
    assert (new["preset"], new["draft_path"], new["template_id"]) == ("reranker", None, None)
    assert bare["preset"] is None and bare["draft_path"] is None


def test_wizard_on_the_sandbox_is_labelled(cli, monkeypatch) -> None:
    seen: list[str] = []
    fake_app = types.ModuleType("tui.app")
    fake_app.run_wizard = lambda **kw: (
        seen.append(  # type: ignore[attr-defined]
            f"{kw['target_label']} as {kw['config'].account_id}"
        )
        or 0
    )
    monkeypatch.setitem(sys.modules, "tui.app", fake_app)
    monkeypatch.setattr("tui.cli.commands.wizard.interactive_blocker", lambda *a: "")
    assert cli("new", "--sandbox", "--sandbox-db", ":memory:").code == 0
    assert cli("--sandbox", "--sandbox-db", ":memory:").code == 0  # the README's command
    assert seen == ["local sandbox as sandbox-account"] * 2  # the account field starts filled


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (DraftError("d.toml", "no such file"), 1),
        (InvalidConfig("no API key"), 2),
        (NotFound("template x not found"), 3),
        (KeyboardInterrupt(), 130),
    ],
)
def test_expected_errors_become_one_line_and_an_exit_code(
    cli, monkeypatch, error: BaseException, code: int
) -> None:
    def boom(args):
        raise error

    monkeypatch.setattr("tui.cli.commands.schema.run", boom)
    result = cli("schema")
    assert result.code == code
    assert result.err.startswith("sgp-template: error:")
    assert len(result.err.strip().splitlines()) == 1


def test_bugs_are_not_hidden(cli, monkeypatch) -> None:
    def boom(args):
        raise ZeroDivisionError("bug")

    monkeypatch.setattr("tui.cli.commands.schema.run", boom)
    result = cli("schema")
    assert result.code == cli_main.EXIT_INTERNAL
    assert "Traceback" in result.err and "ZeroDivisionError" in result.err


def test_sandbox_command_is_registered_lazily(cli) -> None:
    result = cli("sandbox", "--help")
    assert result.code == 0
    assert "--memory" in result.out and "--port" in result.out
    assert cli("sandbox", "--host", "192.0.2.1").code == 2  # not loopback: refused


def test_sandbox_module_is_not_imported_by_other_commands(cli, write_draft, monkeypatch) -> None:
    for name in [m for m in sys.modules if m.startswith("tui.sandbox")]:
        monkeypatch.delitem(sys.modules, name)  # restored after the test
    assert cli("validate", write_draft()).code == 0
    assert not [m for m in sys.modules if m.startswith("tui.sandbox")]


@pytest.mark.parametrize("command", sorted(cli_main.HEADLESS_COMMANDS))
def test_lazy_command_table_matches_each_module(command: str) -> None:
    import importlib

    module_name, help_text = cli_main.HEADLESS_COMMANDS[command]
    module = importlib.import_module(module_name)
    assert help_text == module.HELP
    assert callable(module.add_arguments) and callable(module.run)


def test_the_wizard_start_imports_no_headless_command() -> None:
    import subprocess

    code = (
        "import sys; from tui.cli import main; main.build_parser(['new', '--preset', 'x']); "
        "print([n for n, _ in main.HEADLESS_COMMANDS.values() if n in sys.modules])"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True
    )
    assert done.stdout.strip() == "[]"


def test_pydantic_plugin_scan_is_skipped_unless_the_user_chose(monkeypatch) -> None:
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    cli_main.skip_pydantic_plugin_scan()
    assert cli_main.os.environ["PYDANTIC_DISABLE_PLUGINS"] == "1"
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "some_plugin")
    cli_main.skip_pydantic_plugin_scan()
    assert cli_main.os.environ["PYDANTIC_DISABLE_PLUGINS"] == "some_plugin"


def test_httpx_command_line_client_is_not_loaded() -> None:
    """Once main() ran, importing httpx loads neither its CLI nor what that needs (~0.1 s)."""
    import subprocess

    code = (
        "import sys; from tui.cli.main import main; main(['--version']); "
        "import httpx; assert httpx.AsyncClient and httpx.Response(204).is_success; "
        "print([n for n in ('httpx._main', 'rich', 'click', 'pygments') if sys.modules.get(n)])"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True
    )
    assert done.stdout.splitlines()[-1] == "[]"
