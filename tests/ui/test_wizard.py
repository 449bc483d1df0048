"""Behaviour of the wizard, driven with Pilot."""

from __future__ import annotations

import re
from pathlib import Path

from textual import events
from textual.binding import Binding
from textual.widgets import Input

from tests.ui.helpers import (
    BUNDLE,
    ENDPOINT,
    VALID_TEMPLATE,
    error_text,
    field,
    type_into,
    wait_until,
)
from tui.app import WizardApp, make_app
from tui.core.drafts import load_draft
from tui.core.recovery import RecoveryStore
from tui.screens.dialogs import ChoiceDialog

SIZE = (100, 32)


async def test_navigation_keeps_values() -> None:
    app = make_app(choose_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, app, "name", "kept")
        await pilot.press("ctrl+n", "ctrl+n")  # errors: the second press moves on
        await pilot.pause()
        assert app.wizard.current == "bundle"
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert app.wizard.current == "basics"
        assert field(app, "name").control.value == "kept"
        assert app.session.get("name") == "kept"


async def test_next_past_errors_needs_a_second_press() -> None:
    app = make_app(choose_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f9")
        await pilot.pause()
        assert app.wizard.current == "basics"
        assert "required" in error_text(app, "name")
        await pilot.press("f9")
        await pilot.pause()
        assert app.wizard.current == "bundle"


async def test_live_errors_appear_after_touch_and_clear() -> None:
    app = make_app(draft=VALID_TEMPLATE)
    async with app.run_test(size=SIZE) as pilot:
        await app.wizard.show_step("resources")
        await pilot.pause()
        await type_into(pilot, app, f"{ENDPOINT}.memory", "8gb")
        assert "Kubernetes quantity" in error_text(app, f"{ENDPOINT}.memory")
        assert field(app, f"{ENDPOINT}.memory").has_class("-warning")
        await pilot.press("backspace", "backspace", "i", "G")  # 8Gi? no: 8iG
        await pilot.pause()
        field(app, f"{ENDPOINT}.memory").control.value = "8Gi"
        await pilot.pause()
        assert error_text(app, f"{ENDPOINT}.memory") == ""


async def test_untouched_fields_show_no_errors() -> None:
    app = make_app(choose_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert error_text(app, "name") == ""
        await type_into(pilot, app, "name", "x")
        field(app, "name").control.value = ""
        await pilot.pause()
        assert "required" in error_text(app, "name")


async def test_submit_is_gated_by_errors() -> None:
    app = make_app(choose_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # The key stays live (pressing it says what to fix) but nothing is sent.
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.wizard.current == "basics" and not app.wizard.submitting
        assert app.controller.result is None
        await app.load_template(VALID_TEMPLATE, dirty=True)
        await pilot.pause()
        assert app.wizard.check_action("submit", ()) is True
        app.wizard.submitting = True
        assert app.wizard.check_action("submit", ()) is None  # one submit at a time


async def test_save_and_reopen_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "draft.toml"
    app = make_app(draft=VALID_TEMPLATE, draft_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, app, "name", "renamed")
        assert app.session.dirty
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.session.dirty
    assert load_draft(path).draft.template["name"] == "renamed"
    reopened = make_app(draft_path=path)
    async with reopened.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert field(reopened, "name").control.value == "renamed"
        await reopened.wizard.show_step("bundle")  # steps are mounted on their first visit
        await pilot.pause()
        assert field(reopened, f"{BUNDLE}.tag").control.value == "1.0"


async def test_opening_a_draft_with_findings_lands_on_its_step(tmp_path: Path) -> None:
    broken = {**VALID_TEMPLATE, "vendor_configuration": {"bundle_config": {"registry": "r"}}}
    path = tmp_path / "broken.toml"
    from tui.core.drafts import Draft, save_draft

    save_draft(path, Draft(template=broken))
    app = make_app(draft_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.wizard.current == "bundle"
        assert "required" in error_text(app, f"{BUNDLE}.image")


async def test_save_as_asks_for_a_path(tmp_path: Path) -> None:
    app = make_app(draft=VALID_TEMPLATE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        prompt = app.screen.query_one("#prompt-input", Input)
        prompt.value = str(tmp_path / "new.toml")
        await pilot.press("enter")
        await pilot.pause()
    assert load_draft(tmp_path / "new.toml").draft.template == VALID_TEMPLATE


async def test_autosave_then_restore(tmp_path: Path) -> None:
    app = make_app(draft=VALID_TEMPLATE)
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, app, "name", "unsaved-work")
        app.autosave_now()
    found = RecoveryStore().find_recoverable()
    assert found is not None and found.template["name"] == "unsaved-work"

    again = make_app(choose_start=False)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, ChoiceDialog)
        await pilot.click("#choice-restore")
        await pilot.pause()
        assert again.session.get("name") == "unsaved-work"
        assert field(again, "name").control.value == "unsaved-work"


async def test_quit_guard_asks_when_dirty() -> None:
    app = make_app(draft=VALID_TEMPLATE)
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, app, "name", "changed")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog) and app.screen.id == "quit-dialog"
        await pilot.click("#choice-cancel")
        await pilot.pause()
        assert app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#choice-discard")
        await pilot.pause()
    assert app.return_value == 0


async def test_quit_guard_is_usable_with_the_arrow_keys() -> None:
    app = make_app(draft=VALID_TEMPLATE)
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, app, "name", "changed")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.screen.focused is not None and app.screen.focused.id == "choice-save"
        await pilot.press("right")
        assert app.screen.focused.id == "choice-discard"
        await pilot.press("left", "right", "enter")
        await pilot.pause()
    assert app.return_value == 0


