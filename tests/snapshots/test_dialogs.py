"""The dialogs: start chooser, quit guard, save as, help, API key, restore."""

from __future__ import annotations

import time

from textual.pilot import Pilot

from tests.snapshots.apps import SIZE, SMALL, app_for, config, settle
from tests.ui.helpers import VALID_TEMPLATE
from tui.app import make_app
from tui.core.recovery import RecoveryStore


def _pressing(*keys: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


def test_start_chooser(snap_compare) -> None:
    """A blank start offers: blank, the three presets, a draft file, a template by id; the
    list has focus with "Blank template" highlighted."""
    app = make_app(config=config())
    assert snap_compare(app, run_before=_pressing(), terminal_size=SIZE)


def test_quit_guard(snap_compare) -> None:
    """ctrl+q with unsaved changes asks first: Save (focused), Quit without saving, Cancel,
    all on one row inside the dialog."""
    app = app_for(VALID_TEMPLATE)
    app.session.dirty = True
    assert snap_compare(app, run_before=_pressing("ctrl+q"), terminal_size=SIZE)


def test_save_as(snap_compare) -> None:
    """F3 asks for a path, prefilled from the template's name (demo.toml), OK / Cancel; no
    empty error line between the field and the buttons."""
    assert snap_compare(app_for(VALID_TEMPLATE), run_before=_pressing("f3"), terminal_size=SIZE)


def test_help(snap_compare) -> None:
    """F1 on Basics: the step's help as wrapped prose, then the key table with its two
    columns intact (no wrapped rows), and Close at the bottom."""
    assert snap_compare(app_for(VALID_TEMPLATE), run_before=_pressing("f1"), terminal_size=SIZE)


def test_help_small(snap_compare) -> None:
    """At 80x24 the help fills the screen without side borders: the whole key table fits
    unwrapped, the text scrolls, and Close is still visible."""
    assert snap_compare(app_for(VALID_TEMPLATE), run_before=_pressing("f1"), terminal_size=SMALL)


def test_api_key_prompt(snap_compare) -> None:
    """Submitting without a key asks for it: the target named, a masked (empty) field with
    focus, OK / Cancel."""
    app = make_app(draft=VALID_TEMPLATE, config=config().__class__(account_id="acct-1"))

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.app.submit()
        await settle(pilot)

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)


def test_restore_offer(snap_compare, monkeypatch) -> None:
    """The offer names the template and a fixed time (UTC, clock patched): Restore (focused)
    or Discard."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setattr(time, "time", lambda: 1_767_225_600.0)
    RecoveryStore().save(VALID_TEMPLATE, None)
    app = make_app(config=config(), choose_start=False)
    assert snap_compare(app, run_before=_pressing(), terminal_size=SIZE)
