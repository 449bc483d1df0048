"""Behaviour that the faster wizard must keep: lazy steps, live error lines, the keymap file,
choice highlights, and a quiet newly enabled fine-tuning section."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.ui.helpers import BUNDLE, VALID_TEMPLATE, error_text, field, type_into
from tui.app import make_app
from tui.keymap import KeymapError, keymap_path, load_keymap
from tui.widgets.choice_list import CHOSEN_MARK, ChoiceList
from tui.widgets.form_field import FormField

SIZE = (100, 32)
FT = "vendor_configuration.fine_tuning_job_bundle_config"


async def test_only_the_shown_step_is_mounted_at_start() -> None:
    app = make_app(draft=VALID_TEMPLATE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.wizard.is_step_mounted("basics")
        assert not app.wizard.is_step_mounted("bundle")
        assert not app.wizard.query(f"#{BUNDLE.replace('.', '--')}")
        await app.wizard.show_step("bundle")
        await pilot.pause()
        assert app.wizard.is_step_mounted("bundle")


FIRST_FRAME_PROBE = """
import asyncio, sys
from tui.app import make_app
from tui.screens.wizard import WizardScreen

seen = []
original = WizardScreen._after_first_paint

def probe(self):
    seen.append("pydantic" in sys.modules)
    original(self)
    seen.append("pydantic" in sys.modules)
    seen.append(self.query_one("#steps").state_of("basics"))

WizardScreen._after_first_paint = probe

async def main():
    app = make_app(preset="vllm-h100", choose_start=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
asyncio.run(main())
print(seen)
"""


def test_the_first_frame_is_built_without_pydantic(tmp_path: Path) -> None:
    """Validation (pydantic and the request models: as long as the rest of the start) runs
    right after the first frame, and then shows the findings and the step states."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "SGP_TEMPLATE_STATE_DIR": str(tmp_path / "state"),
        "SGP_ACCOUNT_ID": "acct-1",
    }
    root = Path(__file__).resolve().parents[2]
    argv = [sys.executable, "-c", FIRST_FRAME_PROBE]
    runs = [subprocess.run(argv, env=env, cwd=root, capture_output=True, text=True)]
    runs.append(subprocess.run(argv, env=env, cwd=root, capture_output=True, text=True))
    # The field specs ship with the package: no run derives them before the first frame.
    for run in runs:
        assert run.stdout.strip() == "[False, True, 'valid']", run.stderr[-2000:]


async def test_lazily_mounted_steps_keep_values_across_navigation() -> None:
    app = make_app(draft=VALID_TEMPLATE)
    async with app.run_test(size=SIZE) as pilot:
        await app.wizard.show_step("bundle")
        await pilot.pause()
        assert field(app, f"{BUNDLE}.tag").control.value == "1.0"
        await type_into(pilot, app, f"{BUNDLE}.tag", "2.5")
        await pilot.press("ctrl+n")  # to Resources (mounted now), then back twice
        await pilot.pause()
        assert app.wizard.current == "resources"
        await pilot.press("ctrl+g", "ctrl+g")
        await pilot.pause()
        assert app.wizard.current == "basics"
        assert field(app, "name").control.value == "demo"
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert field(app, f"{BUNDLE}.tag").control.value == "2.5"
        assert app.session.get(f"{BUNDLE}.tag") == "2.5"