async def test_quit_without_changes_exits_at_once() -> None:
    app = make_app(draft=VALID_TEMPLATE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f12")
        await pilot.pause()
    assert app.return_value == 0


async def test_pasting_an_image_reference_fills_three_fields() -> None:
    app = make_app(choose_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await app.wizard.show_step("bundle")
        await pilot.pause()
        control = field(app, f"{BUNDLE}.registry").control
        control.focus()
        control.post_message(events.Paste("123.dkr.ecr.us-west-2.amazonaws.com/team/vllm:0.6.3"))
        await pilot.pause()
        assert app.session.get(BUNDLE) == {
            "registry": "123.dkr.ecr.us-west-2.amazonaws.com",
            "image": "team/vllm",
            "tag": "0.6.3",
        }
        assert field(app, f"{BUNDLE}.tag").control.value == "0.6.3"


async def test_gpu_type_is_enabled_and_required_with_gpus() -> None:
    app = make_app(draft=VALID_TEMPLATE)
    async with app.run_test(size=SIZE) as pilot:
        await app.wizard.show_step("resources")
        await pilot.pause()
        gpu_type = field(app, f"{ENDPOINT}.gpu_type")
        assert gpu_type.control.disabled
        await type_into(pilot, app, f"{ENDPOINT}.gpus", "1")
        assert not gpu_type.control.disabled
        assert "required" in error_text(app, f"{ENDPOINT}.gpu_type")


async def test_fine_tuning_switch_adds_and_removes_the_section() -> None:
    app = make_app(draft=VALID_TEMPLATE)
    async with app.run_test(size=SIZE) as pilot:
        await app.wizard.show_step("finetune")
        await pilot.pause()
        await pilot.click("#ft-enabled")
        await pilot.pause()
        assert app.session.get("vendor_configuration.fine_tuning_job_bundle_config") == {}
        assert app.session.report.errors
        await pilot.click("#ft-enabled")
        await pilot.pause()
        assert app.session.get("vendor_configuration.fine_tuning_job_bundle_config") is None
        assert not app.session.report.errors


async def test_review_finding_jumps_to_its_field() -> None:
    broken = {**VALID_TEMPLATE, "name": 5}
    app = make_app(draft=broken)
    async with app.run_test(size=SIZE) as pilot:
        await app.wizard.show_step("review")
        await pilot.pause()
        findings = app.wizard.query_one("#review-findings")
        findings.focus()
        findings.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert app.wizard.current == "basics"
        assert app.focused is field(app, "name").control


async def test_parameter_tables_edit_the_schemas() -> None:
    from tui.widgets.param_table import ParameterTable

    app = make_app(draft=VALID_TEMPLATE)
    async with app.run_test(size=SIZE) as pilot:
        await app.wizard.show_step("params")
        await pilot.pause()
        table = app.wizard.query_one("#params-request", ParameterTable)
        rows = [
            {"name": "temperature", "type": "float", "description": "", "required": False},
            {"name": "temperature", "type": "float", "description": "", "required": False},
        ]
        table.post_message(ParameterTable.Changed(table, rows))
        await pilot.pause()
        assert app.session.get("model_request_parameters_schema.parameters") == rows
        assert any(
            f.path == "model_request_parameters_schema.parameters.1.name"
            for f in app.session.report.warnings
        )
        steps = app.wizard.query_one("#steps")
        await wait_until(pilot, lambda: steps.state_of("params") == "warnings")
        table.post_message(ParameterTable.Changed(table, []))
        await wait_until(pilot, lambda: app.session.get("model_request_parameters_schema") is None)


async def test_the_footer_shows_every_key_whole_at_100_and_80_columns() -> None:
    from tui.widgets.key_footer import KeyFooter

    wanted = {
        "Help", "Back", "Next", "Save", "Save as", "JSON/TOML", "Submit", "Review", "Copy",
        "Quit", "palette",
    }  # fmt: skip
    for size in ((100, 32), (80, 24)):
        app = make_app(choose_start=False)
        async with app.run_test(size=size) as pilot:
            footer = app.screen.query_one(KeyFooter)
            for _ in range(50):  # the footer composes its keys after the first refresh
                await pilot.pause(0.05)
                if footer.children and all(key.region.width for key in footer.children):
                    break
            keys = list(footer.children)
            shown = {
                key.description
                for key in keys
                if key.region.width
                and key.region.right <= size[0]
                and key.region.width >= len(key.key_display) + len(key.description)
            }
            assert shown == wanted, (size, wanted ^ shown)
            regions = [key.region for key in keys]
            assert not any(a.overlaps(b) for a in regions for b in regions if a is not b)


def test_every_binding_has_an_id_and_an_f_key() -> None:
    from tui.screens.wizard import WizardScreen
    from tui.widgets.key_value import KeyValueEditor
    from tui.widgets.param_table import ParameterTable

    owners = (WizardApp, WizardScreen, KeyValueEditor, ParameterTable)
    bindings = [b for owner in owners for b in owner.BINDINGS if isinstance(b, Binding)]
    assert {b.action for b in bindings} >= {"command_palette", "quit", "help", "submit"}
    for binding in bindings:
        if binding.action.startswith("app.focus_"):
            continue  # Tab and shift+Tab: Textual's own keys, kept in key order
        keys = binding.key.split(",")
        assert binding.id, binding
        assert any(re.fullmatch(r"(shift\+)?f\d+", key) for key in keys), binding
        # The step jumps' footer entry is the step list; every other key has its own.
        footer_elsewhere = binding.id in ("app.palette", "wizard.steps")  # the step list
        assert binding.show or binding.action.startswith("goto(") or footer_elsewhere


async def test_the_key_table_is_the_keys_in_force_and_fits_the_help_dialog() -> None:
    """F1's table is built from the active bindings: after a remap it shows the new key."""
    from tui.keymap import ROW_KEYS_HELP, key_table

    app = make_app(draft=VALID_TEMPLATE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.set_keymap({"wizard.next": "ctrl+j,f9"})
        await pilot.pause()
        table = key_table(app.screen.active_bindings)
    lines = table.splitlines()
    assert max(len(line) for line in [*lines, *ROW_KEYS_HELP.splitlines()]) <= 72
    next_line = next(line for line in lines if line.rstrip().endswith("Next"))
    assert "ctrl+j" in next_line and "f9" in next_line and "ctrl+n" not in next_line
    for key in ("f3", "f4", "f6", "ctrl+p", "ctrl+l", "alt+N"):
        assert key in table, key


async def test_f_key_aliases_jump_to_steps_and_open_the_palette() -> None:
    from textual.command import CommandPalette

    app = make_app(draft=VALID_TEMPLATE)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("shift+f3")
        await pilot.pause()
        assert app.wizard.current == "resources"
        await pilot.press("alt+1")
        await pilot.pause()
        assert app.wizard.current == "basics"
        await pilot.press("f10")
        await pilot.pause()
        assert CommandPalette.is_open(app)


async def test_saving_an_opened_draft_keeps_its_schema_line(tmp_path: Path) -> None:
    from tui.core.drafts import Draft, save_draft

    path = tmp_path / "d.toml"
    save_draft(path, Draft(VALID_TEMPLATE, schema_url="./sgp-template.schema.json"))
    app = make_app(draft_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, app, "name", "renamed")
        await pilot.press("ctrl+s")
        await pilot.pause()
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#:schema ./sgp-template.schema.json")
    assert load_draft(path).draft.template["name"] == "renamed"


async def test_saving_an_opened_draft_keeps_its_profiles(tmp_path: Path) -> None:
    """The wizard edits [template]; a draft's [profiles.NAME] tables must survive its save."""
    from tui.core.drafts import Draft, save_draft

    path = tmp_path / "draft.toml"
    profiles = {"production": {"vendor_configuration": {"endpoint_config": {"max_workers": 8}}}}
    save_draft(path, Draft(template=VALID_TEMPLATE, profiles=profiles))
    app = make_app(draft_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, app, "name", "renamed")
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = load_draft(path).draft
    assert saved.template["name"] == "renamed"
    assert saved.profiles == profiles


async def test_copied_snippets_read_secrets_when_they_run() -> None:
    """curl and SDK snippets must not carry the mask: run, they would store '***'."""
    template = {**VALID_TEMPLATE}
    template["vendor_configuration"] = {
        **VALID_TEMPLATE["vendor_configuration"],
        "bundle_config": {
            **VALID_TEMPLATE["vendor_configuration"]["bundle_config"],
            "env": {"HF_TOKEN": "${HF_TOKEN}"},
        },
    }
    app = make_app(draft=template)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        curl, python, json_body = (app.controller.rendered(f) for f in ("curl", "python", "json"))
    assert "***" not in curl and "HF_TOKEN" in curl
    assert "***" not in python and "os.environ['HF_TOKEN']" in python
    assert '"HF_TOKEN": "***"' in json_body


async def test_a_finding_with_a_fix_can_be_applied_from_the_palette() -> None:
    """A command written as one string: the core offers the split list, the wizard applies it."""
    import copy

    template = copy.deepcopy(VALID_TEMPLATE)
    template["vendor_configuration"]["bundle_config"]["command"] = ["serve --port 5005"]
    app = make_app(draft=template)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.wizard.show_step("bundle")
        await pilot.pause()
        titles = {c.title: c for c in app.get_system_commands(app.screen)}
        fix = f"Apply fix: {BUNDLE}.command"
        assert fix in titles, list(titles)
        titles[fix].callback()
        await pilot.pause()
        assert app.session.get(f"{BUNDLE}.command") == ["serve", "--port", "5005"]
        assert field(app, f"{BUNDLE}.command").value == ["serve", "--port", "5005"]
        assert app.session.dirty
        assert not any(f.fix for f in app.session.findings)
