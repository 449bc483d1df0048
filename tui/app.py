"""The Textual wizard: `make_app(...)` builds it (tests, snapshots), `run_wizard(...)` runs it.

The app owns what outlives a screen: the `EditSession`, the client configuration, drafts,
the recovery autosave, submitting, clipboard and dialogs. The CLI parses arguments and owns
the `--sandbox` lifecycle; it passes a `ClientConfig` and a label for where requests go.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tui import APP_NAME
from tui.core.config import ClientConfig
from tui.core.recovery import RecoveryStore
from tui.core.session import FORM_STEPS, STEPS, VC, EditSession, step_of
from tui.debounce import Debouncer
from tui.screens.wizard import WizardScreen

if TYPE_CHECKING:  # imported when used: none of these is needed for the first frame
    import httpx
    from textual.binding import ActiveBinding

    from tui.screens.review import ResultView

# Dialogs, the review and result steps, drafts, rendering, the client and submit are
# imported inside the methods that use them, so the first frame is painted without them.

AUTOSAVE_DELAY = 1.0
KEYS_TITLE = "Keys in force (remap any by its binding id in keymap.toml):"
ROW_KEYS_HELP = """In the env and parameter tables: ctrl+o or shift+F8 adds a row,
ctrl+delete or shift+F9 deletes it, alt+↑/↓ or shift+F10/F11 moves it.
Tab / shift+Tab move between fields; the mouse works everywhere."""
KEY_COLUMN = 24


class Targets(Protocol):
    """Where else the wizard may send requests: the config file's profiles (the CLI's
    `ProfileTargets`, which keeps the command's flags winning over a profile)."""

    def names(self) -> list[str]: ...

    def target(self, name: str) -> tuple[ClientConfig, str]:
        """The configuration and the label shown for profile `name`."""
        ...


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
        session: EditSession,
        *,
        config: ClientConfig | None = None,
        target_label: str = "",
        transport: httpx.AsyncBaseTransport | None = None,
        theme: str = "textual-dark",
        choose_start: bool = False,
        template_id: str | None = None,
        recovery: RecoveryStore | None = None,
        notices: Iterable[str] = (),
        keymap: dict[str, str] | None = None,
        first_step: str = "basics",
        targets: Targets | None = None,
    ) -> None:
        super().__init__()
        self.targets = targets
        self.first_step = first_step
        self.session = session
        self.config = config or ClientConfig.from_env()
        self.target_label = target_label or self.config.base_url
        self.transport = transport
        self.initial_theme = theme
        self.choose_start = choose_start
        self.template_id = template_id
        self.recovery = recovery if recovery is not None else RecoveryStore()
        self.notices = list(notices)
        self.keymap = keymap or {}
        self.result_view: ResultView | None = None
        self.session_values: dict[str, str] = {}
        """${NAME} values entered in the wizard: in memory only, never saved or autosaved."""
        self._autosave = Debouncer(self, AUTOSAVE_DELAY, self._save_recovery)
        session.on_change = self._session_changed

    # -- start ----------------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        self._wizard_screen = WizardScreen(self.session, first_step=self.first_step)
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
        unknown = unknown_binding_ids(keymap, self._binding_ids())
        if unknown:
            self.notify(
                f"Unknown binding id(s) in the keymap: {', '.join(unknown)}. "
                "Press F1 for the keys; ids look like wizard.next.",
                title="Keymap",
                severity="warning",
                timeout=8,
            )
        self.set_keymap(keymap)

    def _binding_ids(self) -> set[str]:
        """Every binding id the keymap may name: the app's, the screen's, the row editors'
        and the dialogs' (one list, so a documented id is never reported as unknown)."""
        return {b.id for b in all_bindings() if b.id}

    def _check_recovery(self) -> None:
        """After the first frame: offer to restore work a crash or a kill left behind."""
        from tui.screens.dialogs import ChoiceDialog

        self.recovery.claim()
        recoverable = self.recovery.find_recoverable(self.session.draft_path)
        if recoverable is not None:
            self.push_screen(
                ChoiceDialog(
                    "Restore unsaved work?",
                    recoverable.describe() + ". Restore it, or discard it and continue?",
                    [("restore", "Restore"), ("discard", "Discard")],
                    id="restore-dialog",
                ),
                lambda choice: self._restore_chosen(choice, recoverable),
            )
        else:
            self._continue_start()

    def _restore_chosen(self, choice: str | None, recoverable: Any) -> None:
        if choice == "restore":
            self.session.draft_path = recoverable.draft_path or self.session.draft_path
            self.load_template(recoverable.template, dirty=True)
            self.autosave_now()  # into this wizard's own slot, before the old one goes
            self.recovery.forget(recoverable)
            self.notify("Restored your unsaved work.", title="Recovered")
        elif choice == "discard":
            self.recovery.forget(recoverable)
            self._continue_start()
        else:
            self._continue_start()

    def _continue_start(self) -> None:
        from tui.screens.dialogs import StartDialog

        if self.template_id:
            self.pull_template(self.template_id)
        elif self.choose_start:
            self.push_screen(StartDialog(preset_choices()), self._start_chosen)

    def _start_chosen(self, choice: tuple[str, str] | None) -> None:
        from tui.screens.dialogs import PromptDialog

        kind, arg = choice or ("blank", "")
        if kind == "preset":
            self.apply_preset(arg)
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

    def _open_draft_path(self, value: str | None) -> None:
        if not value:
            return
        path = Path(value).expanduser()
        try:
            from tui.core.drafts import load_draft

            loaded = load_draft(path)
        except Exception as exc:  # DraftError and OS errors: one line, never a traceback
            self.notify(str(exc), title="Cannot open the draft", severity="error")
            return
        self.session.draft_path = path
        self.session.schema_url = loaded.draft.schema_url
        self.session.profiles = loaded.draft.profiles
        self.load_template(loaded.draft.template, dirty=False)
        for notice in loaded.notices:
            self.notify(notice, title="Draft")

    def load_template(self, template: dict[str, Any], *, dirty: bool) -> None:
        """Replace the whole template and land on the first step needing attention."""
        self.session.replace(template, dirty=dirty)
        self.session.visited.update(FORM_STEPS)
        self.wizard.load_all()
        self.wizard.refresh_view()
        self.wizard.show_step(self.session.first_step_needing_attention() or "basics")

    def apply_preset(self, name: str) -> None:
        from tui.core.presets import UnknownPreset, preset_template

        try:
            template = preset_template(name, account_id=self.config.account_id)
        except UnknownPreset as exc:
            self.notify(str(exc), severity="error")
            return
        self.load_template(template, dirty=True)
        self.notify(f"Started from the {name} preset.", title="Preset", timeout=3)

    @work(exclusive=True, group="pull", exit_on_error=False)
    async def pull_template(self, template_id: str) -> None:
        from tui.core.client import SGPClient
        from tui.core.errors import SGPError

        try:
            async with SGPClient(self.config, transport=self.transport) as client:
                template = await client.retrieve(template_id)
        except SGPError as exc:
            self.notify(exc.message, title=f"Cannot pull {template_id}", severity="error")
            return
        self.load_template(template.request_body(), dirty=True)
        self.notify(f"Loaded template {template_id}; submitting creates a new one.", timeout=4)

    # -- session changes: autosave ----------------------------------------------------------

    def _session_changed(self, session: EditSession) -> None:
        screen = getattr(self, "_wizard_screen", None)
        if screen is not None and screen.is_mounted:
            screen.refresh_view_soon()
        if session.dirty:
            self._schedule_autosave()

    def _schedule_autosave(self) -> None:
        """Autosave AUTOSAVE_DELAY seconds after the last change."""
        self._autosave.changed()

    def autosave_now(self) -> None:
        self._autosave.run_now()

    def _save_recovery(self) -> None:
        if not self.session.dirty:
            return
        try:
            self.recovery.save(self.session.template, self.session.draft_path)
        except Exception as exc:  # never lose the session over a recovery-file problem
            self.notify(f"Autosave failed: {exc}", severity="warning")

    # -- drafts ------------------------------------------------------------------------------

    def save(self) -> None:
        if self.session.draft_path is None:
            self.save_as()
        else:
            self._write_draft(self.session.draft_path)

    def save_as(self) -> None:
        from tui.screens.dialogs import PromptDialog

        current = str(self.session.draft_path or self._suggested_file())
        self.push_screen(
            PromptDialog("Save draft as", "Path of the TOML file:", value=current, id="save-as"),
            lambda value: self._write_draft(Path(value).expanduser()) if value else None,
        )

    def _suggested_file(self) -> str:
        name = self.session.get("name")
        stem = name if isinstance(name, str) and name.strip() else "template"
        return f"{''.join(c if c.isalnum() or c in '-_' else '-' for c in stem)}.toml"

    def _write_draft(self, path: Path) -> bool:
        from tui.core.drafts import Draft, save_draft

        try:
            draft = Draft(
                self.session.template,
                schema_url=self.session.schema_url,
                profiles=self.session.profiles,
            )
            save_draft(path, draft)
        except Exception as exc:  # DraftError/OSError: a one-line message
            self.notify(str(exc), title="Not saved", severity="error")
            return False
        self.session.mark_saved(path)
        self.recovery.discard()
        self.notify(f"Saved {path}", title="Saved", timeout=3)
        return True

    # -- clipboard ----------------------------------------------------------------------------

    def rendered(self, fmt: str) -> str:
        """The body as `fmt` (see tui.core.render): JSON masks `${NAME}` values, while the
        curl and SDK snippets read them when they run (the mask would be sent as a value)."""
        from tui.core.render import render

        account = self.config.account_id or self.session.get("account_id")
        return render(self.session.body(), fmt, base_url=self.config.base_url, account_id=account)

    def copy_as(self, fmt: str) -> None:
        self.copy_to_clipboard(self.rendered(fmt))
        names = {"json": "JSON body", "toml": "TOML draft", "curl": "curl command"}
        self.notify(f"Copied the {names.get(fmt, 'SDK snippet')} to the clipboard.", timeout=3)

    def copy_menu(self) -> None:
        from tui.screens.dialogs import ChoiceDialog

        choices = [("json", "JSON"), ("curl", "curl"), ("python", "SDK"), ("toml", "TOML")]
        self.push_screen(
            ChoiceDialog("Copy", "Copy the request as…", choices, id="copy-dialog"),
            lambda fmt: self.copy_as(fmt) if fmt else None,
        )

    def copy_result_id(self) -> None:
        if self.result_view and self.result_view.template_id:
            self.copy_to_clipboard(self.result_view.template_id)
            self.notify("Copied the template id.", timeout=3)

    # -- submit -------------------------------------------------------------------------------

    @property
    def environment(self) -> dict[str, str]:
        """What `${NAME}` references resolve from: the process environment, then the values
        entered in this session."""
        return {**os.environ, **self.session_values}

    def unset_variables(self) -> list[str]:
        """The `${NAME}`s the body uses that neither the environment nor the session has."""
        from tui.core.interpolation import missing_variables

        return list(missing_variables(self.session.body(), self.environment))

    def ask_variable_values(self) -> None:
        """Ask for each unset `${NAME}` in turn (masked); kept in memory for this session."""
        from tui.screens.dialogs import PromptDialog

        unset = self.unset_variables()
        if not unset:
            return
        name = unset[0]

        def accept(value: str | None) -> None:
            if value:
                self.session_values[name] = value
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

    def submit(self) -> None:
        if not self.session.can_submit:
            count = len(self.session.report.errors)
            self.notify(f"Fix {count} error(s) first (see Review).", severity="error")
            return
        unset = self.unset_variables()
        if unset:
            names = ", ".join(f"${{{name}}}" for name in unset)
            self.notify(
                f"{names} not set: Review offers to enter the value(s) for this session.",
                title="Not ready",
                severity="error",
            )
            self.wizard.show_step("review")
            return
        if not self.config.api_key:
            self.ask_api_key(then_submit=True)
            return
        self.wizard.show_step("result")
        label = self.target_label
        self.wizard.when_step_ready("result", lambda step: step.show_pending(label))  # type: ignore[attr-defined]
        self.wizard.submitting = True
        self.run_submit()

    def ask_api_key(self, *, then_submit: bool) -> None:
        from tui.screens.dialogs import PromptDialog

        def accept(key: str | None) -> None:
            if not key:
                return
            self.config = dataclasses.replace(self.config, api_key=key)
            if then_submit:
                self.submit()

        self.push_screen(
            PromptDialog(
                "API key needed",
                f"No API key is set for {self.target_label}. Paste it here; it is kept in "
                "memory only (set SGP_API_KEY to skip this).",
                password=True,
                id="api-key-dialog",
            ),
            accept,
        )

    @work(exclusive=True, group="submit", exit_on_error=False)
    async def run_submit(self) -> None:
        try:
            view = await self._submit_once()
        finally:
            self.wizard.submitting = False
        self.show_result(view)

    async def _submit_once(self) -> ResultView:
        from tui.core.client import SGPClient
        from tui.core.errors import SGPError
        from tui.core.interpolation import resolve
        from tui.core.submit import SubmitFailed, submit_template
        from tui.screens.review import ResultView

        try:
            body = resolve(self.session.body(), self.environment)
            self.config.check_transport_security()
            async with SGPClient(self.config, transport=self.transport) as client:
                outcome = await submit_template(client, body)
        except SubmitFailed as exc:
            return self._failure_view(exc.error, exc.message)
        except SGPError as exc:
            return self._failure_view(exc, exc.message)
        except Exception as exc:  # e.g. a missing ${NAME}: one line, no traceback
            return ResultView("error", "Not submitted", str(exc))
        titles = {
            "created": "✓ Template created",
            "recovered": "✓ Template created (confirmed after a lost connection)",
            "exists": "✓ An identical template already exists: nothing was created",
        }
        template = outcome.template
        return ResultView(
            outcome.status,
            titles[outcome.status],
            f"{outcome.message}\nSent to {self.target_label}, account {template.account_id}.",
            template.id,
            template.created_at,
        )

    def _failure_view(self, error: Any, message: str) -> ResultView:
        from tui.core.errors import AuthError, NetworkError, Rejected
        from tui.screens.review import ResultView

        if isinstance(error, Rejected):
            self.session.server_findings = list(error.findings)
            lines = [f"✗ {f.path or '(template)'}: {f.message}" for f in error.findings]
            text = "\n".join([message, "", *lines, "", "'Fix the fields' shows them in place."])
            return ResultView("rejected", "✗ The server rejected the template (422)", text)
        if isinstance(error, AuthError):
            return ResultView(
                "auth",
                "✗ Not authorised",
                f"{message}\nCheck the API key and the account id, then retry.",
            )
        if isinstance(error, NetworkError):
            return ResultView(
                "network",
                "✗ Could not reach the server",
                f"{message}\nCheck the network or the base URL ({self.config.base_url}), then "
                "retry: the wizard checks for an identical template first, so retrying never "
                "creates a duplicate.",
            )
        return ResultView("error", "✗ Not submitted", message)

    def show_result(self, view: ResultView) -> None:
        """Show the Result step; a 422 also marks the offending steps so their errors show.

        It does not jump to the fields itself: a jump and the Result step would both queue a
        focus change and race. The Result step's first, focused button ("Fix the fields")
        does the jump.
        """
        self.result_view = view
        if view.kind == "rejected":
            for finding in self.session.server_findings:
                self.session.touch_step(step_of(finding.path))
        self.wizard.when_step_ready("result", lambda step: step.show(view))  # type: ignore[attr-defined]
        self.wizard.show_step("result")
        self.wizard.refresh_view()

    def action_new(self) -> None:
        from tui.screens.dialogs import StartDialog, confirm

        def start(choice: str | None) -> None:
            if choice == "yes" or not self.session.dirty:
                self.session.draft_path = None
                self.session.touched.clear()
                self.session.visited.clear()
                self.session.replace(blank_template(self.config), dirty=False)
                self.wizard.load_all()
                self.wizard.show_step("basics")
                self.push_screen(StartDialog(preset_choices()), self._start_chosen)

        if self.session.dirty:
            self.push_screen(confirm("Start over?", "Unsaved changes will be lost."), start)
        else:
            start(None)

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
        for name in self._profile_names():
            yield SystemCommand(
                f"Target profile: {name}",
                f"Send requests to the {name!r} profile of the config file",
                lambda n=name: self.switch_profile(n),
            )

    def apply_fix(self, path: str, value: Any) -> None:
        """Set the value a finding suggests (e.g. a one-string command split into its
        arguments) and show it in its field."""
        self.session.set(path, value)
        self.wizard.reload_fields(path)
        self.wizard.refresh_view()
        self.notify(f"{path} is now {value!r}.", title="Fix applied", timeout=4)

    def _profile_names(self) -> list[str]:
        if self.targets is None:
            return []
        try:
            return self.targets.names()
        except Exception:  # a broken config file: switching says why when it is tried
            return []

    def switch_profile(self, name: str) -> None:
        """Send requests to profile `name` from now on (what the user typed is unchanged)."""
        if self.targets is None:
            self.notify("This wizard runs on the sandbox: it has no profiles to switch to.")
            return
        try:
            self.config, self.target_label = self.targets.target(name)
        except Exception as exc:  # ProfileError / InvalidConfig: one line, never a traceback
            self.notify(" ".join(str(exc).split()), title="Target unchanged", severity="error")
            return
        self.wizard.refresh_view()
        self.notify(f"Requests now go to {self.target_label}.", title="Target")


