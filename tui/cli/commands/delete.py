"""`sgp-template delete TEMPLATE_ID`: remove a template (asks first on a terminal)."""

from __future__ import annotations

import argparse
import sys

from tui.cli.options import API_ENV_HELP, EXIT_HELP, add_api_arguments

HELP = "delete a model template"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = API_ENV_HELP + EXIT_HELP
    parser.add_argument("template_id", metavar="TEMPLATE_ID", help="the template's id")
    parser.add_argument(
        "--yes", "-y", action="store_true", help="do not ask (required without a terminal)"
    )
    parser.add_argument(
        "--json", action="store_true", help='print {"id": ..., "deleted": true|false} as JSON'
    )
    add_api_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from tui.cli.api import api_target, open_client, run_async
    from tui.cli.output import EXIT_OK, EXIT_USAGE, CliError, print_json

    if not args.yes and not sys.stdin.isatty():
        raise CliError("no terminal to confirm on: pass --yes to delete", EXIT_USAGE)

    async def delete(config: object) -> object:
        async with open_client(config) as client:  # type: ignore[arg-type]
            return await client.delete(args.template_id)

    with api_target(args) as target:
        if not args.yes and not _confirm(args.template_id, target.label):
            print("not deleted", file=sys.stderr)
            if args.json:
                print_json({"id": args.template_id, "deleted": False})
            return EXIT_OK
        run_async(delete(target.config))
    if args.json:
        print_json({"id": args.template_id, "deleted": True})
    else:
        print(f"deleted {args.template_id}")
    return EXIT_OK


def _confirm(template_id: str, label: str) -> bool:
    try:
        answer = input(f"Delete template {template_id} on {label}? [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")
