"""Snapshots of step 6, Review."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.snapshots.apps import SIZE, SIZES, WITH_ERRORS, app_for, show
from tests.ui.helpers import VALID_TEMPLATE


@pytest.mark.parametrize("size", SIZES, ids=["100x32", "80x24"])
def test_review(snap_compare, size: tuple[int, int]) -> None:
    """Step 6, Review of a valid template, from its title down, the first field focused:
    no findings box, Submit / Save draft and Copy as JSON / curl / SDK on two
    rows, then the indented body.
    The step list (18 cells) shows ✓ marks; at 100x32 the JSON preview (about a third of
    the width) is indented and coloured, at 80x24 it is hidden and the form takes the rest.
    """

    async def run_before(pilot: Pilot) -> None:
        await show(pilot, "review")

    assert snap_compare(app_for(VALID_TEMPLATE), run_before=run_before, terminal_size=size)


def test_review_with_errors_and_warnings(snap_compare) -> None:
    """The red summary, then the findings list: errors (✗, red) before warnings (⚠, yellow),
    each "path: message"; Submit disabled (dim), Save draft and the copy buttons enabled."""

    async def run_before(pilot: Pilot) -> None:
        await show(pilot, "review")

    assert snap_compare(app_for(WITH_ERRORS), run_before=run_before, terminal_size=SIZE)
