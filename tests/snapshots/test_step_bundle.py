"""Snapshots of step 2, Bundle."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.snapshots.apps import SIZE, SIZES, app_for, config, settle, show
from tests.ui.helpers import VALID_TEMPLATE
from tui.app import make_app


@pytest.mark.parametrize("size", SIZES, ids=["100x32", "80x24"])
def test_bundle(snap_compare, size: tuple[int, int]) -> None:
    """Step 2, Bundle of a valid template, from its title down, the first field focused:
    registry/image/tag, the command and streaming command with their parsed
    argument lists, the env editor, the routes.
    The step list (18 cells) shows ✓ marks; at 100x32 the JSON preview (about a third of
    the width) is indented and coloured, at 80x24 it is hidden and the form takes the rest.
    """

    async def run_before(pilot: Pilot) -> None:
        await show(pilot, "bundle")

    assert snap_compare(app_for(VALID_TEMPLATE), run_before=run_before, terminal_size=size)


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
