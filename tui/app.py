"""The Textual wizard: `make_app(...)` builds it (tests, snapshots), `run_wizard(...)` runs it.

The app is the wizard's user interface outside the screen: dialogs, notifications, the
clipboard, workers, the recovery autosave and the keymap. What the wizard does (save, submit,
copy, pull, presets, profiles) is in the plain `WizardController` (tui/controller.py); the
screen asks for it by messages (`WizardScreen.SaveRequested`, ...), which the app handles
here. The CLI parses arguments and owns the `--sandbox` lifecycle; it passes a
`ClientConfig`, a label for where requests go and the profiles it may switch to.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tui.controller import (
    COPY_NAMES,
    ActionFailed,
    ResultView,
    Targets,
    WizardController,
    blank_template,
)
from tui.core.config import ClientConfig
from tui.core.recovery import RecoveryStore
from tui.core.session import FORM_STEPS, STEPS, EditSession
from tui.debounce import Debouncer
from tui.keymap import ROW_KEYS_HELP, KeymapError, key_table, load_keymap, unknown_binding_ids
from tui.screens.wizard import WizardScreen

if TYPE_CHECKING:  # imported when used: none of these is needed for the first frame
    import httpx

# Dialogs, the review and result steps, drafts, rendering, the client and submit are
# imported inside the methods that use them, so the first frame is painted without them.

AUTOSAVE_DELAY = 1.0


class WizardApp(App[int]):
    """The model-template wizard."""

    CSS_PATH = "tui.tcss"
    TITLE = "SGP model template"
    BINDINGS = [
        Binding(
            "ctrl+p,f10",
            "command_palette",
            "palette",
            id="app.palette",
            tooltip="Open the command palette (steps, presets, save, submit, copy, theme).",
            show=False,  # the footer shows the palette key on its own, on the right
            priority=True,
        ),
        Binding(
            "ctrl+q,f12",
            "quit",
            "Quit",
            id="app.quit",
            tooltip="Quit (asks first when there are unsaved changes).",
            priority=True,
        ),
    ]

    def __init__(
        self,
        controller: WizardController,
        *,
        theme: str = "textual-dark",
        choose_start: bool = False,
        template_id: str | None = None,
        recovery: RecoveryStore | None = None,
        notices: Iterable[str] = (),
        keymap: dict[str, str] | None = None,
        first_step: str = "basics",
    ) -> None:
        super().__init__()
        self.controller = controller
        self.session = controller.session
        self.first_step = first_step
        self.initial_theme = theme
        self.choose_start = choose_start
        self.template_id = template_id
        self.recovery = recovery if recovery is not None else RecoveryStore()
        self.notices = list(notices)
        self.keymap = keymap or {}
        self._autosave = Debouncer(self, AUTOSAVE_DELAY, self._save_recovery)
        self.session.on_change = self._session_changed

    # -- start ----------------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        self._wizard_screen = WizardScreen(self.controller, first_step=self.first_step)
        return self._wizard_screen

    @property
    def wizard(self) -> WizardScreen:
        return self._wizard_screen

    def on_mount(self) -> None:
        self.theme = self.initial_theme
        for notice in self.notices:
            self.notify(notice, title="Draft")
        self.call_after_refresh(self._after_first_paint)

    def on_unmount(self) -> None:
        """Let go of the recovery slot: what is left in it is offered to the next wizard."""
        self.recovery.release()

    def _after_first_paint(self) -> None:
        """Start-up work the first frame does not need (reading files, a dialog)."""
        gc.enable()  # paused by the CLI until the first frame (tui/cli/commands/wizard.py)
        self._apply_keymap()
        self._check_recovery()

    def _apply_keymap(self) -> None:
        """The user's keymap file (binding id -> keys), then the keymap given to the app."""
        keymap: dict[str, str] = {}
        try:
            keymap.update(load_keymap())
        except KeymapError as exc:
            self.notify(str(exc), title="Keymap ignored", severity="warning", timeout=8)
        keymap.update(self.keymap)
        if not keymap:
            return  # the registry imports the row editors (and pydantic): only when needed
        unknown = unknown_binding_ids(keymap, {b.id for b in all_bindings() if b.id})
        if unknown:
            self.notify(
                f"Unknown binding id(s) in the keymap: {', '.join(unknown)}. "
                "Press F1 for the keys; ids look like wizard.next.",
                title="Keymap",
                severity="warning",
                timeout=8,
            )
        self.set_keymap(keymap)

    def _check_recovery(self) -> None:
        """After the first frame: offer to restore work a crash or a kill left behind."""
        from tui.screens.dialogs import ChoiceDialog

        self.recovery.claim()
        recoverable = self.recovery.find_recoverable(self.session.draft_path)
        if recoverable is None:
            self._continue_start()
            return

        async def chosen(choice: str | None) -> None:
            if choice == "restore":
                self.session.draft_path = recoverable.draft_path or self.session.draft_path
                await self.load_template(recoverable.template, dirty=True)
                self.autosave_now()  # into this wizard's own slot, before the old one goes
                self.recovery.forget(recoverable)
                self.notify("Restored your unsaved work.", title="Recovered")
                return
            if choice == "discard":
                self.recovery.forget(recoverable)
            self._continue_start()

        self.push_screen(
            ChoiceDialog(
                "Restore unsaved work?",
                recoverable.describe() + ". Restore it, or discard it and continue?",
                [("restore", "Restore"), ("discard", "Discard")],
                id="restore-dialog",
            ),
            chosen,
        )

    def _continue_start(self) -> None:
        from tui.screens.dialogs import StartDialog

        if self.template_id:
            self.pull_template(self.template_id)
        elif self.choose_start:
            self.push_screen(StartDialog(preset_choices()), self._start_chosen)

    async def _start_chosen(self, choice: tuple[str, str] | None) -> None:
        from tui.screens.dialogs import PromptDialog

        kind, arg = choice or ("blank", "")
        if kind == "preset":
            await self.apply_preset(arg)
        elif kind == "draft":
            self.push_screen(
                PromptDialog("Open a draft", "Path of the TOML draft:", placeholder="draft.toml"),
                self._open_draft_path,
            )
        elif kind == "pull":
            self.push_screen(
                PromptDialog("Start from a template", "The template's id on the server:"),
                lambda value: self.pull_template(value) if value else None,
            )

    async def _open_draft_path(self, value: str | None) -> None:
        if not value:
            return
        try:
            template, notices = self.controller.open_draft(Path(value).expanduser())
        except ActionFailed as failed:
            self._failed(failed)
            return
        await self.load_template(template, dirty=False)
        for notice in notices:
            self.notify(notice, title="Draft")

    async def load_template(self, template: dict[str, Any], *, dirty: bool) -> None:
        """Replace the whole template and land on the first step needing attention."""
        self.session.replace(template, dirty=dirty)
        self.session.visited.update(FORM_STEPS)
        self.wizard.load_all()
        self.wizard.refresh_view()
        await self.wizard.show_step(self.session.first_step_needing_attention() or "basics")

    async def apply_preset(self, name: str) -> None:
        try:
            template = self.controller.preset(name)
        except ActionFailed as failed:
            self._failed(failed)
            return
        await self.load_template(template, dirty=True)
        self.notify(f"Started from the {name} preset.", title="Preset", timeout=3)

    @work(exclusive=True, group="pull", exit_on_error=False)
    async def pull_template(self, template_id: str) -> None:
        try:
            template = await self.controller.pull(template_id)
        except ActionFailed as failed:
            self._failed(failed)
            return
        await self.load_template(template, dirty=True)
        self.notify(f"Loaded template {template_id}; submitting creates a new one.", timeout=4)

    def _failed(self, failed: ActionFailed) -> None:
        self.notify(failed.message, title=failed.title, severity="error")

    # -- session changes: autosave ----------------------------------------------------------

    def _session_changed(self, session: EditSession) -> None:
        screen = getattr(self, "_wizard_screen", None)
        if screen is not None and screen.is_mounted:
            screen.refresh_view_soon()
        if session.dirty:
            self._autosave.changed()  # AUTOSAVE_DELAY seconds after the last change

    def autosave_now(self) -> None:
        self._autosave.run_now()

    def _save_recovery(self) -> None:
        if not self.session.dirty:
            return
        try:
            self.recovery.save(self.session.template, self.session.draft_path)
        except Exception as exc:  # never lose the session over a recovery-file problem
            self.notify(f"Autosave failed: {exc}", severity="warning")

    # -- what the screen asks for -------------------------------------------------------------

    def on_wizard_screen_save_requested(self, message: WizardScreen.SaveRequested) -> None:
        self.save_as() if message.as_new else self.save()

    async def on_wizard_screen_submit_requested(self) -> None:
        await self.submit()

    def on_wizard_screen_copy_requested(self, message: WizardScreen.CopyRequested) -> None:
        if message.fmt is None:
            self.copy_menu()
        elif message.fmt == "id":
            self.copy_result_id()
        else:
            self.copy_as(message.fmt)

    def on_wizard_screen_help_requested(self, message: WizardScreen.HelpRequested) -> None:
        self.show_help(message.step)

    def on_wizard_screen_start_over_requested(self) -> None:
        self.action_new()

    def on_wizard_screen_values_requested(self) -> None:
        self.ask_variable_values()

    def on_wizard_screen_api_key_requested(self) -> None:
        self.ask_api_key(then_submit=True)

    # -- drafts ------------------------------------------------------------------------------

    def save(self) -> None:
        if self.session.draft_path is None:
            self.save_as()
        else:
            self._write_draft(self.session.draft_path)

    def save_as(self) -> None:
        from tui.screens.dialogs import PromptDialog

        current = str(self.session.draft_path or self.controller.suggested_file())
        self.push_screen(
            PromptDialog("Save draft as", "Path of the TOML file:", value=current, id="save-as"),
            lambda value: self._write_draft(Path(value).expanduser()) if value else None,
        )

    def _write_draft(self, path: Path) -> bool:
        try:
            self.controller.save_draft(path)
        except ActionFailed as failed:
            self._failed(failed)
            return False
        self.recovery.discard()
        self.notify(f"Saved {path}", title="Saved", timeout=3)
        return True

    # -- clipboard ----------------------------------------------------------------------------

    def copy_as(self, fmt: str) -> None:
        self.copy_to_clipboard(self.controller.rendered(fmt))
        self.notify(f"Copied the {COPY_NAMES.get(fmt, 'SDK snippet')} to the clipboard.", timeout=3)

    def copy_menu(self) -> None:
        from tui.screens.dialogs import ChoiceDialog

        choices = [("json", "JSON"), ("curl", "curl"), ("python", "SDK"), ("toml", "TOML")]
        self.push_screen(
            ChoiceDialog("Copy", "Copy the request as…", choices, id="copy-dialog"),
            lambda fmt: self.copy_as(fmt) if fmt else None,
        )

    def copy_result_id(self) -> None:
        result = self.controller.result
        if result and result.template_id:
            self.copy_to_clipboard(result.template_id)
            self.notify("Copied the template id.", timeout=3)

    # -- submit -------------------------------------------------------------------------------

    def ask_variable_values(self) -> None:
        """Ask for each unset `${NAME}` in turn (masked); kept in memory for this session."""
        from tui.screens.dialogs import PromptDialog

        unset = self.controller.unset_variables()
        if not unset:
            return
        name = unset[0]

        def accept(value: str | None) -> None:
            if value:
                self.controller.session_values[name] = value
                self.wizard.refresh_view()
                self.ask_variable_values()

        self.push_screen(
            PromptDialog(
                f"Value of ${{{name}}}",
                f"{name} is not set in this environment. Enter its value for this session: "
                "it is kept in memory only, never saved in the draft or the autosave.",
                password=True,
                id="variable-dialog",
            ),
            accept,
        )

    async def submit(self) -> None:
        """Submit, or say what must come first (errors, unset `${NAME}`s, the API key)."""
        readiness = self.controller.readiness()
        if readiness == "errors":
            count = len(self.session.report.errors)
            self.notify(f"Fix {count} error(s) first (see Review).", severity="error")
        elif readiness == "unset":
            names = ", ".join(f"${{{name}}}" for name in self.controller.unset_variables())
            self.notify(
                f"{names} not set: Review offers to enter the value(s) for this session.",
                title="Not ready",
                severity="error",
            )
            await self.wizard.show_step("review")
        elif readiness == "no_key":
            self.ask_api_key(then_submit=True)
        else:
            self.wizard.submitting = True
            self.run_submit()

    def ask_api_key(self, *, then_submit: bool) -> None:
        from tui.screens.dialogs import PromptDialog

        async def accept(key: str | None) -> None:
            if not key:
                return
            self.controller.set_api_key(key)
            if then_submit:
                await self.submit()

        self.push_screen(
            PromptDialog(
                "API key needed",
                f"No API key is set for {self.controller.target_label}. Paste it here; it is "
                "kept in memory only (set SGP_API_KEY to skip this).",
                password=True,
                id="api-key-dialog",
            ),
            accept,
        )

    @work(exclusive=True, group="submit", exit_on_error=False)
    async def run_submit(self) -> None:
        from tui.screens.review import ResultStep

        try:
            step = await self.wizard.show_step("result")
            if isinstance(step, ResultStep):
                step.show_pending(self.controller.target_label)
            view = await self.controller.submit()
        finally:
            self.wizard.submitting = False
        await self.show_result(view)

    async def show_result(self, view: ResultView) -> None:
        """Show the Result step (a 422 has marked the offending steps, so their errors show).

        It does not jump to the fields itself: a jump and the Result step would both queue a
        focus change and race. The Result step's first, focused button ("Fix the fields")
        does the jump.
        """
        from tui.screens.review import ResultStep

        step = await self.wizard.show_step("result")
        if isinstance(step, ResultStep):
            step.show(view)
        self.wizard.refresh_view()

    def action_new(self) -> None:
        from tui.screens.dialogs import StartDialog, confirm

        async def start(choice: str | None) -> None:
            if choice == "yes" or not self.session.dirty:
                self.controller.start_over()
                self.wizard.load_all()
                await self.wizard.show_step("basics")
                self.push_screen(StartDialog(preset_choices()), self._start_chosen)

        if self.session.dirty:
            self.push_screen(confirm("Start over?", "Unsaved changes will be lost."), start)
        else:
            self.call_next(start, None)

    # -- help, quit, palette ------------------------------------------------------------------

    def show_help(self, step: str) -> None:
        from tui.screens.dialogs import HelpDialog

        text = self.wizard.step_help(step)
        title = next(s.title for s in STEPS if s.id == step)
        keys = key_table(self.screen.active_bindings)
        self.push_screen(HelpDialog(f"Help: {title}", f"{text}\n\n{keys}\n{ROW_KEYS_HELP}"))

    async def action_quit(self) -> None:
        from tui.screens.dialogs import ChoiceDialog

        if not self.session.dirty:
            self.recovery.discard()
            self.exit(0)
            return

        def chosen(choice: str | None) -> None:
            if choice == "save":
                if self.session.draft_path is None:
                    self.save_as()
                elif self._write_draft(self.session.draft_path):
                    self.exit(0)
            elif choice == "discard":
                self.recovery.discard()
                self.exit(0)

        if isinstance(self.screen, ChoiceDialog) and self.screen.id == "quit-dialog":
            return
        self.push_screen(
            ChoiceDialog(
                "Unsaved changes",
                "Save the draft before quitting?",
                [("save", "Save"), ("discard", "Quit without saving"), ("cancel", "Cancel")],
                id="quit-dialog",
            ),
            chosen,
        )

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not isinstance(screen, WizardScreen):
            return
        for step in STEPS:
            yield SystemCommand(
                f"Go to step {step.number}: {step.title}",
                f"Show the {step.title} step",
                lambda s=step.id: screen.show_step(s),
            )
        for name, title in preset_choices():
            yield SystemCommand(
                f"Preset: {title}",
                f"Replace the template with the {name} preset",
                lambda n=name: self.apply_preset(n),
            )
        yield SystemCommand("Save draft", "Write the TOML draft", self.save)
        yield SystemCommand("Save draft as…", "Write the draft to a new file", self.save_as)
        yield SystemCommand("Submit", "Create the template on the server", self.submit)
        for fmt, label in (("json", "JSON body"), ("curl", "curl command"), ("python", "SDK")):
            yield SystemCommand(
                f"Copy {label}", f"Copy the request as {label}", lambda f=fmt: self.copy_as(f)
            )
        yield SystemCommand("Toggle preview JSON/TOML", "", screen.action_toggle_preview)
        for finding in self.session.findings:
            if finding.fix is not None:
                yield SystemCommand(
                    f"Apply fix: {finding.path}",
                    " ".join(finding.message.split())[:120],
                    lambda f=finding: self.apply_fix(f.path, list(f.fix or ())),
                )
        for name in self.controller.profile_names():
            yield SystemCommand(
                f"Target profile: {name}",
                f"Send requests to the {name!r} profile of the config file",
                lambda n=name: self.switch_profile(n),
            )

    def apply_fix(self, path: str, value: Any) -> None:
        """Set the value a finding suggests and show it in its field."""
        self.controller.apply_fix(path, value)
        self.wizard.reload_fields(path)
        self.wizard.refresh_view()
        self.notify(f"{path} is now {value!r}.", title="Fix applied", timeout=4)

    def switch_profile(self, name: str) -> None:
        """Send requests to profile `name` from now on (what the user typed is unchanged)."""
        try:
            self.controller.switch_profile(name)
        except ActionFailed as failed:
            self._failed(failed)
            return
        self.wizard.refresh_view()
        self.notify(f"Requests now go to {self.controller.target_label}.", title="Target")