# -- the user's keymap -------------------------------------------------------------------------

KEYMAP_FILE = "keymap.toml"


class KeymapError(Exception):
    """The keymap file cannot be used (the message says why and where, in one line)."""


def keymap_path() -> Path:
    """`$XDG_CONFIG_HOME/sgp-template-wizard/keymap.toml` (platformdirs' user config dir)."""
    import platformdirs

    return Path(platformdirs.user_config_path(APP_NAME)) / KEYMAP_FILE


def all_bindings() -> list[Binding]:
    """The bindings of every class that declares some: the registry of binding ids."""
    from tui.screens.dialogs import ChoiceDialog, Dialog
    from tui.widgets.key_value import KeyValueEditor
    from tui.widgets.param_table import ParameterTable

    owners = (WizardApp, WizardScreen, KeyValueEditor, ParameterTable, Dialog, ChoiceDialog)
    return [b for owner in owners for b in owner.BINDINGS if isinstance(b, Binding)]


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """Binding id -> keys from the keymap file ({} when there is none).

    The file is a TOML table such as `"wizard.next" = "ctrl+j,f9"`; a list of keys
    (`["ctrl+j", "f9"]`) is accepted too. Raises KeymapError for a file that cannot be used.
    """
    path = path or keymap_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise KeymapError(f"cannot read {path}: {exc.strerror or exc}") from None
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise KeymapError(f"{path} is not valid TOML ({exc}); fix or delete it") from None
    keymap: dict[str, str] = {}
    for binding_id, keys in data.items():
        if isinstance(keys, list) and keys and all(isinstance(k, str) for k in keys):
            keys = ",".join(keys)
        if not isinstance(keys, str) or not keys.strip():
            raise KeymapError(
                f'{path}: {binding_id!r} must be keys like "ctrl+j,f9"; nothing was remapped'
            )
        keymap[binding_id] = keys.replace(" ", "")
    return keymap


