"""The interactive entry points: `sgp-template`, `new` and `edit`.

They need a terminal. Without one (stdin or stdout not a TTY, TERM=dumb, SGP_NO_PROMPT or
CI set) they fail at once, naming the headless commands, and never import Textual.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.options import API_ENV_HELP, EXIT_HELP, add_api_arguments

if TYPE_CHECKING:
    from tui.core.config import ClientConfig

NEW_HELP = "start the wizard on a new draft (optionally from a preset or a template)"
EDIT_HELP = "open a draft in the wizard"
WIZARD_ENV_HELP = (
    API_ENV_HELP
    + "  SGP_NO_PROMPT        set to refuse the interactive wizard (as CI=true or TERM=dumb do)\n"
)
HEADLESS_HINT = (
    "the wizard needs an interactive terminal; without one use the headless commands: "
    "sgp-template validate | show | submit | pull | list | delete | schema (see --help)"
)


def add_new_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = WIZARD_ENV_HELP + EXIT_HELP
    add_start_arguments(parser)


def add_start_arguments(parser: argparse.ArgumentParser) -> None:
    """Where a new draft starts, and which server it goes to (also on the bare command)."""
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--preset", metavar="NAME", help="start from a built-in preset")
    source.add_argument(
        "--from-template", metavar="ID", help="start from an existing template on the server"
    )
    add_api_arguments(parser)


def add_edit_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = WIZARD_ENV_HELP + EXIT_HELP
    parser.add_argument("draft", metavar="DRAFT", help="the draft TOML file to edit")
    add_api_arguments(parser)


def interactive_blocker(environ: Mapping[str, str], stdin_tty: bool, stdout_tty: bool) -> str:
    """Why the wizard cannot run here ("" when it can)."""
    if not stdin_tty or not stdout_tty:
        return "stdin or stdout is not a terminal"
    if environ.get("TERM", "") == "dumb":
        return "TERM=dumb"
    for name in ("SGP_NO_PROMPT", "CI"):
        if environ.get(name, "").strip().lower() not in ("", "0", "false", "no"):
            return f"{name} is set"
    return ""


def run(args: argparse.Namespace) -> int:
    from tui.cli.output import EXIT_USAGE, CliError

    reason = interactive_blocker(os.environ, sys.stdin.isatty(), sys.stdout.isatty())
    if reason:
        raise CliError(f"{HEADLESS_HINT} ({reason})", EXIT_USAGE)
    draft = getattr(args, "draft", None)
    return _run_wizard(
        args,
        draft_path=Path(draft) if draft else None,
        preset=getattr(args, "preset", None),
        template_id=getattr(args, "from_template", None),
    )


def _run_wizard(
    args: argparse.Namespace,
    *,
    draft_path: Path | None,
    preset: str | None,
    template_id: str | None,
) -> int:
    # Start-up allocates a great many objects and frees few, so the cyclic garbage collector
    # would run about a hundred times before the first frame and find little (~50 ms). It is
    # paused until the wizard's first frame is painted (WizardApp resumes it) or this returns.
    gc.disable()
    try:
        from tui.app import run_wizard
        from tui.cli.api import account_id_for, api_target

        with api_target(args, ready=False) as target:
            config = target.config
            if config.account_id is None:
                # On the sandbox, start with its own account filled in (one-command journey).
                config = dataclasses.replace(config, account_id=account_id_for(args))
            return run_wizard(
                draft_path=draft_path,
                preset=preset,
                template_id=template_id,
                config=config,
                target_label=target.label,
                targets=ProfileTargets.for_args(args),
            )
    finally:
        gc.enable()


class ProfileTargets:
    """The targets the wizard can switch to: the config file's profiles, with this command's
    flags and SGP_* variables still winning over a profile (as in every command)."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args

    @classmethod
    def for_args(cls, args: argparse.Namespace) -> ProfileTargets | None:
        """None with --sandbox: the user chose the local server, and a profile must not send
        the work elsewhere by a slip in the palette."""
        return None if getattr(args, "sandbox", False) else cls(args)

    def names(self) -> list[str]:
        """The config file's profile names (none when it is missing)."""
        from tui.core.profiles import profile_names

        return profile_names(getattr(self.args, "config", None))

    def target(self, name: str) -> tuple[ClientConfig, str]:
        """The configuration and label for profile `name` (ProfileError if it is unknown)."""
        from tui.cli.api import client_config, target_label

        chosen = {k: v for k, v in vars(self.args).items() if k != "loaded_profile"}
        config = client_config(argparse.Namespace(**{**chosen, "profile": name}))
        return config, target_label(config, name)
