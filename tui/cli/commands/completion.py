"""`sgp-template completion SHELL`: a completion script for bash, zsh or fish (shtab).

The script is generated from the full parser (every command's flags: main.py builds only
the chosen command's at start-up, so this command asks for all of them), then sourced by the
shell; normal starts never load shtab. Profile names are the one dynamic part: the script
asks `sgp-template completion --list-profiles` when completing --profile.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator

HELP = "print a shell completion script (bash, zsh or fish)"
SHELLS = ("bash", "zsh", "fish")
LIST_PROFILES = "completion --list-profiles"

DRAFT_DESTS = {"draft", "drafts"}
"""Positional arguments that take a draft file (completed as *.toml files and folders)."""
PATH_DESTS = {"paths", "output", "config", "sandbox_db", "db"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "install:\n"
        "  bash: sgp-template completion bash > ~/.local/share/bash-completion/completions/"
        "sgp-template\n"
        "  zsh:  sgp-template completion zsh > ~/.zfunc/_sgp-template  (~/.zfunc in $fpath)\n"
        "  fish: sgp-template completion fish > ~/.config/fish/completions/sgp-template.fish\n"
    )
    parser.add_argument("shell", metavar="SHELL", nargs="?", choices=SHELLS, help="bash|zsh|fish")
    parser.add_argument(
        "--list-profiles",
        action="store_true",
        help=argparse.SUPPRESS,  # used by the scripts to complete --profile
    )
    parser.add_argument("--config", metavar="FILE", help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    from tui.cli.output import EXIT_OK, EXIT_USAGE, CliError

    if args.list_profiles:
        from tui.core.profiles import profile_names

        print("\n".join(profile_names(args.config)))
        return EXIT_OK
    if args.shell is None:
        raise CliError(f"name a shell: {', '.join(SHELLS)}", EXIT_USAGE)
    print(completion_script(args.shell), end="")
    return EXIT_OK


def completion_script(shell: str) -> str:
    import shtab

    from tui.cli.main import full_parser
    from tui.cli.output import PROG

    parser = full_parser()
    drafts = shtab.glob("*.toml")
    profiles = shtab.cmd(f"{PROG} {LIST_PROFILES} 2>/dev/null")
    for action in _all_actions(parser):
        if action.dest in DRAFT_DESTS:
            action.complete = drafts  # type: ignore[attr-defined]
        elif action.dest in PATH_DESTS:
            action.complete = shtab.FILE  # type: ignore[attr-defined]
        elif action.dest == "profile":
            action.complete = profiles  # type: ignore[attr-defined]
    return str(shtab.complete(parser, shell=shell))


def _all_actions(parser: argparse.ArgumentParser) -> Iterator[argparse.Action]:
    for action in parser._actions:  # argparse has no public accessor for a parser's actions
        yield action
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                yield from _all_actions(sub)