def key_table(active: Mapping[str, ActiveBinding]) -> str:
    """The F1 key table, from the bindings in force (so it stays true after a remap): one
    line per binding id, its keys as the user's keymap left them. The seven step jumps share
    one line."""
    keys: dict[str, list[str]] = {}
    texts: dict[str, str] = {}
    for key, active_binding in active.items():
        binding = active_binding.binding
        if not binding.id or not binding.description:
            continue  # Textual's own (Tab, ctrl+c's hint): not ours to list
        jump = binding.id.startswith("wizard.step") and binding.id[-1].isdigit()
        group = "wizard.step" if jump else binding.id
        keys.setdefault(group, []).append(key)
        texts[group] = "jump to step N" if jump else binding.description
    lines = [KEYS_TITLE]
    for group, names in keys.items():
        shown = " ".join(_jump_keys(names) if group == "wizard.step" else names)
        lines.append(f"  {shown:<{KEY_COLUMN}} {texts[group]}")
    return "\n".join(lines)


def _jump_keys(names: list[str]) -> list[str]:
    """alt+1 ... alt+7 as "alt+N" (each family of the step jumps' keys once)."""
    families = []
    for name in names:
        if re.fullmatch(r"f1[3-9]", name):
            name = "shift+f" + str(int(name[1:]) - 12)  # what xterm and tmux send for it
        family = name.rstrip("0123456789") + "N" if name[-1].isdigit() else name
        if family not in families:
            families.append(family)
    return families


def unknown_binding_ids(keymap: dict[str, str], known: set[str]) -> list[str]:
    return sorted(binding_id for binding_id in keymap if binding_id not in known)


def preset_choices() -> list[tuple[str, str]]:
    from tui.core.presets import PRESETS

    return [(name, preset.title) for name, preset in PRESETS.items()]


def blank_template(config: ClientConfig | None) -> dict[str, Any]:
    """A new template: the account from the configuration, an empty bundle to fill in."""
    template: dict[str, Any] = {}
    account = (config.account_id if config else None) or os.environ.get("SGP_ACCOUNT_ID")
    if account:
        template["account_id"] = account
    template[VC] = {"bundle_config": {}}
    return template


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
    return WizardApp(
        session,
        config=config,
        target_label=target_label,
        transport=transport,
        theme=theme,
        choose_start=no_start if choose_start is None else choose_start,
        template_id=template_id,
        recovery=recovery,
        notices=notices,
        first_step=first_step,
        targets=targets,
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
