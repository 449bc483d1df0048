"""`sgp-template`: the argparse front door.

Building the parser imports only argparse and the command modules' `add_arguments`; each
command imports what it needs when it runs, so `validate` never pays for httpx or Textual.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from tui import __version__
from tui.cli.commands import (
    delete,
    fields,
    listing,
    pull,
    schema,
    show,
    submit,
    validate,
    wizard,
)
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

    def add(name: str, help_text: str, configure: Callable[..., None], handler: Handler) -> None:
        sub = commands.add_parser(
            name,
            help=help_text,
            description=help_text[:1].upper() + help_text[1:] + ".",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        configure(sub)
        sub.set_defaults(handler=handler)

    add("new", wizard.NEW_HELP, wizard.add_new_arguments, wizard.run)
    add("edit", wizard.EDIT_HELP, wizard.add_edit_arguments, wizard.run)
    headless = {
        "validate": validate,
        "show": show,
        "submit": submit,
        "pull": pull,
        "list": listing,
        "delete": delete,
        "schema": schema,
        "fields": fields,
    }
    for name, module in headless.items():
        add(name, module.HELP, module.add_arguments, module.run)
    _add_sandbox(commands, argv)
    return parser


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


def expected_exit_code(exc: BaseException) -> int | None:
    """The exit code of an expected tui.core error, or None for a bug (which propagates)."""
    for cls in type(exc).__mro__:
        if cls.__module__.startswith("tui.") and cls.__name__ in EXPECTED_ERRORS:
            return EXPECTED_ERRORS[cls.__name__]
    return None


if __name__ == "__main__":
    sys.exit(main())
