"""`sgp-template plan PATH...`: what `apply` would do to each draft, without doing it.

Per draft: exists (the identical template's id), create, or drift (a template of that name
exists but differs: the field paths). Exit codes in the style of `terraform plan
-detailed-exitcode`: 0 nothing to do, 2 something to create or a drift, 1 error.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.options import API_ENV_HELP, add_api_arguments, add_override_arguments

if TYPE_CHECKING:
    from tui.cli.api import Target
    from tui.cli.prepare import Prepared
    from tui.cli.progress import Progress
    from tui.core.client import SGPClient
    from tui.core.plan import ByName, Plan
    from tui.core.submit import KnownTemplates

HELP = "show what apply would do for each draft: exists, create or drift"
EXIT_NOTHING, EXIT_ERROR, EXIT_CHANGES = 0, 1, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        API_ENV_HELP
        + "PATH: draft files, or folders searched recursively for *.toml drafts\n"
        + "drift: a template of the draft's name exists but differs; templates cannot be\n"
        + "  updated in place, so apply acts on a drift only by --on-drift skip|create\n"
        + "exit status: 0 nothing to do, 2 something to create or a drift, 1 error\n"
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="draft files or folders")
    parser.add_argument("--json", action="store_true", help="print one JSON object per draft")
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="also save the plan as JSON, for `sgp-template apply FILE` (which refuses it "
        "once the drafts or the server changed)",
    )
    add_override_arguments(parser)
    add_api_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from tui.cli.replay import collector_paused, with_exit_code

    with collector_paused():
        return with_exit_code(lambda: _run(args), EXIT_ERROR)


def _run(args: argparse.Namespace) -> int:
    from tui.cli.api import api_target, open_client, run_async
    from tui.cli.output import note, print_json
    from tui.cli.progress import Progress
    from tui.cli.replay import draft_files, prepare_while_listing, report_invalid

    files = draft_files(args.paths)
    progress = Progress(len(files))
    try:
        with api_target(args) as target:

            async def plan_all() -> tuple[list[Prepared], Plan | None]:
                async with open_client(target.config) as client:
                    drafts, listed = await prepare_while_listing(client, files, args, progress)
                    if listed is None:
                        return drafts, None
                    plan = await make_plan_for(client, drafts, args, progress, listed=listed)
                    return drafts, plan

            drafts, plan = run_async(plan_all())
    finally:
        progress.close()
    if plan is None:
        report_invalid(drafts)
        return EXIT_ERROR
    if args.output:
        Path(args.output).write_text(plan.to_json(), encoding="utf-8")
        note(f"wrote the plan to {args.output} (apply it with: sgp-template apply {args.output})")
    if args.json:
        print_json([d.as_dict() for d in plan.drafts])
    else:
        for planned in plan.drafts:
            print(planned.summary())
        print(summary_line(plan, target))
    return EXIT_CHANGES if plan.has_changes else EXIT_NOTHING


async def make_plan_for(
    client: SGPClient,
    drafts: list[Prepared],
    args: argparse.Namespace,
    progress: Progress | None = None,
    known: KnownTemplates | None = None,
    listed: Mapping[str | None, ByName] | None = None,
) -> Plan:
    """The plan of `drafts` (shared with apply); accounts in `listed` are not listed again."""
    from tui.cli.api import profile_name_of
    from tui.cli.replay import draft_inputs
    from tui.core.plan import make_plan

    inputs = draft_inputs(drafts)
    plan = await make_plan(client, inputs, profile_name_of(args), known, listed)
    if progress is not None:
        progress.reset(len(plan.drafts))
        for planned in plan.drafts:
            progress.count(planned.action, advance=True)
    return plan


def summary_line(plan: Plan, target: Target) -> str:
    counts = plan.counts()
    return (
        f"plan ({target.label}): {counts['create']} to create, "
        f"{counts['drift']} drifted, {counts['exists']} already there"
    )
