"""`sgp-template schema`: the draft's JSON Schema, for editors (taplo, Even Better TOML)."""

from __future__ import annotations

import argparse

HELP = "print the draft file's JSON Schema (for editor completion and checks)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "Save it and point a draft at it with a first line like\n"
        "  #:schema ./sgp-template.schema.json\n"
    )


def run(args: argparse.Namespace) -> int:
    from tui.cli.output import EXIT_OK, print_json
    from tui.core.schema import draft_json_schema

    print_json(draft_json_schema())
    return EXIT_OK
