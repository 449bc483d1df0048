"""`sgp-template`: the argparse front door.

Building the parser imports only argparse and the module of the command being run (the
others are listed by name and help from HEADLESS_COMMANDS); each command imports what it
needs when it runs, so `validate` never pays for httpx or Textual, and the wizard's start
pays for no headless command.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from tui import __version__
from tui.cli.commands import wizard
from tui.cli.options import EXIT_HELP
from tui.cli.output import (
    EXIT_API,
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_USAGE,
    PROG,
    CliError,
    error,
)

DESCRIPTION = """\
Create, validate and submit Scale GenAI Platform model templates.

Run without a command (or `new` / `edit`) for the interactive wizard; the other commands
are headless and safe in scripts and CI.
"""

# Expected failures from tui.core, by class name (matched along the exception's MRO, so the
# modules that define them need not be imported here): exit code for each.
EXPECTED_ERRORS = {
    "DraftError": EXIT_INVALID,
    "InterpolationError": EXIT_INVALID,
    "OverrideError": EXIT_USAGE,
    "InvalidConfig": EXIT_USAGE,
    "SubmitFailed": EXIT_API,
    "SGPError": EXIT_API,
    "SandboxError": EXIT_API,
}

Handler = Callable[[argparse.Namespace], int]

HEADLESS_COMMANDS: dict[str, tuple[str, str]] = {
    "validate": (
        "tui.cli.commands.validate",
        "check drafts against the API schema (errors) and Launch's rules (warnings)",
    ),
    "show": (
        "tui.cli.commands.show",
        "print the request body a draft makes (json, toml, curl or python)",
    ),
    "submit": (
        "tui.cli.commands.submit",
        "validate drafts and create their templates (idempotent; concurrent)",
    ),
    "diff": (
        "tui.cli.commands.diff",
        "show field by field how a draft differs from a template on the server",
    ),
    "plan": (
        "tui.cli.commands.plan",
        "show what apply would do for each draft: exists, create or drift",
    ),
    "apply": (
        "tui.cli.commands.apply",
        "create what plan shows is missing (idempotent; drift only with --on-drift)",
    ),
    "pull": (
        "tui.cli.commands.pull",
        "fetch a template and write it as a draft (to stdout, or -o FILE)",
    ),
    "list": ("tui.cli.commands.listing", "list model templates (all pages) as a table or JSON"),
    "delete": ("tui.cli.commands.delete", "delete a model template"),
    "schema": (
        "tui.cli.commands.schema",
        "print the draft file's JSON Schema (for editor completion and checks)",
    ),
    "fields": (
        "tui.cli.commands.fields",
        "explain the template's fields (every one, or one dotted PATH)",
    ),
    "completion": (
        "tui.cli.commands.completion",
        "print a shell completion script (bash, zsh or fish)",
    ),
}
"""Command name -> (module, one-line help). A command's module, which defines the same HELP,
add_arguments and run, is imported only when its name is on the command line."""


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=DESCRIPTION,
        epilog=EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    wizard.add_start_arguments(parser)  # `sgp-template --sandbox` is `new --sandbox`
    parser.set_defaults(handler=wizard.run)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        return commands.add_parser(
            name,
            help=help_text,
            description=help_text[:1].upper() + help_text[1:] + ".",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    for name, (configure, help_text) in {
        "new": (wizard.add_new_arguments, wizard.NEW_HELP),
        "edit": (wizard.add_edit_arguments, wizard.EDIT_HELP),
    }.items():
        sub = add(name, help_text)
        configure(sub)
        sub.set_defaults(handler=wizard.run)
    for name, (module_name, help_text) in HEADLESS_COMMANDS.items():
        sub = add(name, help_text)
        if name in argv:  # argparse can only pick a command whose name was given
            module = importlib.import_module(module_name)
            module.add_arguments(sub)
            sub.set_defaults(handler=module.run)
    _add_sandbox(commands, argv)
    return parser


def full_parser() -> argparse.ArgumentParser:
    """The parser with every command's arguments (for shell completion scripts)."""
    return build_parser([*HEADLESS_COMMANDS, "sandbox"])


def _add_sandbox(commands: argparse._SubParsersAction, argv: Sequence[str]) -> None:
    """The sandbox's own arguments come from tui.sandbox.command, loaded only when used."""
    help_text = "run the local SGP-compatible sandbox server"
    sub = commands.add_parser(
        "sandbox",
        help=help_text,
        description=help_text[:1].upper() + help_text[1:] + ".",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    if "sandbox" not in argv:
        return
    try:
        command = importlib.import_module("tui.sandbox.command")
    except ImportError:
        sub.set_defaults(handler=_sandbox_missing)
        return
    command.add_sandbox_arguments(sub)
    sub.set_defaults(handler=command.run_sandbox_command)


def _sandbox_missing(args: argparse.Namespace) -> int:
    raise CliError("the sandbox is not available in this installation", EXIT_USAGE)


def main(argv: Sequence[str] | None = None) -> int:
    skip_pydantic_plugin_scan()
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser(argv).parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors (argparse printed them)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        error("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`sgp-template list | head`): not an error. Point stdout at
        # /dev/null so the interpreter's final flush doesn't complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except CliError as exc:
        error(exc.message)
        return exc.code
    except Exception as exc:
        code = expected_exit_code(exc)
        if code is None:
            raise
        error(" ".join(str(exc).split()) or type(exc).__name__)
        return code


def skip_pydantic_plugin_scan() -> None:
    """We use no pydantic plugins, but pydantic looks for them when it builds its first
    validator: it imports importlib.metadata and scans every installed package's entry points
    (10-20 ms of the wizard's start). The variable is read at that moment, so setting it here,
    before any command runs, is enough; a value the user set is kept."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")


def expected_exit_code(exc: BaseException) -> int | None:
    """The exit code of an expected tui.core error, or None for a bug (which propagates)."""
    for cls in type(exc).__mro__:
        if cls.__module__.startswith("tui.") and cls.__name__ in EXPECTED_ERRORS:
            return EXPECTED_ERRORS[cls.__name__]
    return None


if __name__ == "__main__":
    sys.exit(main())
