"""The wizard screen: step list | the current step | live preview, and the footer.

All state is in the `EditSession`; this screen turns widget events into session edits and
pushes the session's findings back into the widgets after each change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, ContentSwitcher, Switch

from tui.core.launch_rules import required_paths
from tui.core.report import Finding
from tui.core.session import (
    BUNDLE,
    ENDPOINT,
    FINE_TUNING,
    FORM_STEPS,
    STEP_IDS,
    STEPS,
    EditSession,
    step_keys,
    step_of,
)
from tui.debounce import Debouncer
from tui.screens.steps import (
    CREATION_PARAMS,
    FORM_STEP_CLASSES,
    REQUEST_PARAMS,
    GpuLimitsNote,
    StepForm,
)
from tui.widgets.form_field import FormField, owns
from tui.widgets.key_footer import KeyFooter
from tui.widgets.preview import Preview
from tui.widgets.step_list import StepList

if TYPE_CHECKING:
    from tui.app import WizardApp

FORM_STEP_BY_ID = {step_class.STEP_ID: step_class for step_class in FORM_STEP_CLASSES}
PREVIEW_DELAY = 0.15
"""Seconds after the last change before the preview and Review are re-rendered."""
PARAM_TABLES = {"params-creation": CREATION_PARAMS, "params-request": REQUEST_PARAMS}
IMAGE_FIELDS = {
    f"{BUNDLE}.registry",
    f"{BUNDLE}.image",
    f"{FINE_TUNING}.registry",
    f"{FINE_TUNING}.image",
}


def _binding(
    keys: str, action: str, description: str, binding_id: str, tip: str, *, show: bool = True
) -> Binding:
    return Binding(keys, action, description, id=binding_id, tooltip=tip, show=show)


class WizardScreen(Screen[None]):
    """One screen for the whole wizard; steps live in a ContentSwitcher."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (96, "-wide")]

    # Every binding has an id (remappable in keymap.toml), a footer entry and an F-key alias.
    # The step jumps' footer entry is the step list itself: step N is alt+N or shift+F<N>.
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
        # A step jump that reaches the app in every terminal, tmux and screen included:
        # ctrl+l puts the focus on the step list, where 1..7 (or arrows and Enter) jump.
        Binding(
            "ctrl+l,f11",
            "focus_steps",
            "step list, then 1-7",
            id="wizard.steps",
            tooltip="Focus the step list: then 1-7 jumps to that step.",
            show=False,
            priority=True,  # in key order: the digit sent right after it goes to the list
        ),
        # Tab and shift+Tab move the focus in key order (priority): as Textual's own, non-
        # priority bindings, a Tab sent in a burst acted only once the focused field had
        # handled the keys before it, and the keys after it had gone to that field already.
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
        *[
            Binding(
                # xterm, tmux and screen send shift+F<N> as F<12+N> (F13..F19): that is the key
                # Textual receives; "shift+f<N>" is what terminals with richer key reports send.
                f"alt+{step.number},f{12 + step.number},shift+f{step.number}",
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

    def __init__(self, session: EditSession, *, first_step: str = "basics") -> None:
        super().__init__(id="wizard")
        self.first_step = first_step
        self.session = session
        self._next_armed: str | None = None
        self._fine_tuning_stash: dict[str, Any] | None = None
        self._steps: dict[str, Widget] = {}
        self._ready: set[str] = set()
        self._stale: set[str] = set()
        self._waiting: dict[str, list[Callable[[Widget], object]]] = {}
        self._fields: dict[str, FormField] = {}
        self._step_fields: dict[str, list[FormField]] = {}
        self._could_submit: bool | None = None
        self._step_findings_shown: dict[str, tuple[object, ...]] = {}
        self._step_list: StepList | None = None
        """Per form step, what its fields last showed (findings, touched, visited)."""
        self._summaries = Debouncer(self, PREVIEW_DELAY, self._refresh_summaries, leading=True)
        self._validated = False
        """False until the first frame is painted: nothing asks for findings before it."""
        self._view_pending = False

    @property
    def wizard(self) -> WizardApp:
        return self.app  # type: ignore[return-value]

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        first = self.first_step
        self.set_reactive(WizardScreen.current, first)
        # Steps, form and preview are the screen's own children (laid out side by side by
        # the stylesheet): every level less is one less hop for each key and message.
        yield StepList(id="steps")
        with ContentSwitcher(initial=first, id="step-switcher"):
            yield self._make_step(first)
        yield Preview(id="preview")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one(Preview).follow(*step_keys(self.current))
        self._step_ready(self.current)
        container = self._steps[self.current]
        fields = container.query(FormField)
        if self.current == "basics" and fields:
            fields.first().control.focus(scroll_visible=False)
        else:
            self._focus_first_in(container)
        self.call_after_refresh(self._after_first_paint)

    def _after_first_paint(self) -> None:
        """What the first frame does not need: validation (the first report imports pydantic
        and the request models, as long as the rest of the start-up), so the findings, the
        step states, the submit binding and the preview follow the first frame."""
        self._validated = True
        self.refresh_view()

    def _make_step(self, step: str) -> Widget:
        """A new, unmounted widget for `step` (steps are mounted when first shown)."""
        if step in FORM_STEP_BY_ID:
            widget: Widget = FORM_STEP_BY_ID[step]()
        else:
            from tui.screens.review import ResultStep, ReviewStep

            widget = ReviewStep() if step == "review" else ResultStep()
        self._steps[step] = widget
        return widget

    def ensure_step(self, step: str) -> Widget:
        """The widget of `step`, mounted (hidden) if this is its first visit."""
        widget = self._steps.get(step)
        if widget is not None:
            return widget
        widget = self._make_step(step)
        widget.display = False
        mounted = self.query_one(ContentSwitcher).mount(widget)

        async def ready() -> None:
            await mounted
            self._step_ready(step)

        self.call_next(ready)
        return widget

    def when_step_ready(self, step: str, callback: Callable[[Widget], object]) -> None:
        """Run `callback(widget)` once `step` is mounted and composed (now, if it is)."""
        widget = self.ensure_step(step)
        if step in self._ready:
            callback(widget)
        else:
            self._waiting.setdefault(step, []).append(callback)

    def _step_ready(self, step: str) -> None:
        """A step was just composed: index its fields, load the values, show findings."""
        widget = self._steps[step]
        self._ready.add(step)
        for field in widget.query(FormField):
            self._fields[field.path] = field
        self._load_step(step)
        self._stale.add(step)
        if step == self.current:
            self._refresh_step(step)
        for callback in self._waiting.pop(step, []):
            callback(widget)

    def is_step_mounted(self, step: str) -> bool:
        return step in self._ready

    # -- session -> widgets -------------------------------------------------------------

    def field_value(self, path: str) -> Any:
        """The session's value at `path`: a FormField builds its control showing it."""
        return self.session.get(path)

    def load_all(self) -> None:
        """Put every session value into the mounted steps (after a load, a preset, a restore);
        steps mounted later load theirs when they mount."""
        for step in list(self._ready):
            self._load_step(step)
            self._stale.add(step)

    def _load_step(self, step: str) -> None:
        widget = self._steps[step]
        self._step_findings_shown.pop(step, None)  # loaded widgets show their findings anew
        for field in widget.query(FormField):
            field.load(self.session.get(field.path))
        if step == "params":
            for table_id, path in PARAM_TABLES.items():
                table = widget.query_one(f"#{table_id}")
                if hasattr(table, "set_value"):
                    table.set_value(self.session.get(path) or [])
        if step == "finetune":
            enabled = self.session.get(FINE_TUNING) is not None
            switch = widget.query_one("#ft-enabled", Switch)
            with switch.prevent(Switch.Changed):
                switch.value = enabled
            widget.query_one("#ft-fields").display = enabled

    def reload_fields(self, *paths: str) -> None:
        """Show the session's values in the fields at or under `paths`, which changed behind
        them (a follow, a fill, a toggled section).

        Never a field's own change echoed back: in a burst of keys the session lags what the
        field holds, and writing the older value back put the cursor back with it.
        """
        for path, field in self._fields.items():
            if any(owns(prefix, path) for prefix in paths):
                field.load(self.session.get(path))

    def refresh_view_soon(self) -> None:
        """`refresh_view` once the next frame is painted (once for any number of changes
        before it): a keystroke's echo in its field is painted first, then the findings,
        step marks and preview follow, a frame later."""
        if not self._view_pending:
            self._view_pending = True
            self.call_after_refresh(self._pending_refresh_view)

    def _pending_refresh_view(self) -> None:
        self._view_pending = False
        self.refresh_view()

    def refresh_view(self) -> None:
        """Push the session's findings into the widgets, touching only what changed.

        Runs on every keystroke, so: only the shown step's fields and banner are updated
        (other mounted steps are marked stale and refreshed when shown); the step list only
        redraws when a step's state changes; bindings are refreshed only when a gating state
        (can submit) changes. The preview and the Review step are coalesced: they are
        rendered at once for a lone change, but during typing only once it pauses for
        PREVIEW_DELAY seconds (and at once when Review is shown), because rendering the body
        on each key would cost more than the key itself.
        """
        if not self.is_mounted or not self._validated:
            return
        self._stale.update(self._ready)
        self._refresh_step(self.current)
        self._update_step_list()
        can_submit = self.session.can_submit
        if can_submit != self._could_submit:
            self._could_submit = can_submit
            self.refresh_bindings()
        self._summaries.changed()

    def _refresh_step(self, step: str) -> None:
        if step not in self._ready or step not in self._stale or not self._validated:
            return
        self._stale.discard(step)
        if step in FORM_STEPS:
            self._refresh_form_step(step)
        elif step == "review":
            self._refresh_review()

    def _refresh_form_step(self, step: str) -> None:
        session = self.session
        findings = session.findings
        widget = self._steps[step]
        self._update_dynamic_fields(step)
        # Typing usually leaves the findings as they were: then no field can change.
        shown = (tuple(findings), frozenset(session.touched), frozenset(session.visited))
        if self._step_findings_shown.get(step) == shown:
            return
        self._step_findings_shown[step] = shown
        by_field = self._findings_by_field(findings)
        shown_by_field: set[Finding] = set()
        for field in self._fields_of(step):
            mine = by_field.get(field.path, [])
            shown_by_field.update(mine)
            field.show_findings(mine, session.is_shown(field.path))
        if step == "params":
            for table_id, path in PARAM_TABLES.items():
                table = widget.query_one(f"#{table_id}")
                mine = [f for f in findings if owns(path.rsplit(".", 1)[0], f.path)]
                if hasattr(table, "show_findings"):
                    table.show_findings(mine)
                    shown_by_field.update(mine)
        rest = [
            f
            for f in session.findings_for_step(step)
            if f not in shown_by_field and session.is_shown(f.path)
        ]
        if isinstance(widget, StepForm):
            widget.show_step_findings(rest)

    def _fields_of(self, step: str) -> list[FormField]:
        fields = self._step_fields.get(step)
        if fields is None:
            fields = [f for f in self._fields.values() if step_of(f.path) == step]
            self._step_fields[step] = fields
        return fields

    def _findings_by_field(self, findings: list[Finding]) -> dict[str, list[Finding]]:
        """Each mounted field's findings (at or under its path), without scanning the DOM."""
        by_field: dict[str, list[Finding]] = {}
        for finding in findings:
            path = finding.path
            while path:
                if path in self._fields:
                    by_field.setdefault(path, []).append(finding)
                path = path.rpartition(".")[0]
        return by_field

    def _update_step_list(self) -> None:
        if not self._validated:
            return
        session = self.session
        states = session.step_states()
        states["review"] = "errors" if session.report.errors else "valid"
        result = self.wizard.result_view
        if result is not None:
            states["result"] = "valid" if result.ok else "errors"
        self.step_list.update_states(states, self.current)

    @property
    def step_list(self) -> StepList:
        if self._step_list is None:
            self._step_list = self.query_one(StepList)
        return self._step_list

    def _refresh_summaries(self) -> None:
        self.query_one(Preview).show(self.session.body())
        if "review" in self._ready:
            self._stale.add("review")
            if self.current == "review":
                self._refresh_step("review")

    def _refresh_review(self) -> None:
        from tui.screens.review import ReviewStep

        review = self._steps["review"]
        if isinstance(review, ReviewStep):
            session = self.session
            target = self.wizard.target_label
            unset = self.wizard.unset_variables()  # what the submit resolves
            review.show(session.findings, session.body(), target, self._account(), unset)

    def _account(self) -> str:
        account = self.session.get("account_id")
        return account if isinstance(account, str) else ""

    def _update_dynamic_fields(self, step: str) -> None:
        """Requiredness and emphasis that depend on other values (display only; the
        conditions come from the core's Launch rules)."""
        if step not in ("bundle", "resources", "finetune"):
            return
        required = required_paths(self.session.template)
        if step == "bundle":
            streaming_field = self._fields.get(f"{BUNDLE}.streaming_command")
            if streaming_field is not None:
                streaming = streaming_field.path in required
                streaming_field.set_required(streaming)
                streaming_field.set_emphasis(streaming)
        prefixes = {"resources": ENDPOINT, "finetune": f"{FINE_TUNING}.resources"}
        prefix = prefixes.get(step)
        if prefix is None:
            return
        gpu_field = self._fields.get(f"{prefix}.gpu_type")
        if gpu_field is not None:
            has_gpus = gpu_field.path in required
            gpu_field.set_required(has_gpus)
            gpu_field.control.disabled = not has_gpus and gpu_field.value is None
        note = gpu_field.parent.query(GpuLimitsNote) if gpu_field and gpu_field.parent else []
        for widget in note:
            widget.show_for(self.session.get(f"{prefix}.gpu_type"))

    # -- widgets -> session -------------------------------------------------------------

    @on(FormField.Changed)
    def _field_changed(self, event: FormField.Changed) -> None:
        event.stop()
        value = event.field.value  # what the field holds now (the event may lag a burst)
        pasted_reference = event.pasted and event.path in IMAGE_FIELDS
        if pasted_reference and self._fill_image_reference(event.path, value):
            return
        followed = self.session.set(event.path, value)
        self.reload_fields(*followed)

    @on(FormField.Committed)
    def _field_committed(self, event: FormField.Committed) -> None:
        event.stop()
        if event.path in IMAGE_FIELDS:
            self._fill_image_reference(event.path, event.field.value)

    def _fill_image_reference(self, path: str, value: Any) -> bool:
        """A full reference pasted or typed into an image field fills registry, image and
        tag at once (when it is pasted, or when the field is left)."""
        if not isinstance(value, str):
            return False
        from tui.core.images import parse_image_reference

        reference = parse_image_reference(value)
        if reference is None or not value.strip().startswith(reference.registry + "/"):
            return False
        prefix = path.rsplit(".", 1)[0]
        parts = {f"{prefix}.registry": reference.registry, f"{prefix}.image": reference.image}
        if reference.explicit_tag:
            parts[f"{prefix}.tag"] = reference.tag
        for part, text in parts.items():
            self.session.set(part, text if part == path else self._filled_text(part, text))
        self.reload_fields(*parts)
        self.notify(f"Filled registry, image and tag from {value.strip()}", timeout=3)
        return True

    def _filled_text(self, path: str, text: str) -> str:
        """`text` for a filled field, followed by what was typed into it that the session
        has not seen yet (a Tab and more keys sent in the same burst as the reference)."""
        field = self._fields.get(path)
        if field is None or field.value == self.session.get(path):
            return text
        known = _as_text(self.session.get(path))
        typed = _as_text(field.value)
        return text + (typed[len(known) :] if typed.startswith(known) else typed)

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
            # A newly enabled section starts quiet: its errors appear once its fields are
            # touched or the user tries to move on (a preset or draft had marked it visited).
            self.session.visited.discard("finetune")
            self.session.touched = {p for p in self.session.touched if step_of(p) != "finetune"}
            self.session.set(FINE_TUNING, self._fine_tuning_stash or {})
            self.session.touched.discard(FINE_TUNING)
            self._stale.add("finetune")
            self.refresh_view()
        else:
            self._fine_tuning_stash = self.session.get(FINE_TUNING)
            self.session.unset(FINE_TUNING)
        self.reload_fields(FINE_TUNING)

    @on(StepList.Selected)
    def _step_selected(self, event: StepList.Selected) -> None:
        self.show_step(event.step)

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        actions = {
            "review-submit": self.action_submit,
            "review-save": self.action_save,
            "review-variables": self.wizard.ask_variable_values,
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
        self.ensure_step(step)
        self.query_one(ContentSwitcher).current = step
        self.query_one(Preview).follow(*step_keys(step))
        if step == "review" and step in self._ready:
            self._stale.add(step)  # the review may lag the debounce: show it exact
        self._refresh_step(step)
        self._update_step_list()

    def show_step(self, step: str, *, focus: bool = True) -> None:
        self._next_armed = None
        self.ensure_step(step)
        self.current = step
        self.when_step_ready(step, lambda container: self._shown(container, focus))

    def _shown(self, container: Widget, focus: bool) -> None:
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
                # The step may have no layout yet: scrolling to the field now would
                # scroll the step past its title.
                widget.focus(scroll_visible=False)
                return

    def jump_to(self, path: str) -> None:
        """Show the step that edits `path` and focus the closest field."""
        step = step_of(path)
        self.session.touch_step(step)
        self._stale.add(step)
        self.show_step(step, focus=False)

        def focus_target(container: Widget) -> None:
            self._refresh_step(step)
            target = self._widget_for(path, step)
            if target is not None:
                self.call_after_refresh(self._focus_widget, target)

        self.when_step_ready(step, focus_target)

    def _widget_for(self, path: str, step: str) -> Widget | None:
        container = self._steps.get(step)
        if container is None or step not in self._ready:
            return None
        candidates = [f for f in self._fields_of(step) if owns(f.path, path)]
        if candidates:
            return max(candidates, key=lambda f: len(f.path))
        for table_id, table_path in PARAM_TABLES.items():
            if owns(table_path.rsplit(".", 1)[0], path):
                return container.query_one(f"#{table_id}")
        fields = self._fields_of(step)
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

    def action_focus_steps(self) -> None:
        self.set_focus(self.step_list)

    def action_toggle_preview(self) -> None:
        preview = self.query_one(Preview)
        preview.toggle_format()
        if not preview.display:
            name = preview.HEADERS[preview.format]
            self.notify(
                f"The preview will show the {name}; it is hidden below 96 columns "
                "(widen the terminal to see it).",
                title="Preview hidden",
                timeout=4,
            )

    def step_help(self, step: str) -> str:
        """The help text of `step` (from its class: the step need not be mounted)."""
        if step in FORM_STEP_BY_ID:
            return FORM_STEP_BY_ID[step].HELP
        from tui.screens.review import ResultStep, ReviewStep

        return (ReviewStep if step == "review" else ResultStep).HELP

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
            # Enabled even with errors: pressing it then says what to fix (a disabled key
            # would do nothing, silently). Only a submit under way disables it.
            return None if self.submitting or not self._validated else True
        if action == "back":
            return None if self.current == "basics" else True
        if action == "next":
            return None if self.current in ("review", "result") else True
        return True


def _as_text(value: Any) -> str:
    return value if isinstance(value, str) else ""
