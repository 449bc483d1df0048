"""The dialogs: start chooser, quit guard, save as, help, API key, restore."""

from __future__ import annotations

import time

from textual.pilot import Pilot

from tests.snapshots.apps import SIZE, app_for, config
from tests.ui.helpers import VALID_TEMPLATE
from tui.app import make_app
from tui.core.recovery import RecoveryStore


def _pressing(*keys: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    return run_before


def test_start_chooser(snap_compare) -> None:
    app = make_app(config=config())
    assert snap_compare(app, run_before=_pressing(), terminal_size=SIZE)


def test_quit_guard(snap_compare) -> None:
    app = app_for(VALID_TEMPLATE)
    app.session.dirty = True
    assert snap_compare(app, run_before=_pressing("ctrl+q"), terminal_size=SIZE)


def test_save_as(snap_compare) -> None:
    assert snap_compare(app_for(VALID_TEMPLATE), run_before=_pressing("f3"), terminal_size=SIZE)


def test_help(snap_compare) -> None:
    assert snap_compare(app_for(VALID_TEMPLATE), run_before=_pressing("f1"), terminal_size=SIZE)


def test_api_key_prompt(snap_compare) -> None:
    app = make_app(draft=VALID_TEMPLATE, config=config().__class__(account_id="acct-1"))

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        pilot.app.submit()
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)


def test_restore_offer(snap_compare, monkeypatch) -> None:
    """The offer names the template and a fixed time (UTC, clock patched)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setattr(time, "time", lambda: 1_767_225_600.0)
    RecoveryStore().save(VALID_TEMPLATE, None)
    app = make_app(config=config(), choose_start=False)
    assert snap_compare(app, run_before=_pressing(), terminal_size=SIZE)
