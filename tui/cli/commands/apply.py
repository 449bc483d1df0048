"""`sgp-template apply PATH... | PLAN.json`: do what `plan` shows.

Creates the drafts that are missing through the idempotent submit (never a duplicate),
reports the ones already there, and acts on a drift only as --on-drift says: `fail`
(default: nothing is created), `skip`, or `create` (a new template; the old one stays).
A saved plan is applied only while it still matches the drafts and the server.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.cli.options import (
    API_ENV_HELP,
    add_api_arguments,
    add_outcome_arguments,
    add_override_arguments,
)

if TYPE_CHECKING:
    from tui.cli.api import Target
    from tui.cli.prepare import Prepared
    from tui.cli.progress import Progress
    from tui.core.client import SGPClient
    from tui.core.plan import Plan, PlannedDraft
    from tui.core.submit import KnownTemplates

HELP = "create what plan shows is missing (idempotent; drift only with --on-drift)"
ON_DRIFT = ("fail", "skip", "create")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        API_ENV_HELP
        + "PATH: draft files, folders searched recursively for *.toml drafts, or one plan\n"
        + "  saved by `sgp-template plan -o FILE` (refused once the drafts or server changed)\n"
        + "exit status: 0 applied, 1 invalid draft, stale plan or drift with --on-drift fail,\n"
        + "             2 usage error, 3 API failure, 130 interrupted\n"
    )
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="draft files or folders, or a saved plan"
    )
    parser.add_argument(
        "--on-drift",
        choices=ON_DRIFT,
        default="fail",
        help="a template of the draft's name exists but differs: fail (default; create "
        "nothing), skip it, or create a new template (the old one stays)",
    )
    add_outcome_arguments(parser, "created")
    add_override_arguments(parser)
    add_api_arguments(parser)


class Refused(Exception):
    """Nothing was created: a stale saved plan, or a drift with --on-drift fail."""

    def __init__(self, headline: str, reasons: list[str]) -> None:
        super().__init__("\n".join([headline, *(f"  {reason}" for reason in reasons)]))


@dataclass
class Applied:
    file: str
    status: str  # created | recovered | exists | skipped | failed
    id: str | None = None
    message: str = ""

    def line(self) -> str:
        shown = {"recovered": "created"}.get(self.status, self.status)
        tail = f": {self.message}" if self.status in ("skipped", "failed") else ""
        return f"{shown} {self.id or '-'}  {self.file}{tail}"

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "status": self.status, "id": self.id, "message": self.message}


def run(args: argparse.Namespace) -> int:
    from tui.cli.api import api_target, run_async
    from tui.cli.output import EXIT_API, EXIT_INVALID, EXIT_OK, note, print_json
    from tui.cli.progress import Progress
    from tui.cli.replay import draft_files, report_invalid

    saved = _saved_plan(args.paths)
    if saved is not None and not args.profile:
        args.profile = saved.profile  # the plan's profile unless one is named (then checked)
    files = [d.file for d in saved.drafts] if saved else draft_files(args.paths)
    progress = Progress(len(files))
    try:
        with api_target(args) as target:
            drafts, results = run_async(_apply(files, target, args, saved, progress))
    except Refused as refused:
        progress.close()
        note(str(refused))
        return EXIT_INVALID
    finally:
        progress.close()
    if results is None:
        report_invalid(drafts)
        return EXIT_INVALID
    if args.json:
        print_json([r.as_dict() for r in results])
    else:
        for result in results:
            print(result.line())
    return EXIT_API if any(r.status == "failed" for r in results) else EXIT_OK


def _saved_plan(paths: list[str]) -> Plan | None:
    """The saved plan when the only PATH is one (a JSON file), else None."""
    if len(paths) != 1 or not paths[0].endswith(".json"):
        return None
    from tui.cli.output import CliError
    from tui.core.plan import Plan, PlanFileError

    try:
        return Plan.from_json(Path(paths[0]).read_text(encoding="utf-8"))
    except OSError as exc:
        raise CliError(f"{paths[0]}: cannot be read: {exc.strerror or exc}") from None
    except PlanFileError as exc:
        raise CliError(f"{paths[0]}: {exc}") from None


async def _apply(
    files: list[str],
    target: Target,
    args: argparse.Namespace,
    saved: Plan | None,
    progress: Progress,
) -> tuple[list[Prepared], list[Applied] | None]:
    """The drafts, and what became of each (None: a draft is invalid, nothing was done)."""
    from tui.cli.api import open_client
    from tui.cli.commands.plan import make_plan_for
    from tui.cli.replay import prepare_while_listing
    from tui.core.plan import stale_reasons
    from tui.core.submit import KnownTemplates

    async with open_client(target.config) as client:
        known = KnownTemplates(client)  # filled by the plan's listing: no second listing
        drafts, listed = await prepare_while_listing(client, files, args, progress, known)
        if listed is None:
            return drafts, None
        plan = await make_plan_for(client, drafts, args, progress, known, listed)
        if saved is not None and (reasons := stale_reasons(saved, plan)):
            raise Refused("the saved plan no longer matches; run plan again", reasons)
        drifted = [d for d in plan.drafts if d.action == "drift"]
        if drifted and args.on_drift == "fail":
            raise Refused(
                f"{len(drifted)} draft(s) drifted; nothing was created (choose --on-drift "
                "skip or --on-drift create; `sgp-template diff DRAFT` shows the differences)",
                [d.summary() for d in drifted],
            )
        progress.reset(len(plan.drafts))
        return drafts, await _create_all(client, known, drafts, plan, args, progress)


async def _create_all(
    client: SGPClient,
    known: KnownTemplates,
    drafts: list[Prepared],
    plan: Plan,
    args: argparse.Namespace,
    progress: Progress,
) -> list[Applied]:
    import asyncio

    gate = asyncio.Semaphore(args.concurrency)
    by_file = {d.file: d for d in drafts}

    async def one(planned: PlannedDraft) -> Applied:
        if planned.action == "exists":
            result = Applied(planned.file, "exists", planned.template_id)
        elif planned.action == "drift" and args.on_drift == "skip":
            message = f"drifted from {planned.template_id} at {', '.join(planned.paths)}"
            result = Applied(planned.file, "skipped", planned.template_id, message)
        else:
            async with gate:
                result = await _create(client, known, by_file[planned.file])
        progress.count(result.status, advance=True)
        return result

    return list(await asyncio.gather(*(one(p) for p in plan.drafts)))


async def _create(client: SGPClient, known: KnownTemplates, draft: Prepared) -> Applied:
    from tui.cli.output import one_line
    from tui.cli.replay import scrub
    from tui.core.errors import SGPError
    from tui.core.submit import SubmitFailed, submit_template

    assert draft.body is not None
    try:
        outcome = await submit_template(client, draft.body, known=known)
    except (SubmitFailed, SGPError) as exc:
        return Applied(draft.file, "failed", message=scrub(one_line(str(exc)), draft.secrets))
    return Applied(draft.file, outcome.status, outcome.template.id, one_line(outcome.message))
