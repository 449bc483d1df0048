"""The friction found on a new user's journey (issue 9, section 4), each one fixed."""

from __future__ import annotations

import copy

from tests.ui.helpers import ENDPOINT, VALID_TEMPLATE, error_text, field
from tests.ui.test_burst import burst, settle
from tui.app import make_app

SIZE = (100, 32)


async def test_a_number_field_keeps_what_was_typed_and_says_why_it_is_wrong() -> None:
    app = make_app(draft=VALID_TEMPLATE)
    async with app.run_test(size=SIZE) as pilot:
        await app.wizard.show_step("resources")
        await settle(pilot)
        cpus = field(app, f"{ENDPOINT}.cpus")
        cpus.control.focus()
        await settle(pilot)
        burst(app, "2.5")
        await settle(pilot)
        assert cpus.control.value == "2.5"
        assert app.session.get(f"{ENDPOINT}.cpus") == "2.5"
        assert "must be a whole number (got 2.5)" in error_text(app, f"{ENDPOINT}.cpus")
        cpus.control.value = ""
        burst(app, "4x")
        await settle(pilot)
        assert cpus.control.value == "4x"
        assert "must be a whole number (got a string '4x')" in error_text(app, f"{ENDPOINT}.cpus")


def _template_with_env(value: str) -> dict:
    template = copy.deepcopy(VALID_TEMPLATE)
    template["vendor_configuration"]["bundle_config"]["env"] = {"HF_TOKEN": value}
    return template


async def test_toasts_do_not_cover_the_footer() -> None:
    from tui.widgets.key_footer import KeyFooter

    for size in ((100, 32), (80, 24)):
        app = make_app(draft=VALID_TEMPLATE)
        async with app.run_test(size=size, notifications=True) as pilot:
            await settle(pilot)
            app.notify("A notice long enough to need a second line in the toast, at least.")
            await settle(pilot)
            footer = app.wizard.query_one(KeyFooter).region
            toasts = list(app.screen.query("Toast"))
            assert toasts
            for toast in toasts:
                assert not toast.region.overlaps(footer), (size, toast.region, footer)


async def test_editing_a_missing_file_says_it_is_a_new_draft(tmp_path) -> None:
    path = tmp_path / "missing.toml"
    app = make_app(draft_path=path)
    shown: list[str] = []
    notify = app.notify
    app.notify = lambda message, **kw: (shown.append(message), notify(message, **kw))[1]  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    assert any("does not exist yet" in m and "new draft" in m for m in shown), shown
    assert app.session.draft_path == path and not path.exists()


def _notes(app) -> list[str]:  # type: ignore[no-untyped-def]
    """Record the app's notifications (what the user is told)."""
    shown: list[str] = []
    notify = app.notify

    def record(message: str, **kwargs: object) -> None:
        shown.append(message)
        notify(message, **kwargs)  # type: ignore[arg-type]

    app.notify = record
    return shown


async def test_keys_that_cannot_act_say_why() -> None:
    from tui.screens.dialogs import ChoiceDialog

    app = make_app(choose_start=False)  # a blank template: errors
    shown = _notes(app)
    async with app.run_test(size=(80, 24)) as pilot:  # narrow: the preview is hidden
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert any("error(s) first" in m for m in shown), shown
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert any("hidden below 96 columns" in m for m in shown), shown
        await pilot.press("f7")  # the copy dialog
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("ctrl+c")
        await settle(pilot)
        assert not isinstance(app.screen, ChoiceDialog)


async def test_review_is_not_ready_with_an_unset_variable_and_takes_a_session_value(
    tmp_path, monkeypatch
) -> None:
    from textual.widgets import Input

    from tui.core.interpolation import resolve
    from tui.core.recovery import RecoveryStore

    monkeypatch.delenv("H9_TOKEN", raising=False)
    store = RecoveryStore(tmp_path)
    app = make_app(draft=_template_with_env("${H9_TOKEN}"), recovery=store)
    async with app.run_test(size=SIZE) as pilot:
        await app.wizard.show_step("review")
        await settle(pilot)
        summary = str(app.wizard.query_one("#review-summary").render())
        assert "Not ready" in summary and "${H9_TOKEN}" in summary
        assert app.wizard.query_one("#review-submit").disabled
        await pilot.press("ctrl+r")  # submit: refused, saying why
        await settle(pilot)
        assert app.controller.result is None
        await pilot.click("#review-variables")
        await settle(pilot)
        prompt = app.screen.query_one("#prompt-input", Input)
        assert prompt.password  # masked
        prompt.value = "s3cret-value"
        await pilot.press("enter")
        await settle(pilot)
        summary = str(app.wizard.query_one("#review-summary").render())
        assert "Ready to submit" in summary
        assert not app.wizard.query_one("#review-submit").disabled
        body = resolve(app.session.body(), app.controller.environment)
        assert body["vendor_configuration"]["bundle_config"]["env"]["HF_TOKEN"] == "s3cret-value"
        app.session.set("name", "dirty-now")
        app.autosave_now()
        assert list(tmp_path.glob("session-*.toml"))  # the autosave ran
    # Never written: not in the template, the autosave or anywhere in the state folder.
    assert app.session.get("vendor_configuration.bundle_config.env.HF_TOKEN") == "${H9_TOKEN}"
    for file in tmp_path.rglob("*"):
        if file.is_file():
            assert b"s3cret-value" not in file.read_bytes()
