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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tui import __version__
from tui.cli.commands import wizard
from tui.cli.options import EXIT_HELP
from tui.cli.output import (
    EXIT_API,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_USAGE,
    PROG,
    CliError,
    error,
    forget_json_printed,
    json_printed,
    one_line,
    print_json,
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
    return _build_parsers(argv)[0]


def _build_parsers(
    argv: Sequence[str],
) -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The front door's parser, and each command's own parser by name."""
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
    by_name: dict[str, argparse.ArgumentParser] = {}

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        by_name[name] = commands.add_parser(
            name,
            help=help_text,
            description=help_text[:1].upper() + help_text[1:] + ".",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        return by_name[name]

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
    by_name["sandbox"] = _add_sandbox(commands, argv)
    return parser, by_name


def full_parser() -> argparse.ArgumentParser:
    """The parser with every command's arguments (for shell completion scripts)."""
    return build_parser([*HEADLESS_COMMANDS, "sandbox"])


def _add_sandbox(
    commands: argparse._SubParsersAction, argv: Sequence[str]
) -> argparse.ArgumentParser:
    """The sandbox's own arguments come from tui.sandbox.command, loaded only when used."""
    help_text = "run the local SGP-compatible sandbox server"
    sub = commands.add_parser(
        "sandbox",
        help=help_text,
        description=help_text[:1].upper() + help_text[1:] + ".",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    if "sandbox" not in argv:
        return sub
    try:
        command = importlib.import_module("tui.sandbox.command")
    except ImportError:
        sub.set_defaults(handler=_sandbox_missing)
        return sub
    command.add_sandbox_arguments(sub)
    sub.set_defaults(handler=command.run_sandbox_command)
    return sub


def _sandbox_missing(args: argparse.Namespace) -> int:
    raise CliError("the sandbox is not available in this installation", EXIT_USAGE)


def main(argv: Sequence[str] | None = None) -> int:
    skip_pydantic_plugin_scan()
    skip_httpx_command_line()
    argv = list(sys.argv[1:] if argv is None else argv)
    forget_json_printed()
    try:
        args = parse_arguments(argv)
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
        return _fail(args, exc.message, exc.code)
    except Exception as exc:
        code = expected_exit_code(exc)
        if code is None:
            return _internal_error(args, exc)
        return _fail(args, " ".join(str(exc).split()) or type(exc).__name__, code)


def _fail(args: argparse.Namespace, message: str, code: int) -> int:
    """One line on stderr; under --json, also a JSON error on stdout if none was printed."""
    error(message)
    if getattr(args, "json", False) and not json_printed():
        print_json({"error": {"message": message, "exit_code": code}})
    return code


def _internal_error(args: argparse.Namespace, exc: Exception) -> int:
    """A bug: the traceback (for the report), then one line asking for it, exit 70."""
    import traceback

    traceback.print_exception(exc, file=sys.stderr)
    message = (
        f"internal error (a bug in {PROG} {__version__}): {type(exc).__name__}: "
        f"{one_line(str(exc))[:200]}; please report it with the traceback above and the "
        "command you ran"
    )
    return _fail(args, message, EXIT_INTERNAL)


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    """The command line's meaning; argparse exits (SystemExit) on --help and usage errors."""
    parser, commands = _build_parsers(argv)
    if argv and argv[0] in commands:  # nothing before the command (the usual case)
        return parser.parse_args(argv)
    front = _leading_options(argv)
    _refuse_command_options_before_it(parser, front, commands)
    args = parser.parse_args(argv)
    apply_leading_options(args, front, commands)
    return args


@dataclass(frozen=True)
class _Front:
    """What precedes the command: front-door options by dest, the command and what follows
    it, and the tokens that are no front-door option."""

    leading: dict[str, Any]
    rest: list[str]
    unknown: list[str]


def _refuse_command_options_before_it(
    parser: argparse.ArgumentParser, front: _Front, commands: Mapping[str, argparse.ArgumentParser]
) -> None:
    """`sgp-template --json validate d.toml`: say where --json goes (argparse would only
    complain about whatever followed it, e.g. "invalid choice: 'a=1'" for --set a=1)."""
    unknown = front.unknown
    flags = [t.split("=", 1)[0] for t in unknown if t.startswith("-") and t not in _FRONT_ONLY]
    command = next((token for token in front.rest if token in commands), None)
    if flags and command is not None:
        parser.error(
            f"{flags[0]} is an option of {command!r}, not of sgp-template itself: put it "
            f"after the command (sgp-template {command} ... {flags[0]})"
        )


_FRONT_ONLY = ("-h", "--help", "--version")


def apply_leading_options(
    args: argparse.Namespace, front: _Front, commands: Mapping[str, argparse.ArgumentParser]
) -> None:
    """Options given before the command mean what they mean after it, or are refused.

    The front door takes the wizard's options (`sgp-template --sandbox` starts it), and
    argparse lets a command's own defaults overwrite whatever was parsed before the command,
    so `sgp-template --base-url URL submit ...` used to go to the default URL. Here each
    option given before the command is matched by its dest against the command's own
    options, so any option a command gains (e.g. through add_api_arguments) works in both
    places with no list to keep up to date. Given in both places, the later one wins, as
    argparse does for an option repeated in one place.
    """
    leading, rest = front.leading, front.rest
    if not rest or rest[0] not in commands:
        return
    command = commands[rest[0]]
    after = command.parse_args(rest[1:])  # cannot fail: the whole line parsed already
    for dest, value in leading.items():
        if not hasattr(after, dest):
            command.error(
                f"{_flag(dest)} given before {rest[0]!r} does not apply to it; "
                f"see sgp-template {rest[0]} --help"
            )
        if getattr(after, dest) == command.get_default(dest):
            setattr(args, dest, value)


def _leading_options(argv: Sequence[str]) -> _Front:
    """Split the command line at the command (argparse's own parse cannot tell what came
    before it)."""
    front = argparse.ArgumentParser(
        prog=PROG, add_help=False, argument_default=argparse.SUPPRESS, exit_on_error=False
    )
    wizard.add_start_arguments(front)
    front.add_argument("rest", nargs=argparse.REMAINDER)
    try:
        parsed, unknown = front.parse_known_args(argv)
    except argparse.ArgumentError:  # a bad value: the whole parser reports it, better
        return _Front({}, [], [])
    leading = vars(parsed)
    rest = leading.pop("rest", [])
    return _Front(leading, list(rest), unknown)


def _flag(dest: str) -> str:
    return "--" + dest.replace("_", "-")


def skip_pydantic_plugin_scan() -> None:
    """We use no pydantic plugins, but pydantic looks for them when it builds its first
    validator: it imports importlib.metadata and scans every installed package's entry points
    (10-20 ms of the wizard's start). The variable is read at that moment, so setting it here,
    before any command runs, is enough; a value the user set is kept."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")


def skip_httpx_command_line() -> None:
    """Importing httpx imports its own command-line client (click, rich, pygments: about
    0.1 s, a tenth of a 500-draft plan) whenever those are installed, as they are beside
    Textual. We never run it; marked absent before httpx is first imported, it is skipped
    and httpx defines the stand-in it has for installs without its `cli` extra. Rich itself
    still loads when the wizard needs it."""
    if "httpx" not in sys.modules:
        sys.modules.setdefault("httpx._main", None)  # type: ignore[assignment]


def expected_exit_code(exc: BaseException) -> int | None:
    """The exit code of an expected tui.core error, or None for a bug (an internal error)."""
    for cls in type(exc).__mro__:
        if cls.__module__.startswith("tui.") and cls.__name__ in EXPECTED_ERRORS:
            return EXPECTED_ERRORS[cls.__name__]
    return None


if __name__ == "__main__":
    sys.exit(main())