async def test_a_value_loaded_before_its_step_mounts_is_shown_on_mount() -> None:
    app = make_app(choose_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.load_template(VALID_TEMPLATE, dirty=True)
        await pilot.pause()
        await app.wizard.show_step("bundle")
        await pilot.pause()
        assert field(app, f"{BUNDLE}.image").control.value == "team/model"


async def test_a_keystroke_updates_the_field_error_line() -> None:
    app = make_app(draft=VALID_TEMPLATE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        control = field(app, "name").control
        control.focus()
        await pilot.press("end", *["backspace"] * 4)
        await pilot.pause()
        assert "required" in error_text(app, "name")
        assert "required" in field(app, "name").error_line
        await pilot.press("x")
        await pilot.pause()
        assert error_text(app, "name") == ""
        assert app.session.get("name") == "x"


async def test_review_and_preview_catch_up_after_typing_pauses() -> None:
    app = make_app(draft=VALID_TEMPLATE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        preview = app.wizard.query_one("#preview")
        field(app, "name").control.focus()
        await pilot.press("end", "z")
        await pilot.pause(0.3)
        assert '"demoz"' in preview.text
        await app.wizard.show_step("review")
        await pilot.pause()
        body = app.wizard.query_one("#review-body")
        assert '"demoz"' in body.source


async def test_choice_highlight_is_the_chosen_option() -> None:
    template = {**VALID_TEMPLATE, "endpoint_type": "STREAMING", "model_type": "EMBEDDING"}
    app = make_app(draft=template)
    async with app.run_test(size=SIZE) as pilot:
        await app.wizard.show_step("basics")  # the draft has findings elsewhere; it opens on them
        await pilot.pause()
        for path, label in (("endpoint_type", "STREAMING"), ("model_type", "EMBEDDING")):
            choices = field(app, path).control
            assert isinstance(choices, ChoiceList)
            assert choices.value == label
            assert _highlighted(choices) == label
            assert _marked(choices) == [label]
        await app.load_template({**template, "endpoint_type": "ASYNC"}, dirty=True)
        await app.wizard.show_step("basics")
        await pilot.pause()
        choices = field(app, "endpoint_type").control
        assert choices.value == "ASYNC" and _highlighted(choices) == "ASYNC"
        assert _marked(choices) == ["ASYNC"]


def _highlighted(choices: ChoiceList) -> str:
    return choices.labels[choices.highlighted]


def _marked(choices: ChoiceList) -> list[str]:
    """The labels drawn with the chosen mark."""
    lines = choices.render().plain.splitlines()
    return [line.split(" ", 1)[1] for line in lines if line.startswith(CHOSEN_MARK)]


async def test_enabling_fine_tuning_shows_no_errors_until_touched_or_next() -> None:
    app = make_app(preset="vllm-h100", choose_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await app.wizard.show_step("finetune")
        await pilot.pause()
        await pilot.click("#ft-enabled")
        await pilot.pause()
        assert app.session.get(FT) == {}
        assert app.session.findings_for_step("finetune")
        assert error_text(app, f"{FT}.image") == ""
        assert "required" not in str(app.wizard.query_one("#finetune .step-findings").render())
        await pilot.press("ctrl+n")  # an attempt to move on shows them
        await pilot.pause()
        assert app.wizard.current == "finetune"
        assert "required" in error_text(app, f"{FT}.image")


def test_keymap_file_is_read_from_the_user_config_dir(tmp_path: Path) -> None:
    path = keymap_path()
    assert str(path).startswith(os.environ["XDG_CONFIG_HOME"])
    assert path.parts[-2:] == ("sgp-template-wizard", "keymap.toml")
    assert load_keymap() == {}
    path.parent.mkdir(parents=True)
    path.write_text('"wizard.next" = "ctrl+j,f9"\n"wizard.back" = ["ctrl+k", "f8"]\n')
    assert load_keymap() == {"wizard.next": "ctrl+j,f9", "wizard.back": "ctrl+k,f8"}


def test_a_bad_keymap_file_raises_a_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "keymap.toml"
    bad.write_text("wizard.next = = \n")
    for text in ("wizard.next = = \n", '"wizard.next" = 3\n'):
        bad.write_text(text)
        try:
            load_keymap(bad)
        except KeymapError as exc:
            assert str(bad) in str(exc) and "\n" not in str(exc)
        else:
            raise AssertionError(f"no error for {text!r}")


async def test_keymap_file_remaps_a_binding() -> None:
    path = keymap_path()
    path.parent.mkdir(parents=True)
    path.write_text('"wizard.next" = "ctrl+j"\n')
    app = make_app(draft=VALID_TEMPLATE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+j")
        await pilot.pause()
        assert app.wizard.current == "bundle"


async def test_the_keymap_accepts_every_documented_binding_id() -> None:
    """The row editors' and dialogs' ids too (param_table.add was reported unknown)."""
    import re

    from tui.app import all_bindings

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`((?:app|wizard|key_value|param_table)\.[a-z_]+)`", readme))
    documented.discard("param_table.move_")  # "move_up / _down" in one cell
    known = {b.id for b in all_bindings()}
    assert {"param_table.add", "key_value.delete", "wizard.steps"} <= documented
    assert documented <= known, documented - known
    warnings: list[str] = []
    path = keymap_path()
    path.parent.mkdir(parents=True)
    path.write_text('"param_table.add" = "ctrl+k"\n"dialog.cancel" = "escape"\n')
    app = make_app(draft=VALID_TEMPLATE)
    notify = app.notify
    app.notify = lambda message, **kw: (warnings.append(message), notify(message, **kw))[1]  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
    assert not any("Unknown binding id" in w for w in warnings), warnings


async def test_a_bad_keymap_file_warns_and_the_wizard_still_runs() -> None:
    path = keymap_path()
    path.parent.mkdir(parents=True)
    path.write_text("this is not toml\n")
    app = make_app(draft=VALID_TEMPLATE)
    warnings: list[str] = []
    original = app.notify

    def notify(message: str, **kwargs: object) -> None:
        if kwargs.get("severity") == "warning":
            warnings.append(message)
        original(message, **kwargs)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("not valid TOML" in w for w in warnings), warnings
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.wizard.current == "bundle"


def test_a_start_that_cannot_load_is_one_line_and_exit_1(tmp_path: Path, capsys) -> None:
    from tui.app import run_wizard

    bad = tmp_path / "bad.toml"
    bad.write_text("name = [", encoding="utf-8")
    assert run_wizard(draft_path=bad) == 1
    assert run_wizard(preset="no-such-preset") == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("sgp-template: ") for line in lines)
    assert "bad.toml" in lines[0] and "no-such-preset" in lines[1]


async def test_fields_are_built_showing_the_session_values_without_reporting_a_change(
    monkeypatch,
) -> None:
    app = make_app(draft={**VALID_TEMPLATE, "endpoint_protocol": "VLLM"})
    built: dict[str, Any] = {}
    original = FormField._make_control

    def spy(form_field: FormField, value: Any = None) -> Any:
        built[form_field.path] = value
        return original(form_field, value)

    monkeypatch.setattr(FormField, "_make_control", spy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert built["endpoint_type"] == "SYNC" and built["endpoint_protocol"] == "VLLM"
        radio = field(app, "endpoint_type").control
        assert isinstance(radio, ChoiceList) and radio.value == "SYNC"
        assert field(app, "endpoint_protocol").control.value == "VLLM"
        assert field(app, "name").control.value == "demo"
        assert not app.session.dirty and not app.session.touched
