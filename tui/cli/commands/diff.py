"""`sgp-template diff DRAFT [TEMPLATE_ID]`: what differs between a draft and a template.

Both bodies get the server's defaults first, so only real differences show. Exit codes
follow diff(1): 0 same, 1 different, 2 trouble.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from tui.cli.options import API_ENV_HELP, add_api_arguments, add_override_arguments

if TYPE_CHECKING:
    from tui.cli.api import Target
    from tui.cli.prepare import Prepared
    from tui.core.models import ModelTemplate

HELP = "show field by field how a draft differs from a template on the server"
EXIT_SAME, EXIT_DIFFERENT, EXIT_TROUBLE = 0, 1, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        API_ENV_HELP
        + "compares the body the draft makes (after --profile overrides and --set/--unset) with\n"
        + "the template TEMPLATE_ID, or the newest template of the draft's name in its account\n"
        + "exit status: 0 same, 1 different, 2 trouble (unreadable draft, no template, API)\n"
    )
    parser.add_argument("draft", metavar="DRAFT", help="a draft TOML file")
    parser.add_argument(
        "template_id",
        metavar="TEMPLATE_ID",
        nargs="?",
        help="the template to compare with (default: the newest one with the draft's name)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print {file, template_id, same, changes} as JSON"
    )
    add_override_arguments(parser)
    add_api_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from tui.cli.replay import with_exit_code

    return with_exit_code(lambda: _run(args), EXIT_TROUBLE)


def _run(args: argparse.Namespace) -> int:
    from tui.cli.api import api_target, run_async
    from tui.cli.output import CliError, print_json
    from tui.cli.replay import prepare_drafts, report_invalid, scrub
    from tui.core.diffing import diff_bodies, render_unified

    (draft,) = prepare_drafts([args.draft], args)
    if report_invalid([draft]):
        return EXIT_TROUBLE
    assert draft.body is not None
    with api_target(args) as target:
        template = run_async(_fetch(target, draft, args.template_id))
    if template is None:
        raise CliError(
            f"{args.draft}: no template named {draft.body.get('name')!r} in account "
            f"{draft.body.get('account_id') or target.config.account_id} ({target.label}); "
            "`sgp-template plan` shows it would be created"
        )
    changes = diff_bodies(template.request_body(), draft.body)
    if args.json:
        result: dict[str, Any] = {
            "file": args.draft,
            "template_id": template.id,
            "same": not changes,
            "changes": [c.as_dict() for c in changes],
        }
        print_json(scrub(result, draft.secrets))
    elif changes:
        old = f"{template.id} ({target.label})"
        print(render_unified(changes, old, args.draft, lambda s: scrub(s, draft.secrets)), end="")
    return EXIT_DIFFERENT if changes else EXIT_SAME


async def _fetch(target: Target, draft: Prepared, template_id: str | None) -> ModelTemplate | None:
    """The template by id, or the newest one of the draft's name in the draft's account."""
    from tui.cli.api import open_client
    from tui.core.submit import account_of

    assert draft.body is not None
    async with open_client(target.config) as client:
        if template_id:
            return await client.retrieve(template_id)
        name = draft.body.get("name")
        account = account_of(draft.body, client)
        listed = client.iter_listed(account_id=account)
        same = [t.template() async for t in listed if t.name == name]  # only these are read
    return max(same, key=lambda t: (t.created_at, t.id), default=None)
