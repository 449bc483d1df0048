"""The wizard screen: step list | the current step | live preview, and the footer.

All state is in the `EditSession`; this screen turns widget events into session edits and
pushes the session's findings back into the widgets after each change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, ContentSwitcher, Footer, Switch

from tui.core.findings import Finding
from tui.core.session import BUNDLE, FINE_TUNING, FORM_STEPS, STEP_IDS, STEPS, EditSession, step_of
from tui.screens.review import ResultStep, ReviewStep
from tui.screens.steps import (
    CREATION_PARAMS,
    FORM_STEP_CLASSES,
    REQUEST_PARAMS,
    GpuLimitsNote,
    StepForm,
)
from tui.widgets.form_field import FormField, owns
from tui.widgets.preview import Preview
from tui.widgets.step_list import StepList

if TYPE_CHECKING:
    from tui.app import WizardApp

PARAM_TABLES = {"params-creation": CREATION_PARAMS, "params-request": REQUEST_PARAMS}
IMAGE_FIELDS = {
    f"{BUNDLE}.registry",
    f"{BUNDLE}.image",
    f"{FINE_TUNING}.registry",
    f"{FINE_TUNING}.image",
}


def _binding(keys: str, action: str, description: str, binding_id: str, tip: str) -> Binding:
    return Binding(keys, action, description, id=binding_id, tooltip=tip)


class WizardScreen(Screen[None]):
    """One screen for the whole wizard; steps live in a ContentSwitcher."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (96, "-wide")]

    BINDINGS = [
        _binding("f1", "help", "Help", "wizard.help", "Help for the current step and the keys."),
        _binding("ctrl+g,f8", "back", "Back", "wizard.back", "Go to the previous step."),
        _binding("ctrl+n,f9", "next", "Next", "wizard.next", "Go to the next step."),
        _binding("ctrl+s,f2", "save", "Save", "wizard.save", "Save the draft (TOML)."),
        _binding("f3", "save_as", "Save as", "wizard.save_as", "Save the draft to a new file."),
        _binding("ctrl+t,f4", "toggle_preview", "JSON/TOML", "wizard.preview", "Preview format."),
        _binding("ctrl+r,f5", "submit", "Submit", "wizard.submit", "Submit the template."),
        _binding("f6", "goto('review')", "Review", "wizard.review", "Go to the review step."),
        _binding("f7", "copy_menu", "Copy", "wizard.copy", "Copy the body, curl or SDK code."),
        *[
            Binding(
                f"alt+{step.number}",
                f"goto('{step.id}')",
                step.title,
                show=False,
                id=f"wizard.step{step.number}",
                tooltip=f"Jump to step {step.number}: {step.title}.",
            )
            for step in STEPS
        ],
    ]

    current: reactive[str] = reactive("basics", bindings=True)
    submitting: reactive[bool] = reactive(False, bindings=True)

    def __init__(self, session: EditSession) -> None:
        super().__init__(id="wizard")
        self.session = session
        self._next_armed: str | None = None
        self._fine_tuning_stash: dict[str, Any] | None = None

    @property
    def wizard(self) -> WizardApp:
        return self.app  # type: ignore[return-value]

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="wizard-body"):
            yield StepList(id="steps")
            with ContentSwitcher(initial="basics", id="step-switcher"):
                for step_class in FORM_STEP_CLASSES:
                    yield step_class()
                yield ReviewStep()
                yield ResultStep()
            yield Preview(id="preview")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.load_all()
        self.refresh_view()
        first = self.session.first_step_needing_attention() if self.session.visited else None
        if first is not None:
            self.show_step(first)
        else:
            self.query_one(FormField).control.focus()

    # -- session -> widgets -------------------------------------------------------------

    def load_all(self) -> None:
        """Put every session value into its widget (after a load, a preset, a restore)."""
        for field in self.query(FormField):
            field.load(self.session.get(field.path))
        for table_id, path in PARAM_TABLES.items():
            table = self.query_one(f"#{table_id}")
            if hasattr(table, "set_value"):
                table.set_value(self.session.get(path) or [])
        enabled = self.session.get(FINE_TUNING) is not None
        switch = self.query_one("#ft-enabled", Switch)
        with switch.prevent(Switch.Changed):
            switch.value = enabled
        self.query_one("#ft-fields").display = enabled

    def sync_changed_fields(self) -> None:
        """Reload the fields whose session value changed behind them (a follow, a paste)."""
        for field in self.query(FormField):
            value = self.session.get(field.path)
            if value != field.value:
                field.load(value)

    def refresh_view(self) -> None:
        session = self.session
        findings = session.findings
        self._update_dynamic_fields()
        shown_by_field: set[Finding] = set()
        for field in self.query(FormField):
            mine = [f for f in findings if owns(field.path, f.path)]
            shown_by_field.update(mine)
            field.show_findings(mine, session.is_shown(field.path))
        for table_id, path in PARAM_TABLES.items():
            table = self.query_one(f"#{table_id}")
            mine = [f for f in findings if owns(path.rsplit(".", 1)[0], f.path)]
            if hasattr(table, "show_findings"):
                table.show_findings(mine)
                shown_by_field.update(mine)
        for step in self.query(StepForm):
            rest = [
                f
                for f in session.findings_for_step(step.STEP_ID)
                if f not in shown_by_field and session.is_shown(f.path)
            ]
            step.show_step_findings(rest)
        states = {step: session.step_state(step) for step in FORM_STEPS}
        states["review"] = "errors" if session.report.errors else "valid"
        self.query_one(StepList).update_states(states, self.current)
        self.query_one(Preview).show(session.body())
        self.query_one(ReviewStep).show(
            findings, session.body(), self.wizard.target_label, self._account()
        )
        self.refresh_bindings()

    def _account(self) -> str:
        account = self.session.get("account_id")
        return account if isinstance(account, str) else ""

    def _update_dynamic_fields(self) -> None:
        """Requiredness and emphasis that depend on other values (display only)."""
        streaming = "STREAMING" in (
            self.session.get("endpoint_type"),
            self.session.get("vendor_configuration.endpoint_config.endpoint_type"),
        )
        streaming_field = self._field(f"{BUNDLE}.streaming_command")
        if streaming_field is not None:
            streaming_field.set_required(streaming)
            streaming_field.set_emphasis(streaming)
        for prefix in ("vendor_configuration.endpoint_config", f"{FINE_TUNING}.resources"):
            gpus = self.session.get(f"{prefix}.gpus")
            has_gpus = isinstance(gpus, int) and gpus > 0
            gpu_field = self._field(f"{prefix}.gpu_type")
            if gpu_field is not None:
                gpu_field.set_required(has_gpus)
                gpu_field.control.disabled = not has_gpus and gpu_field.value is None
            note = gpu_field.parent.query(GpuLimitsNote) if gpu_field and gpu_field.parent else []
            for widget in note:
                widget.show_for(self.session.get(f"{prefix}.gpu_type"))

    def _field(self, path: str) -> FormField | None:
        for field in self.query(FormField):
            if field.path == path:
                return field
        return None

    # -- widgets -> session -------------------------------------------------------------

    @on(FormField.Changed)
    def _field_changed(self, event: FormField.Changed) -> None:
        event.stop()
        pasted = event.path in IMAGE_FIELDS and not _typed_onward(
            self.session.get(event.path), event.value
        )
        if pasted and self._fill_image_reference(event.path, event.value):
            return
        self.session.set(event.path, event.value)
        self.sync_changed_fields()

    @on(FormField.Committed)
    def _field_committed(self, event: FormField.Committed) -> None:
        event.stop()
        if event.path in IMAGE_FIELDS:
            self._fill_image_reference(event.path, event.value)

    def _fill_image_reference(self, path: str, value: Any) -> bool:
        """A pasted full reference fills registry, image and tag at once."""
        if not isinstance(value, str):
            return False
        try:
            from tui.core.images import parse_image_reference
        except ImportError:
            return False
        reference = parse_image_reference(value)
        if reference is None or not value.strip().startswith(reference.registry + "/"):
            return False
        prefix = path.rsplit(".", 1)[0]
        self.session.set(f"{prefix}.registry", reference.registry)
        self.session.set(f"{prefix}.image", reference.image)
        if reference.explicit_tag:
            self.session.set(f"{prefix}.tag", reference.tag)
        self.sync_changed_fields()
        self.notify(f"Filled registry, image and tag from {value.strip()}", timeout=3)
        return True

    def on_parameter_table_changed(self, event: Any) -> None:
        event.stop()
        table_id = event.control.id if hasattr(event, "control") else event.table.id
        path = PARAM_TABLES.get(table_id or "")
        if path is None:
            return
        value = list(event.value)
        if value:
            self.session.set(path, value)
        else:
            self.session.unset(path.rsplit(".", 1)[0])

    @on(Switch.Changed, "#ft-enabled")
    def _fine_tuning_toggled(self, event: Switch.Changed) -> None:
        event.stop()
        present = self.session.get(FINE_TUNING) is not None
        self.query_one("#ft-fields").display = event.value
        if event.value == present:
            return
        if event.value:
            self.session.set(FINE_TUNING, self._fine_tuning_stash or {})
        else:
            self._fine_tuning_stash = self.session.get(FINE_TUNING)
            self.session.unset(FINE_TUNING)
        self.sync_changed_fields()

    @on(StepList.Selected)
    def _step_selected(self, event: StepList.Selected) -> None:
        self.show_step(event.step)

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        actions = {
            "review-submit": self.action_submit,
            "review-save": self.action_save,
            "review-copy-json": lambda: self.wizard.copy_as("json"),
            "review-copy-curl": lambda: self.wizard.copy_as("curl"),
            "review-copy-python": lambda: self.wizard.copy_as("python"),
            "result-retry": self.action_submit,
            "result-back": lambda: self.show_step("review"),
            "result-fix": self.jump_to_first_finding,
            "result-new": self.wizard.action_new,
            "result-copy-id": self.wizard.copy_result_id,
            "result-api-key": lambda: self.wizard.ask_api_key(then_submit=True),
        }
        action = actions.get(event.button.id or "")
        if action is not None:
            event.stop()
            action()

    def on_findings_list_jump(self, event: Any) -> None:
        event.stop()
        self.jump_to(event.path)

    # -- navigation ---------------------------------------------------------------------

    def watch_current(self, step: str) -> None:
        if not self.is_mounted:
            return
        self.query_one(ContentSwitcher).current = step
        self.refresh_view()

    def show_step(self, step: str, *, focus: bool = True) -> None:
        self._next_armed = None
        self.current = step
        container = self.query_one(f"#{step}")
        container.scroll_home(animate=False)
        if focus:
            self.call_after_refresh(self._focus_first_in, container)

    def _focus_first_in(self, container: Widget) -> None:
        """Move focus into the shown step (focus in a hidden step would swallow keys)."""
        focused = self.focused
        if focused is not None and container in focused.ancestors:
            return
        for widget in container.query("*"):
            if widget.focusable and widget.display and not widget.disabled:
                widget.focus()
                return

    def jump_to(self, path: str) -> None:
        """Show the step that edits `path` and focus the closest field."""
        step = step_of(path)
        self.session.touch_step(step)
        self.show_step(step, focus=False)
        target = self._widget_for(path, step)
        if target is not None:
            self.call_after_refresh(self._focus_widget, target)

    def _widget_for(self, path: str, step: str) -> Widget | None:
        candidates = [f for f in self.query_one(f"#{step}").query(FormField) if owns(f.path, path)]
        if candidates:
            return max(candidates, key=lambda f: len(f.path))
        for table_id, table_path in PARAM_TABLES.items():
            if owns(table_path.rsplit(".", 1)[0], path):
                return self.query_one(f"#{table_id}")
        fields = list(self.query_one(f"#{step}").query(FormField))
        return fields[0] if fields else None

    def _focus_widget(self, widget: Widget) -> None:
        control = widget.control if isinstance(widget, FormField) else widget
        if control.focusable or hasattr(control, "focus"):
            control.focus()
        widget.scroll_visible(animate=False)

    def jump_to_first_finding(self) -> None:
        errors = [f for f in self.session.findings if f.is_error] or self.session.findings
        if errors:
            self.jump_to(errors[0].path)

    def action_next(self) -> None:
        step = self.current
        if step in FORM_STEPS:
            self.session.touch_step(step)
            self.refresh_view()
            errors = [f for f in self.session.findings_for_step(step) if f.is_error]
            if errors and self._next_armed != step:
                self._next_armed = step
                self.notify(
                    f"{len(errors)} error(s) on this step. Press Next again to continue anyway "
                    "(you can come back; Save keeps a half-finished draft).",
                    title="This step has errors",
                    severity="warning",
                )
                target = self._widget_for(errors[0].path, step)
                if target is not None:
                    self._focus_widget(target)
                return
        index = STEP_IDS.index(step)
        if index + 1 < STEP_IDS.index("result"):
            self.show_step(STEP_IDS[index + 1])

    def action_back(self) -> None:
        index = STEP_IDS.index(self.current)
        if index > 0:
            self.show_step(STEP_IDS[min(index - 1, STEP_IDS.index("review"))])

    def action_goto(self, step: str) -> None:
        if step in STEP_IDS:
            self.show_step(step)

    def action_toggle_preview(self) -> None:
        self.query_one(Preview).toggle_format()

    def action_help(self) -> None:
        self.wizard.show_help(self.current)

    def action_save(self) -> None:
        self.wizard.save()

    def action_save_as(self) -> None:
        self.wizard.save_as()

    def action_copy_menu(self) -> None:
        self.wizard.copy_menu()

    def action_submit(self) -> None:
        self.wizard.submit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "submit":
            return None if self.submitting or not self.session.can_submit else True
        if action == "back":
            return None if self.current == "basics" else True
        if action == "next":
            return None if self.current in ("review", "result") else True
        return True


def _typed_onward(before: Any, after: Any) -> bool:
    """Whether `after` is `before` plus one typed character (not a paste)."""
    before_text = before if isinstance(before, str) else ""
    return isinstance(after, str) and len(after) == len(before_text) + 1
