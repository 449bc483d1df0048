"""Every step at 100x32 and 80x24, from a valid template (the blank start for Basics)."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.snapshots.apps import (
    SIZE,
    SMALL,
    WITH_ERRORS,
    WITH_WARNINGS,
    app_for,
    config,
    settle,
    show,
)
from tests.ui.helpers import VALID_TEMPLATE
from tui.app import make_app

STEPS = ("basics", "bundle", "resources", "finetune", "params", "review")


@pytest.mark.parametrize("size", [SIZE, SMALL], ids=["100x32", "80x24"])
@pytest.mark.parametrize("step", STEPS)
def test_step(snap_compare, step: str, size: tuple[int, int]) -> None:
    """The step `step` of a valid template, from its title down, the first field focused.

    The step list (18 cells) shows ✓ marks; at 100x32 the JSON preview (about a third of the
    width) is indented and coloured, at 80x24 it is hidden and the form takes the rest. The
    review shows no findings box, Submit / Save draft and Copy as JSON / curl / SDK on two
    rows, then the indented body.
    """

    async def run_before(pilot: Pilot) -> None:
        await show(pilot, step)

    assert snap_compare(app_for(VALID_TEMPLATE), run_before=run_before, terminal_size=size)


def test_blank_basics(snap_compare) -> None:
    """A blank start: no errors shown before anything is touched."""
    assert snap_compare(app_for(None), run_before=settle, terminal_size=SIZE)


def test_review_with_errors_and_warnings(snap_compare) -> None:
    """The red summary, then the findings list: errors (✗, red) before warnings (⚠, yellow),
    each "path: message"; Submit disabled (dim), Save draft and the copy buttons enabled."""

    async def run_before(pilot: Pilot) -> None:
        await show(pilot, "review")

    assert snap_compare(app_for(WITH_ERRORS), run_before=run_before, terminal_size=SIZE)


def test_resources_with_warnings(snap_compare) -> None:
    """Warnings under memory and gpu_type, in the warning colour."""

    async def run_before(pilot: Pilot) -> None:
        await show(pilot, "resources")

    assert snap_compare(app_for(WITH_WARNINGS), run_before=run_before, terminal_size=SIZE)


def test_preview_toml_with_long_lines(snap_compare) -> None:
    """The vLLM preset's draft as TOML (ctrl+t), headed "TOML draft": [tables] in bold, keys,
    strings and numbers in their colours, array items indented under their key; long lines
    are cut at the pane's edge (a horizontal scrollbar at its bottom), never wrapped."""
    app = make_app(preset="vllm-h100", config=config(), choose_start=False)

    async def run_before(pilot: Pilot) -> None:
        await show(pilot, "bundle")
        await pilot.press("ctrl+t")
        await settle(pilot)

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)
