"""The Result step in each state (a MockTransport answers; fixed id and time)."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.snapshots.apps import SIZE, app_for
from tests.ui.helpers import VALID_TEMPLATE


@pytest.mark.parametrize("kind", ["created", "exists", "rejected", "network"])
def test_result(snap_compare, kind: str) -> None:
    """created: id + time; exists: the existing id; rejected: server messages; network: retry."""
    app = app_for(VALID_TEMPLATE, kind)

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        pilot.app.submit()
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        pilot.app.wizard.show_step("result", focus=False)
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)
