"""Every step at 100x32 and 80x24, from a valid template (the blank start for Basics)."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.snapshots.apps import SIZE, SMALL, WITH_ERRORS, WITH_WARNINGS, app_for
from tests.ui.helpers import VALID_TEMPLATE

STEPS = ("basics", "bundle", "resources", "finetune", "params", "review")


@pytest.mark.parametrize("size", [SIZE, SMALL], ids=["100x32", "80x24"])
@pytest.mark.parametrize("step", STEPS)
def test_step(snap_compare, step: str, size: tuple[int, int]) -> None:
    """The step `step` of a valid template; the step list shows ✓/⚠ marks."""
    app = app_for(VALID_TEMPLATE)

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        pilot.app.wizard.show_step(step)
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=size)


def test_blank_basics(snap_compare) -> None:
    """A blank start: no errors shown before anything is touched."""
    assert snap_compare(app_for(None), run_before=_settle, terminal_size=SIZE)


def test_review_with_errors_and_warnings(snap_compare) -> None:
    """Errors (red) before warnings (yellow); Submit disabled."""
    app = app_for(WITH_ERRORS)

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        pilot.app.wizard.show_step("review")
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)


def test_resources_with_warnings(snap_compare) -> None:
    """Warnings under memory and gpu_type, in the warning colour."""
    app = app_for(WITH_WARNINGS)

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        pilot.app.wizard.show_step("resources")
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)


async def _settle(pilot: Pilot) -> None:
    await pilot.pause()
