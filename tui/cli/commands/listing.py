"""`sgp-template list`: every template the key can see (all pages)."""

from __future__ import annotations

import argparse

from tui.cli.options import API_ENV_HELP, EXIT_HELP, add_api_arguments

HELP = "list model templates (all pages) as a table or JSON"
COLUMNS = ("ID", "NAME", "ENDPOINT", "MODEL", "CREATED")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = API_ENV_HELP + EXIT_HELP
    parser.add_argument("--json", action="store_true", help="print the templates as JSON")
    add_api_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from tui.cli.api import api_target, open_client, run_async
    from tui.cli.output import EXIT_OK, print_json, table

    async def fetch_all(config: object) -> list:
        async with open_client(config) as client:  # type: ignore[arg-type]
            return [t async for t in client.iter_templates(account_id=args.account_id)]

    with api_target(args) as target:
        templates = run_async(fetch_all(target.config))
    if args.json:
        print_json([t.model_dump(mode="json") for t in templates])
    else:
        rows = [(t.id, t.name, t.endpoint_type, t.model_type, t.created_at) for t in templates]
        print(table(rows, COLUMNS) if rows else f"no templates ({target.label})")
    return EXIT_OK