# -- the registry of binding ids ----------------------------------------------------------


def all_bindings() -> list[Binding]:
    """The bindings of every class that declares some: the registry of binding ids."""
    from tui.screens.dialogs import ChoiceDialog, Dialog
    from tui.widgets.key_value import KeyValueEditor
    from tui.widgets.param_table import ParameterTable

    owners = (WizardApp, WizardScreen, KeyValueEditor, ParameterTable, Dialog, ChoiceDialog)
    return [b for owner in owners for b in owner.BINDINGS if isinstance(b, Binding)]


def preset_choices() -> list[tuple[str, str]]:
    from tui.core.presets import PRESETS

    return [(name, preset.title) for name, preset in PRESETS.items()]


def make_app(
    *,
    draft_path: Path | str | None = None,
    draft: Any = None,
    preset: str | None = None,
    template_id: str | None = None,
    config: ClientConfig | None = None,
    target_label: str = "",
    theme: str = "textual-dark",
    transport: httpx.AsyncBaseTransport | None = None,
    recovery: RecoveryStore | None = None,
    choose_start: bool | None = None,
    targets: Targets | None = None,
) -> WizardApp:
    """Build the wizard on a start point: a draft (object or file), a preset, a template id,
    or nothing (then a start chooser is shown unless `choose_start=False`)."""
    config = config or ClientConfig.from_env()
    path = Path(draft_path) if draft_path is not None else None
    notices: list[str] = []
    schema_url: str | None = None
    profiles: dict[str, dict[str, Any]] = {}
    visited = opened = True
    if draft is not None:
        template = dict(getattr(draft, "template", draft))
    elif path is not None and path.exists():
        from tui.core.drafts import load_draft

        loaded = load_draft(path)
        template, notices = loaded.draft.template, list(loaded.notices)
        schema_url, profiles = loaded.draft.schema_url, loaded.draft.profiles
    elif preset is not None:
        from tui.core.presets import preset_template

        template, opened = preset_template(preset, account_id=config.account_id), False
    else:
        template, visited, opened = blank_template(config), False, False
        if path is not None:
            notices.append(f"{path} does not exist yet: a new draft, created there when saved.")
    session = EditSession(template, draft_path=path)
    session.schema_url = schema_url
    session.profiles = profiles
    if visited and template:
        session.visited.update(FORM_STEPS)
    # An opened draft lands on the first step needing attention. A preset needs none outside
    # Basics (presets validate cleanly but for the account), so it starts there without
    # validating: the first frame is painted before pydantic is imported.
    first_step = (session.first_step_needing_attention() if opened else None) or "basics"
    no_start = draft is None and path is None and preset is None and template_id is None
    controller = WizardController(
        session, config, target_label=target_label, transport=transport, targets=targets
    )
    return WizardApp(
        controller,
        theme=theme,
        choose_start=no_start if choose_start is None else choose_start,
        template_id=template_id,
        recovery=recovery,
        notices=notices,
        first_step=first_step,
    )


def run_wizard(
    *,
    draft_path: Path | str | None = None,
    preset: str | None = None,
    template_id: str | None = None,
    config: ClientConfig | None = None,
    target_label: str = "",
    targets: Targets | None = None,
) -> int:
    """Run the wizard full-screen; returns the process exit code."""
    try:
        app = make_app(
            draft_path=draft_path,
            preset=preset,
            template_id=template_id,
            config=config,
            target_label=target_label,
            targets=targets,
        )
    except (LookupError, OSError) as exc:
        return _cannot_start(exc)
    except Exception as exc:
        # Only a draft start imports tui.core.drafts (TOML reading and writing), so it is
        # imported here, when a start failed, rather than before every first frame.
        from tui.core.drafts import DraftError

        if not isinstance(exc, DraftError):
            raise
        return _cannot_start(exc)
    result = app.run()
    return result if isinstance(result, int) else 0


def _cannot_start(exc: Exception) -> int:
    import sys

    print(f"sgp-template: {exc}", file=sys.stderr)
    return 1
