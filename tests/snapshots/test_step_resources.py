"""Snapshots of step 3, Resources."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.snapshots.apps import SIZE, SIZES, WITH_WARNINGS, app_for, show
from tests.ui.helpers import VALID_TEMPLATE


@pytest.mark.parametrize("size", SIZES, ids=["100x32", "80x24"])
def test_resources(snap_compare, size: tuple[int, int]) -> None:
    """Step 3, Resources of a valid template, from its title down, the first field focused:
    CPUs, memory, storage, GPUs with the GPU-type limits note, the autoscaling
    fields and the endpoint type that follows step 1.
    The step list (18 cells) shows ✓ marks; at 100x32 the JSON preview (about a third of
    the width) is indented and coloured, at 80x24 it is hidden and the form takes the rest.
    """

    async def run_before(pilot: Pilot) -> None:
        await show(pilot, "resources")

    assert snap_compare(app_for(VALID_TEMPLATE), run_before=run_before, terminal_size=size)


def test_resources_with_warnings(snap_compare) -> None:
    """Warnings under memory and gpu_type, in the warning colour."""

    async def run_before(pilot: Pilot) -> None:
        await show(pilot, "resources")

    assert snap_compare(app_for(WITH_WARNINGS), run_before=run_before, terminal_size=SIZE)
