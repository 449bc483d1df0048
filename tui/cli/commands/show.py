"""`sgp-template show DRAFT`: the exact request body, as JSON, TOML, curl or Python."""

from __future__ import annotations

import argparse
import os

from tui.cli.options import (
    DRAFT_ENV_HELP,
    EXIT_HELP,
    add_account_argument,
    add_override_arguments,
    add_profile_arguments,
)

HELP = "print the request body a draft makes (json, toml, curl or python)"
FORMATS = ("json", "toml", "curl", "python")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        DRAFT_ENV_HELP
        + "  SGP_CLIENT_BASE_URL  base URL used in the curl and python snippets\n"
        + "  (no secret is ever shown: snippets read $SGP_API_KEY and each ${NAME} when they\n"
        + "  run; json shows ${NAME} values as ***, toml keeps the ${NAME} references)\n"
        + EXIT_HELP
    )
    parser.add_argument("draft", metavar="DRAFT", help="a draft TOML file")
    parser.add_argument(
        "--format", "-f", choices=FORMATS, default="json", help="output format (default: json)"
    )
    parser.add_argument("--base-url", metavar="URL", help="base URL for curl/python snippets")
    add_account_argument(parser)
    add_profile_arguments(parser)
    add_override_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from tui.cli import prepare
    from tui.cli.api import account_id_for, profile_name_of
    from tui.cli.output import EXIT_INVALID, EXIT_OK, CliError, note
    from tui.core.config import ClientConfig
    from tui.core.render import render

    overrides = prepare.parse_overrides(args.overrides)
    account_id = account_id_for(args)
    profile = profile_name_of(args)
    result = prepare.check(prepare.load(args.draft, overrides, account_id, profile))
    if result.template is None:
        raise CliError(f"{args.draft}: {result.findings[0]['message']}")
    for notice in result.notices:
        note(f"{args.draft}: {notice}")
    base_url = ClientConfig.from_env(os.environ, base_url=args.base_url).base_url
    body = prepare.request_body(result.template)  # render keeps every secret out
    print(render(body, args.format, base_url=base_url, account_id=account_id), end="")
    for finding in result.findings:
        note(
            f"{args.draft}: {finding['severity']}: {finding['path'] or '(draft)'}: "
            f"{finding['message']}"
        )
    if result.errors:
        note(f"{args.draft}: the API would reject this body; fix the errors above")
        return EXIT_INVALID
    return EXIT_OK
