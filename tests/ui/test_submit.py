"""Submitting from the wizard: a keyboard-only journey against the sandbox, and failures."""

from __future__ import annotations

import copy

import pytest

from tests.ui.helpers import (
    UNREACHABLE,
    VALID_TEMPLATE,
    error_text,
    rejecting_transport,
    unreachable_transport,
)
from tui.app import make_app
from tui.core.client import SGPClient
from tui.core.config import ClientConfig
from tui.core.submit import is_identical
from tui.sandbox import Sandbox

SIZE = (100, 32)


async def test_keyboard_only_journey_creates_the_template() -> None:
    with Sandbox(db=":memory:") as sandbox:
        config = sandbox.config(account_id="acct-1")
        app = make_app(config=config, target_label="local sandbox", choose_start=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press(*"journey")  # name (focused first)
            await pilot.press("tab", "tab")  # account id is prefilled; to endpoint type
            await pilot.press("enter")  # SYNC
            await pilot.press("tab", "enter")  # COMPLETION
            await pilot.press("ctrl+n")
            await pilot.pause()
            await pilot.press(*"reg.example.com", "tab", *"team/model", "tab", *"1.0", "tab")
            await pilot.press(*"serve --port 5005")
            await pilot.pause()
            await pilot.press("f6")
            await pilot.pause()
            assert app.wizard.current == "review"
            await pilot.press("f5")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            view = app.controller.result
            assert view is not None and view.kind == "created", view
            expected = app.session.body()
            # The Result step gets its mark; the id is shown once; one space after a label.
            await pilot.pause(0.2)
            assert app.wizard.step_list.state_of("result") == "valid"
            shown = str(app.wizard.query_one("#result-message").render())
            assert shown.count(view.template_id) == 1, shown
            assert "  " not in shown.replace(view.message, "")
        async with SGPClient(config) as client:
            created = await client.retrieve(view.template_id)
    # The server fills its defaults; what we sent must be exactly what it stored.
    assert is_identical(created, expected)
    assert created.name == "journey" and created.account_id == "acct-1"
    assert expected["vendor_configuration"]["bundle_config"]["command"] == [
        "serve",
        "--port",
        "5005",
    ]


async def test_second_submit_reports_the_existing_template() -> None:
    with Sandbox(db=":memory:") as sandbox:
        app = make_app(draft=VALID_TEMPLATE, config=sandbox.config(account_id="acct-1"))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            for _ in range(2):
                await app.submit()
                await pilot.pause()
                await app.workers.wait_for_complete()
                await pilot.pause()
            assert app.controller.result is not None and app.controller.result.kind == "exists"


async def test_a_422_shows_the_server_messages_under_the_fields() -> None:
    app = make_app(draft=VALID_TEMPLATE, config=UNREACHABLE, transport=rejecting_transport())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.submit()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.controller.result is not None and app.controller.result.kind == "rejected"
        assert app.wizard.current == "result"
        assert app.focused is not None and app.focused.id == "result-fix"
        assert "basics" in app.session.visited
        await pilot.press("enter")
        await pilot.pause()
        assert app.wizard.current == "basics"
        assert "name is taken" in error_text(app, "name")
        name_before = app.session.template["name"]
        await pilot.press("x")
        await pilot.pause()
        assert app.session.template["name"] == f"{name_before}x"


async def test_a_network_error_offers_retry() -> None:
    app = make_app(draft=VALID_TEMPLATE, config=UNREACHABLE, transport=unreachable_transport())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.submit()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.controller.result is not None and app.controller.result.kind == "network"
        assert app.wizard.query_one("#result-retry").display


async def test_missing_api_key_is_asked_for_and_kept_in_memory() -> None:
    config = ClientConfig(base_url="http://127.0.0.1:9", account_id="acct-1")
    app = make_app(draft=VALID_TEMPLATE, config=config)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.submit()
        await pilot.pause()
        assert app.screen.id == "api-key-dialog"
        from textual.widgets import Input

        key_input = app.screen.query_one(Input)
        assert key_input.password
        await pilot.press("escape")
        await pilot.pause()
        assert app.controller.config.api_key is None


async def test_review_names_variables_this_environment_lacks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The submit would stop on an unset ${NAME}: the review says so before it is pressed."""
    from textual.widgets import Static

    monkeypatch.delenv("REVIEW_TEST_TOKEN", raising=False)
    template = copy.deepcopy(VALID_TEMPLATE)
    template["vendor_configuration"]["bundle_config"]["env"] = {"T": "${REVIEW_TEST_TOKEN}"}
    app = make_app(draft=template, choose_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await app.wizard.show_step("review")
        await pilot.pause()
        summary = app.wizard.query_one("#review-summary", Static)
        assert "${REVIEW_TEST_TOKEN} not set in this environment" in str(summary.render())
        monkeypatch.setenv("REVIEW_TEST_TOKEN", "secret")
        await app.wizard.show_step("bundle")
        await pilot.pause()
        await app.wizard.show_step("review")
        await pilot.pause()
        assert "not set" not in str(summary.render())
