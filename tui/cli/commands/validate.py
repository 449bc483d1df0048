"""`sgp-template validate DRAFT...`: check drafts offline, as the API and Launch would."""

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
from tui.cli.prepare import Prepared

HELP = "check drafts against the API schema (errors) and Launch's rules (warnings)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = DRAFT_ENV_HELP + EXIT_HELP
    parser.add_argument("drafts", nargs="+", metavar="DRAFT", help="draft TOML files")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.add_argument(
        "--require-env",
        action="store_true",
        help="check as submit does: an unset ${NAME} variable is an error and the values "
        "are checked resolved (by default unset variables are listed as 'unset' and fail "
        "nothing)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print a JSON list of {file, path, severity, message[, fix]}",
    )
    add_account_argument(parser)
    add_profile_arguments(parser)
    add_override_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from tui.cli import prepare
    from tui.cli.api import account_id_for, profile_name_of
    from tui.cli.output import EXIT_INVALID, EXIT_OK, note, print_json

    overrides = prepare.parse_overrides(args.overrides)
    account_id = account_id_for(args)
    profile = profile_name_of(args)
    loaded = [prepare.load(f, overrides, account_id, profile) for f in args.drafts]
    if args.require_env:  # exactly what submit checks, resolved values included
        results = [prepare.resolve_and_check(p) for p in loaded]
    else:
        results = [prepare.check_environment(prepare.check(p), os.environ) for p in loaded]
    for result in results:
        for notice in result.notices:
            note(f"{result.file}: {notice}")
    if args.json:
        print_json([{"file": r.file, **f} for r in results for f in r.findings + r.unset])
    else:
        print(human_report(results, args.strict))
    return EXIT_INVALID if any(r.failed(args.strict) for r in results) else EXIT_OK


def human_report(results: list[Prepared], strict: bool) -> str:
    lines = []
    for result in results:
        lines.append(f"{result.file}: {_verdict(result, strict)}")
        for finding in result.findings + result.unset:
            where = finding["path"] or "(draft)"
            lines.append(f"  {finding['severity']:<7}  {where}: {finding['message']}")
    failed = sum(r.failed(strict) for r in results)
    total = len(results)
    noun = "draft" if total == 1 else "drafts"
    lines.append(f"{total} {noun} checked: {total - failed} ok, {failed} failed")
    return "\n".join(lines)


def _verdict(result: Prepared, strict: bool) -> str:
    counts = {
        "error": len(result.errors),
        "warning": len(result.warnings),
        "unset variable": len(result.unset),
    }
    parts = [f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in counts.items() if n]
    if not parts:
        return "ok"
    status = "failed" if result.failed(strict) else "ok"
    return f"{status} ({', '.join(parts)})"
