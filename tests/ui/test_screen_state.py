"""The wizard screen's state is reactive and its requests are messages (no calls into the app)."""

from __future__ import annotations

import copy
from typing import Any

from textual.app import App
from textual.message import Message

from tests.ui.helpers import VALID_TEMPLATE, field
from tui.app import make_app
from tui.controller import WizardController
from tui.core.config import ClientConfig
from tui.core.session import EditSession
from tui.screens.wizard import WizardScreen
from tui.widgets.preview import Preview

SIZE = (120, 36)


class BareApp(App[None]):
    """Any app can host the screen: it only has to answer the screen's requests."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[Message] = []
        session = EditSession(copy.deepcopy(VALID_TEMPLATE))
        self.controller = WizardController(session, ClientConfig(account_id="acct-1"))

    def get_default_screen(self) -> WizardScreen:
        return WizardScreen(self.controller)

    def on_wizard_screen_save_requested(self, message: WizardScreen.SaveRequested) -> None:
        self.requests.append(message)

    def on_wizard_screen_submit_requested(self, message: WizardScreen.SubmitRequested) -> None:
        self.requests.append(message)

    def on_wizard_screen_copy_requested(self, message: WizardScreen.CopyRequested) -> None:
        self.requests.append(message)

    def on_wizard_screen_help_requested(self, message: WizardScreen.HelpRequested) -> None:
        self.requests.append(message)


async def test_the_screen_asks_its_app_by_messages() -> None:
    app = BareApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s", "f3", "f7", "f1", "ctrl+r")
        await pilot.pause()
        kinds = [type(message).__name__ for message in app.requests]
        assert kinds == [
            "SaveRequested",
            "SaveRequested",
            "CopyRequested",
            "HelpRequested",
            "SubmitRequested",
        ]
        save, save_as, copy_menu, help_request = app.requests[:4]
        assert isinstance(save, WizardScreen.SaveRequested) and not save.as_new
        assert isinstance(save_as, WizardScreen.SaveRequested) and save_as.as_new
        assert isinstance(copy_menu, WizardScreen.CopyRequested) and copy_menu.fmt is None
        assert isinstance(help_request, WizardScreen.HelpRequested)
        assert help_request.step == "basics"


async def test_can_submit_follows_the_errors() -> None:
    app = make_app(draft=VALID_TEMPLATE, config=ClientConfig(account_id="acct-1"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        assert app.wizard.can_submit
        await app.wizard.show_step("resources")
        await pilot.pause()
        cpus = field(app, "vendor_configuration.endpoint_config.cpus").control
        cpus.focus()
        await pilot.press(*"2.5")
        await pilot.pause(0.2)
        assert not app.wizard.can_submit
        await pilot.press("backspace", "backspace")
        await pilot.pause(0.2)
        assert app.session.get("vendor_configuration.endpoint_config.cpus") == 2
        assert app.wizard.can_submit


async def test_the_preview_format_is_the_screens_reactive() -> None:
    app = make_app(draft=VALID_TEMPLATE, config=ClientConfig(account_id="acct-1"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        preview = app.wizard.query_one(Preview)
        assert app.wizard.preview_format == "json" and preview.text.startswith("{")
        await pilot.press("ctrl+t")
        await pilot.pause(0.2)
        assert app.wizard.preview_format == "toml" and preview.format == "toml"
        assert 'name = "demo"' in preview.text
        header: Any = app.wizard.query_one("#preview-header")
        assert "TOML" in str(header.render())
