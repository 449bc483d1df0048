"""`sgp-template pull TEMPLATE_ID`: an existing template becomes a draft."""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.cli.options import API_ENV_HELP, EXIT_HELP, add_api_arguments

HELP = "fetch a template and write it as a draft (to stdout, or -o FILE)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = API_ENV_HELP + EXIT_HELP
    parser.add_argument("template_id", metavar="TEMPLATE_ID", help="the template's id")
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write the draft here (default: print it)"
    )
    parser.add_argument("--force", action="store_true", help="overwrite an existing FILE")
    parser.add_argument(
        "--keep-secret-values",
        action="store_true",
        help="write env values whose names look like secrets (TOKEN, KEY, PASSWORD...) as "
        "stored, in plain text (default: as ${NAME} references to export)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print {id, file, draft} as JSON (the draft as data; FILE is still written)",
    )
    add_api_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from tui.cli.api import api_target, open_client, run_async
    from tui.cli.output import EXIT_OK, CliError, note, print_json
    from tui.core.drafts import Draft, draft_data, dumps_draft, save_draft

    output = Path(args.output) if args.output else None
    if output is not None and output.exists() and not args.force:
        raise CliError(f"{output} already exists; pass --force to overwrite it")

    async def fetch(target_config: object) -> dict:
        async with open_client(target_config) as client:  # type: ignore[arg-type]
            template = await client.retrieve(args.template_id)
        return template.request_body()

    with api_target(args) as target:
        body = run_async(fetch(target.config))
    exported: dict[str, str] = {}
    if not args.keep_secret_values:
        from tui.core.interpolation import secret_env_as_references

        body, exported = secret_env_as_references(body)
    draft = Draft(template=body)
    if args.json:
        file = str(output) if output is not None else None
        print_json({"id": args.template_id, "file": file, "draft": draft_data(draft)})
    if output is None:
        if not args.json:
            print(dumps_draft(draft), end="")
    else:
        save_draft(output, draft)
        note(f"wrote {output} (template {args.template_id} from {target.label})")
    if exported:
        note(
            "env values that look like secrets were written as ${NAME} references; to "
            "submit this draft, export " + ", ".join(f"{n} (for {p})" for n, p in exported.items())
        )
    _warn_about_env_values(body)
    return EXIT_OK


def _warn_about_env_values(body: dict) -> None:
    """The server stores env values resolved, so a value sent from ${NAME} comes back in
    plain text: say which ones the draft holds before it is committed somewhere."""
    from tui.cli.output import note
    from tui.core.interpolation import ENV_TABLES, names_in

    vendor = body.get("vendor_configuration", {})
    for key in ENV_TABLES:
        env = (vendor.get(key) or {}).get("env") or {}
        names = sorted(k for k, v in env.items() if not (isinstance(v, str) and names_in(v)))
        if names:
            note(
                f"{key}.env holds the values the server stored ({', '.join(names)}); replace "
                "secrets with ${NAME} references before you share or commit this draft"
            )
