"""`sgp-template fields [PATH]`: what each template field means, from the models themselves.

The titles, help texts, kinds, defaults and choices are the ones the wizard shows; nothing
here is written twice.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.core.fields import FieldSpec

HELP = "explain the template's fields (every one, or one dotted PATH)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path",
        nargs="?",
        metavar="PATH",
        help="a field path such as vendor_configuration.endpoint_config.gpu_type",
    )
    parser.add_argument("--json", action="store_true", help="print the specs as JSON")


def run(args: argparse.Namespace) -> int:
    from tui.cli.output import EXIT_OK, EXIT_USAGE, CliError, print_json
    from tui.core.fields import field_spec, iter_paths

    paths = [args.path.removeprefix("template.")] if args.path else iter_paths()
    try:
        specs = [field_spec(path) for path in paths]
    except (KeyError, ValueError) as exc:
        raise CliError(_unknown(paths[0], exc), EXIT_USAGE) from None
    if args.json:
        print_json([_as_dict(spec) for spec in specs])
    elif args.path:
        print(_details(specs[0]))
    else:
        print(_overview(specs))
    return EXIT_OK


def _unknown(path: str, exc: Exception) -> str:
    import difflib

    from tui.core.fields import iter_paths

    close = difflib.get_close_matches(path, iter_paths(), n=1)
    hint = f"did you mean {close[0]}?" if close else "`sgp-template fields` lists them all"
    reason = exc.args[0] if exc.args else str(exc)
    return f"unknown field: {reason}; {hint}"


def _default_text(spec: FieldSpec) -> str:
    from tui.core.fields import REQUIRED

    if spec.default is REQUIRED:
        return "required"
    if spec.default is None or spec.kind == "model":
        return "optional"
    return f"default {spec.default!r}"


def _overview(specs: list[FieldSpec]) -> str:
    from tui.cli.output import table

    rows = [[spec.path, spec.kind, _default_text(spec), spec.title] for spec in specs]
    return table(rows, ["PATH", "KIND", "DEFAULT", "TITLE"])


def _details(spec: FieldSpec) -> str:
    lines = [
        f"{spec.path}  ({spec.title})",
        f"  kind: {spec.kind}, {_default_text(spec)}",
        f"  {spec.help}",
    ]
    lines += [f"    {choice:<28} {spec.describe_choice(choice)}" for choice in spec.choices]
    return "\n".join(lines)


def _as_dict(spec: FieldSpec) -> dict[str, Any]:
    from tui.core.fields import REQUIRED

    return {
        "path": spec.path,
        "title": spec.title,
        "help": spec.help,
        "kind": spec.kind,
        "required": spec.required,
        "default": None if spec.default is REQUIRED else spec.default,
        "choices": {choice: spec.describe_choice(choice) for choice in spec.choices},
    }
