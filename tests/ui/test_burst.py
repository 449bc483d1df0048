"""Keys that arrive in one burst land exactly where they were typed.

A paste without bracketed paste, a laggy SSH link or `tmux send-keys -l` delivers many keys
before the wizard has handled the first. The terminal driver posts each key to the app as
soon as it is read, so these tests post them the same way (`app.post_message`, no pause in
between), rather than `pilot.press`, which waits for each key to be handled.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from tests.ui.helpers import BUNDLE, ENDPOINT, VALID_TEMPLATE, field
from tui.app import WizardApp, make_app
from tui.core.session import VC

SIZE = (100, 32)
LONG_TEXT = ("abcdefghijklmnopqrstuvwxyz-0123456789" * 6)[:210]
"""More than 200 keys, no two neighbours alike (a reordering shows)."""


def key_event(character: str) -> events.Key:
    """The Key event the driver posts for a typed character (named as Textual names it)."""
    if character.isalnum():
        name = character
    elif character == " ":
        name = "space"
    else:
        name = unicodedata.name(character).lower().replace(" ", "_").replace("-", "_")
    return events.Key(name, character)


def burst(app: WizardApp, *keys: str | events.Key) -> None:
    """Post every key at once, as the driver does for input read in one go."""
    for key in keys:
        if isinstance(key, events.Key):
            app.post_message(key)
        else:
            for character in key:
                app.post_message(key_event(character))


TAB = events.Key("tab", "\t")
CTRL_O = events.Key("ctrl+o", None)


async def settle(pilot: Pilot[Any]) -> None:
    for _ in range(3):
        await pilot.pause(0.05)
    await pilot.wait_for_scheduled_animations()


async def test_burst_into_the_first_text_field_then_tab_and_more() -> None:
    app = make_app(choose_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert field(app, "name").control.has_focus
        burst(app, LONG_TEXT, TAB, "acct-" + LONG_TEXT)
        await settle(pilot)
        burst(app, "X")
        await settle(pilot)
        assert field(app, "name").control.value == LONG_TEXT
        assert app.session.get("name") == LONG_TEXT
        assert app.session.get("account_id") == "acct-" + LONG_TEXT + "X"


async def test_two_bursts_into_an_empty_field() -> None:
    """The issue's case: `ab` as one burst, then `X`, gave `aXb`."""
    app = make_app(choose_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, "ab")
        await settle(pilot)
        burst(app, "X")
        await settle(pilot)
        assert app.session.get("name") == "abX"


async def test_burst_into_integer_and_command_fields() -> None:
    app = make_app(draft={**VALID_TEMPLATE, VC: {"bundle_config": {}, "endpoint_config": {}}})
    async with app.run_test(size=SIZE) as pilot:
        await app.wizard.show_step("resources")
        await settle(pilot)
        digits = ("1234567890" * 21)[:205]
        field(app, f"{ENDPOINT}.cpus").control.focus()
        await settle(pilot)
        burst(app, digits, TAB, digits[:50])
        await settle(pilot)
        assert field(app, f"{ENDPOINT}.cpus").control.value == digits
        assert app.session.get(f"{ENDPOINT}.cpus") == int(digits)
        assert app.session.get(f"{ENDPOINT}.memory") == digits[:50]

        await app.wizard.show_step("bundle")
        await settle(pilot)
        words = " ".join(f"--opt{n} v{n}" for n in range(30))
        command_input = field(app, f"{BUNDLE}.command").control.query_one(Input)
        command_input.focus()
        await settle(pilot)
        burst(app, "python -m serve " + words, TAB)
        await settle(pilot)
        assert app.session.get(f"{BUNDLE}.command") == ["python", "-m", "serve", *words.split()]


async def test_burst_into_env_cells_after_adding_a_row() -> None:
    """The issue's case: ctrl+o, F, Tab, 9 as one burst made a row named F9."""
    app = make_app(draft=VALID_TEMPLATE)
    async with app.run_test(size=SIZE) as pilot:
        await app.wizard.show_step("bundle")
        await settle(pilot)
        editor = field(app, f"{BUNDLE}.env").control
        editor.focus()
        await settle(pilot)
        burst(app, CTRL_O, "F", TAB, "9")
        await settle(pilot)
        assert app.session.get(f"{BUNDLE}.env") == {"F": "9"}
        key = "K" + LONG_TEXT.upper().replace("-", "_")
        burst(app, CTRL_O, key, TAB, LONG_TEXT, CTRL_O, "SECOND", TAB, "2")
        await settle(pilot)
        assert app.session.get(f"{BUNDLE}.env") == {"F": "9", key: LONG_TEXT, "SECOND": "2"}


ENTER = events.Key("enter", "\r")


async def test_burst_with_enter_moving_through_env_cells() -> None:
    """Enter moves to the row's next cell (then a new row): the keys after it in the same
    burst belong there, not to the cell Enter was pressed in."""
    app = make_app(draft=VALID_TEMPLATE)
    async with app.run_test(size=SIZE) as pilot:
        await app.wizard.show_step("bundle")
        await settle(pilot)
        editor = field(app, f"{BUNDLE}.env").control
        editor.focus()
        await settle(pilot)
        burst(app, CTRL_O, "NAME", ENTER, LONG_TEXT, ENTER, "SECOND", ENTER, "2")
        await settle(pilot)
        assert app.session.get(f"{BUNDLE}.env") == {"NAME": LONG_TEXT, "SECOND": "2"}


async def test_burst_into_parameter_cells() -> None:
    app = make_app(draft=VALID_TEMPLATE)
    async with app.run_test(size=SIZE) as pilot:
        await app.wizard.show_step("params")
        await settle(pilot)
        table = app.wizard.query_one("#params-request")
        table.focus()
        await settle(pilot)
        name = "p_" + LONG_TEXT.replace("-", "_")
        # name, Tab to the type, Tab past the row buttons to the description.
        burst(app, CTRL_O, name)
        await settle(pilot)
        rows = table.rows  # type: ignore[attr-defined]
        rows[-1].description_input.focus()
        await settle(pilot)
        burst(app, LONG_TEXT, TAB)
        await settle(pilot)
        params = app.session.get("model_request_parameters_schema.parameters")
        assert params[-1]["name"] == name
        assert params[-1]["description"] == LONG_TEXT


async def test_burst_of_a_full_image_reference_then_tab_and_more() -> None:
    app = make_app(draft={**VALID_TEMPLATE, VC: {"bundle_config": {}}})
    async with app.run_test(size=SIZE) as pilot:
        await app.wizard.show_step("bundle")
        await settle(pilot)
        image = "team/" + LONG_TEXT
        field(app, f"{BUNDLE}.registry").control.focus()
        await settle(pilot)
        burst(app, f"registry.example.com/{image}:1.0", TAB, "-x")
        await settle(pilot)
        assert app.session.get(f"{BUNDLE}.registry") == "registry.example.com"
        assert app.session.get(f"{BUNDLE}.image") == image + "-x"
        assert app.session.get(f"{BUNDLE}.tag") == "1.0"
        assert field(app, f"{BUNDLE}.image").control.value == image + "-x"
