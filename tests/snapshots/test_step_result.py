"""Snapshots of step 7, Result, in each state (a MockTransport answers; fixed id and time)."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.snapshots.apps import SIZE, SMALL, app_for, settle
from tests.ui.helpers import VALID_TEMPLATE

FIRST_ACTION = {
    "created": "copy-id",
    "exists": "copy-id",
    "rejected": "fix",
    "network": "retry",
    "auth": "api-key",
}


def _submitting(kind: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.app.submit()
        await settle(pilot)
        # A rejected submit also asks to focus the first bad field on its (hidden) step, and
        # that request races the Result's own focus (see the report on app.show_result).
        # Settle on the result's first action, where focus belongs, so every run is equal.
        first = pilot.app.screen.query_one(f"#result-{FIRST_ACTION[kind]}")
        first.focus(scroll_visible=False)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("kind", ["created", "exists", "rejected", "network", "auth"])
def test_result(snap_compare, kind: str) -> None:
    """Title in green (created, exists) or red, then the details and the next actions, the
    most useful one first and focused.

    created: the new id and created_at, Copy id / Start another. exists: the existing
    identical template's id, nothing created. rejected: the server's 422 messages, Fix the
    fields / Back to review. network: what to check, Retry. auth: the 401 message, Enter API
    key / Retry / Back to review, all three buttons on one row.
    """
    app = app_for(VALID_TEMPLATE, kind)
    assert snap_compare(app, run_before=_submitting(kind), terminal_size=SIZE)


def test_result_rejected_small(snap_compare) -> None:
    """At 80x24 (no preview) the 422 message wraps inside the form and both buttons show."""
    app = app_for(VALID_TEMPLATE, "rejected")
    assert snap_compare(app, run_before=_submitting("rejected"), terminal_size=SMALL)
