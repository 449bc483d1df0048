"""Snapshots of step 4, Fine-tuning."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.snapshots.apps import SIZES, app_for, show
from tests.ui.helpers import VALID_TEMPLATE


@pytest.mark.parametrize("size", SIZES, ids=["100x32", "80x24"])
def test_finetune(snap_compare, size: tuple[int, int]) -> None:
    """Step 4, Fine-tuning of a valid template, from its title down, the first field focused:
    the switch (off for this template) and nothing else required.
    The step list (18 cells) shows ✓ marks; at 100x32 the JSON preview (about a third of
    the width) is indented and coloured, at 80x24 it is hidden and the form takes the rest.
    """

    async def run_before(pilot: Pilot) -> None:
        await show(pilot, "finetune")

    assert snap_compare(app_for(VALID_TEMPLATE), run_before=run_before, terminal_size=size)
