"""`sgp-template submit DRAFT...`: validate every draft, then create them concurrently.

All or nothing on validation: if any draft has errors (or warnings with --strict), nothing is
sent. Creation is idempotent (an identical template is reported as `exists`), and the draft
files are never modified.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui.cli.options import (
    API_ENV_HELP,
    EXIT_HELP,
    add_api_arguments,
    add_outcome_arguments,
    add_override_arguments,
)

if TYPE_CHECKING:
    from tui.cli.api import Target
    from tui.cli.prepare import Prepared

HELP = "validate drafts and create their templates (idempotent; concurrent)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        API_ENV_HELP
        + "  ${NAME} references in the drafts are resolved from the environment;\n"
        + "  an unset one is an error\n"
        + "all or nothing: if any draft is invalid, nothing is sent\n"
        + "the draft files are never modified\n"
        + EXIT_HELP
    )
    parser.add_argument("drafts", nargs="+", metavar="DRAFT", help="draft TOML files")
    parser.add_argument(
        "--dry-run", action="store_true", help="print the bodies (redacted) and send nothing"
    )
    add_outcome_arguments(parser, "submitted")
    parser.add_argument(
        "--force",
        action="store_true",
        help="create a new template even if an identical one exists",
    )
    parser.add_argument("--strict", action="store_true", help="refuse drafts with warnings too")
    add_override_arguments(parser)
    add_api_arguments(parser)


@dataclass
class Outcome:
    file: str
    status: str  # created | exists | recovered | failed | invalid | dry-run
    id: str | None = None
    message: str = ""
    findings: list[dict[str, Any]] | None = None  # an invalid draft's, with --json

    def line(self) -> str:
        if self.status in ("created", "recovered", "exists"):
            shown = "exists" if self.status == "exists" else "created"
            return f"{shown} {self.id}  {self.file}"
        return f"{self.status} {self.file}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        row = {"file": self.file, "status": self.status, "id": self.id, "message": self.message}
        return row if self.findings is None else {**row, "findings": self.findings}


def run(args: argparse.Namespace) -> int:
    from tui.cli import prepare
    from tui.cli.api import account_id_for, api_target, profile_name_of, run_async
    from tui.cli.output import EXIT_API, EXIT_INVALID, EXIT_OK

    overrides = prepare.parse_overrides(args.overrides)
    account_id = account_id_for(args)
    profile = profile_name_of(args)
    drafts = [
        prepare.resolve_and_check(prepare.load(f, overrides, account_id, profile))
        for f in args.drafts
    ]
    if any(d.failed(args.strict) for d in drafts):
        _report_invalid(drafts, args)
        return EXIT_INVALID
    if args.dry_run:
        _print_dry_run(drafts, args.json)
        return EXIT_OK
    with api_target(args) as target:
        outcomes = run_async(_submit_all(drafts, target, args.concurrency, args.force))
    _print_outcomes(outcomes, args.json)
    return EXIT_API if any(o.status == "failed" for o in outcomes) else EXIT_OK


def _report_invalid(drafts: list[Prepared], args: argparse.Namespace) -> None:
    """Each finding once: on stderr, or inside the JSON on stdout with --json."""
    from tui.cli.output import note

    outcomes = []
    for draft in drafts:
        if not draft.failed(args.strict):
            outcomes.append(Outcome(draft.file, "skipped", message="not sent (others invalid)"))
            continue
        problems = [f for f in draft.findings if args.strict or f["severity"] == "error"]
        if args.json:
            first = problems[0]
            reason = f"{first['path'] or '(draft)'}: {first['message']}"
            outcomes.append(Outcome(draft.file, "invalid", message=reason, findings=problems))
            continue
        for finding in draft.findings:
            where = finding["path"] or "(draft)"
            note(f"{draft.file}: {finding['severity']}: {where}: {finding['message']}")
        count = f"{len(problems)} finding{'s' if len(problems) != 1 else ''}"
        outcomes.append(Outcome(draft.file, "invalid", message=f"not sent ({count} above)"))
    _print_outcomes(outcomes, args.json)
    same = "sgp-template validate --require-env" + (" --strict" if args.strict else "")
    note(f"nothing was sent: fix the drafts above ({same}, with the same options, checks the same)")


def _print_dry_run(drafts: list[Prepared], as_json: bool) -> None:
    from tui.cli.output import print_json
    from tui.cli.prepare import display_body

    bodies = [(d.file, display_body(d.template or {})) for d in drafts]
    if as_json:
        print_json(
            [{**Outcome(f, "dry-run", message="not sent").as_dict(), "body": b} for f, b in bodies]
        )
        return
    from tui.core.render import to_json

    for file, body in bodies:
        print(f"# {file} (dry run: not sent)")
        print(to_json(body), end="")


async def _submit_all(
    drafts: list[Prepared], target: Target, concurrency: int, force: bool
) -> list[Outcome]:
    import asyncio

    from tui.cli.api import open_client
    from tui.core.submit import KnownTemplates

    gate = asyncio.Semaphore(concurrency)
    async with open_client(target.config) as client:
        known = KnownTemplates(client)  # one listing per account for the whole run

        async def one(draft: Prepared) -> Outcome:
            async with gate:
                return await _submit_one(client, draft, force, known)

        return list(await asyncio.gather(*(one(d) for d in drafts)))


async def _submit_one(client: Any, draft: Prepared, force: bool, known: Any) -> Outcome:
    from tui.cli.output import one_line
    from tui.core.errors import SGPError
    from tui.core.masking import mask, secrets_masked
    from tui.core.submit import SubmitFailed, submit_template

    assert draft.body is not None
    try:
        with secrets_masked(draft.secrets):  # errors quoting the body mask before shortening
            outcome = await submit_template(client, draft.body, force=force, known=known)
    except (SubmitFailed, SGPError) as exc:
        return Outcome(draft.file, "failed", message=mask(one_line(str(exc)), draft.secrets))
    template_id = outcome.template.id if outcome.template is not None else None
    message = one_line(outcome.message or "")
    if outcome.status == "exists":
        message += " (use --force to create another)"
    return Outcome(draft.file, outcome.status, template_id, message)


def _print_outcomes(outcomes: list[Outcome], as_json: bool) -> None:
    from tui.cli.output import print_json

    if as_json:
        print_json([o.as_dict() for o in outcomes])
    else:
        for outcome in outcomes:
            print(outcome.line())
