"""Snapshots of step 1, Basics."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.snapshots.apps import SIZE, SIZES, app_for, settle, show
from tests.ui.helpers import VALID_TEMPLATE


@pytest.mark.parametrize("size", SIZES, ids=["100x32", "80x24"])
def test_basics(snap_compare, size: tuple[int, int]) -> None:
    """Step 1, Basics of a valid template, from its title down, the first field focused:
    name, account, the endpoint type and model type option lists with the selected
    option highlighted, the protocol select.
    The step list (18 cells) shows ✓ marks; at 100x32 the JSON preview (about a third of
    the width) is indented and coloured, at 80x24 it is hidden and the form takes the rest.
    """

    async def run_before(pilot: Pilot) -> None:
        await show(pilot, "basics")

    assert snap_compare(app_for(VALID_TEMPLATE), run_before=run_before, terminal_size=size)


def test_blank_basics(snap_compare) -> None:
    """A blank start: no errors shown before anything is touched."""
    assert snap_compare(app_for(None), run_before=settle, terminal_size=SIZE)
