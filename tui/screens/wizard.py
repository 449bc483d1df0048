"""The wizard screen: step list | the current step | live preview, and the footer.

All state is in the `EditSession`; this screen turns widget events into session edits and
pushes the session's findings back into the steps after each change. What needs a dialog, a
file or the server (save, submit, copy, help, start over) it asks of the app by a message;
it reads the rest (where requests go, the last result) from the plain `WizardController`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, ContentSwitcher

from tui.core.session import BUNDLE, FINE_TUNING, FORM_STEPS, STEP_IDS, STEPS, step_keys, step_of
from tui.debounce import Debouncer
from tui.screens.steps import FORM_STEP_CLASSES, StepForm
from tui.widgets.form_field import FormField
from tui.widgets.key_footer import KeyFooter
from tui.widgets.preview import Format, Preview
from tui.widgets.step_list import StepList

if TYPE_CHECKING:
    from textual.widget import AwaitMount

    from tui.controller import WizardController

FORM_STEP_BY_ID = {step_class.STEP_ID: step_class for step_class in FORM_STEP_CLASSES}
PREVIEW_DELAY = 0.15
"""Seconds after the last change before the preview and Review are re-rendered."""
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
    """A submit is under way (Submit does nothing until it ends)."""
    can_submit: reactive[bool] = reactive(False, bindings=True)
    """The template has no errors (the footer's keys are refreshed when it changes)."""
    preview_format: reactive[Format] = reactive("json")
    """What the preview pane shows: the JSON body or the TOML draft."""

    # -- what the screen asks the app for (the app owns dialogs, files and the server) ----

    class SaveRequested(Message):
        """Save the draft (`as_new`: ask for a new file first)."""

        def __init__(self, *, as_new: bool = False) -> None:
            super().__init__()
            self.as_new = as_new

    class SubmitRequested(Message):
        """Create the template on the server."""

    class CopyRequested(Message):
        """Copy the request as `fmt` (json, toml, curl, python; None: ask which), or the
        created template's id (`fmt="id"`)."""

        def __init__(self, fmt: str | None = None) -> None:
            super().__init__()
            self.fmt = fmt

    class HelpRequested(Message):
        """Show the help of `step` and the keys in force."""

        def __init__(self, step: str) -> None:
            super().__init__()
            self.step = step

    class StartOverRequested(Message):
        """Start a new template (asks first when there are unsaved changes)."""

    class ValuesRequested(Message):
        """Ask for the values of the unset `${NAME}`s (kept in memory for this session)."""

    class ApiKeyRequested(Message):
        """Ask for the API key, then submit."""

    def __init__(self, controller: WizardController, *, first_step: str = "basics") -> None:
        super().__init__(id="wizard")
        self.controller = controller
        self.session = controller.session
        self.first_step = first_step
        self._steps: dict[str, Widget] = {}
        """Every step built so far; steps are mounted when first shown."""
        self._mounting: dict[str, AwaitMount] = {}
        self._stale: set[str] = set()
        """Steps whose findings are older than the session's (refreshed when shown)."""
        self._next_armed: str | None = None
        """The step where Next warned about errors once (a second Next moves on)."""
        self._summaries = Debouncer(self, PREVIEW_DELAY, self._refresh_summaries, leading=True)
        self._validated = False
        """False until the first frame is painted: nothing asks for findings before it."""
        self._view_pending = False

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        first = self.first_step
        self.set_reactive(WizardScreen.current, first)
        # Steps, form and preview are the screen's own children (laid out side by side by
        # the stylesheet): every level less is one less hop for each key and message.
        yield StepList(id="steps")
        with ContentSwitcher(initial=first, id="step-switcher"):
            yield self._make_step(first)
        yield Preview(id="preview").data_bind(format=WizardScreen.preview_format)
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one(Preview).follow(*step_keys(self.current))
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
        """A new, unmounted widget for `step`."""
        if step in FORM_STEP_BY_ID:
            widget: Widget = FORM_STEP_BY_ID[step](self.session)
        else:
            from tui.screens.review import ResultStep, ReviewStep

            widget = ReviewStep() if step == "review" else ResultStep()
        self._steps[step] = widget
        self._stale.add(step)
        return widget

    def _start_step(self, step: str) -> Widget:
        """The widget of `step`; on its first visit, mounting (hidden) starts."""
        widget = self._steps.get(step)
        if widget is None:
            widget = self._make_step(step)
            widget.display = False
            self._mounting[step] = self.query_one(ContentSwitcher).mount(widget)
        return widget

    async def step_widget(self, step: str) -> Widget:
        """The widget of `step`, mounted and composed (a form step has loaded its values)."""
        widget = self._start_step(step)
        mounting = self._mounting.get(step)
        if mounting is not None and not widget.is_mounted:
            await mounting
        self._mounting.pop(step, None)
        return widget

    def is_step_mounted(self, step: str) -> bool:
        widget = self._steps.get(step)
        return widget is not None and widget.is_mounted

    def _mounted_forms(self) -> list[StepForm]:
        return [
            widget
            for step, widget in self._steps.items()
            if isinstance(widget, StepForm) and widget.is_mounted
        ]

    # -- session -> widgets -------------------------------------------------------------

    def load_all(self) -> None:
        """Put every session value into the mounted steps (after a load, a preset, a restore);
        steps mounted later load theirs when they mount."""
        for form in self._mounted_forms():
            form.load()
        self._stale.update(self._steps)

    def reload_fields(self, *paths: str) -> None:
        """Show the session's values in the fields at or under `paths`, which changed behind
        them (see `StepForm.reload`)."""
        for form in self._mounted_forms():
            form.reload(*paths)

    def field_at(self, path: str) -> FormField | None:
        for form in self._mounted_forms():
            if path in form.fields:
                return form.fields[path]
        return None

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

        Runs on every keystroke, so: only the shown step is updated (other steps are marked
        stale and refreshed when shown, and each step skips fields whose findings did not
        change); the step list only redraws when a step's state changes; bindings are
        refreshed only when `can_submit` changes. The preview and the Review step are
        coalesced: they are rendered at once for a lone change, but during typing only once
        it pauses for PREVIEW_DELAY seconds (and at once when Review is shown), because
        rendering the body on each key would cost more than the key itself.
        """
        if not self.is_mounted or not self._validated:
            return
        self._stale.update(self._steps)
        self._refresh_step(self.current)
        self._update_step_list()
        self.can_submit = self.session.can_submit
        self._summaries.changed()

    def _refresh_step(self, step: str) -> None:
        widget = self._steps.get(step)
        if widget is None or not widget.is_mounted or step not in self._stale:
            return
        if not self._validated:
            return
        self._stale.discard(step)
        if isinstance(widget, StepForm):
            widget.show_findings()
        elif step == "review":
            self._refresh_review()

    def _update_step_list(self) -> None:
        if self._validated:
            self.step_list.update_states(self.controller.step_states(), self.current)

    @property
    def step_list(self) -> StepList:
        return self.query_one(StepList)

    def _refresh_summaries(self) -> None:
        self.query_one(Preview).show(self.session.body())
        self._stale.add("review")
        if self.current == "review":
            self._refresh_step("review")

    def _refresh_review(self) -> None:
        from tui.screens.review import ReviewStep

        review = self._steps["review"]
        if isinstance(review, ReviewStep):
            controller = self.controller
            account = self.session.get("account_id")
            review.show(
                self.session.findings,
                self.session.body(),
                controller.target_label,
                account if isinstance(account, str) else "",
                controller.unset_variables(),  # what the submit resolves
            )

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
        field = self.field_at(path)
        if field is None or field.value == self.session.get(path):
            return text
        known = _as_text(self.session.get(path))
        typed = _as_text(field.value)
        return text + (typed[len(known) :] if typed.startswith(known) else typed)

    @on(StepList.Selected)
    async def _step_selected(self, event: StepList.Selected) -> None:
        await self.show_step(event.step)

    @on(Button.Pressed)
    async def _button(self, event: Button.Pressed) -> None:
        requests: dict[str, Callable[[], Message]] = {
            "review-submit": self.SubmitRequested,
            "review-save": self.SaveRequested,
            "review-variables": self.ValuesRequested,
            "review-copy-json": lambda: self.CopyRequested("json"),
            "review-copy-curl": lambda: self.CopyRequested("curl"),
            "review-copy-python": lambda: self.CopyRequested("python"),
            "result-retry": self.SubmitRequested,
            "result-new": self.StartOverRequested,
            "result-copy-id": lambda: self.CopyRequested("id"),
            "result-api-key": self.ApiKeyRequested,
        }
        button = event.button.id or ""
        if button in requests:
            event.stop()
            self.post_message(requests[button]())
        elif button == "result-back":
            event.stop()
            await self.show_step("review")
        elif button == "result-fix":
            event.stop()
            await self.jump_to_first_finding()

    async def on_findings_list_jump(self, event: Any) -> None:
        event.stop()
        await self.jump_to(event.path)

    # -- navigation ---------------------------------------------------------------------

    def watch_current(self, step: str) -> None:
        if not self.is_mounted:
            return
        self._start_step(step)
        self.query_one(ContentSwitcher).current = step
        self.query_one(Preview).follow(*step_keys(step))
        self._stale.add(step)  # a step just shown shows exact findings (the review may lag)
        self._refresh_step(step)
        self._update_step_list()

    async def show_step(self, step: str, *, focus: bool = True) -> Widget:
        """Show `step` (mounting it on its first visit) and, with `focus`, move the focus
        into it once it is laid out. Returns the step's widget, ready."""
        self._next_armed = None
        self.current = step
        widget = await self.step_widget(step)
        self._refresh_step(step)
        widget.scroll_home(animate=False)
        if focus:
            self.call_after_refresh(self._focus_first_in, widget)
        return widget

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

    async def jump_to(self, path: str) -> None:
        """Show the step that edits `path` and focus the closest field."""
        step = step_of(path)
        self.session.touch_step(step)
        self._stale.add(step)
        container = await self.show_step(step, focus=False)
        if isinstance(container, StepForm):
            target = container.widget_for(path)
            if target is not None:
                self.call_after_refresh(self._focus_widget, target)

    def _focus_widget(self, widget: Widget) -> None:
        control = widget.control if isinstance(widget, FormField) else widget
        if control.focusable or hasattr(control, "focus"):
            control.focus()
        widget.scroll_visible(animate=False)

    async def jump_to_first_finding(self) -> None:
        errors = [f for f in self.session.findings if f.is_error] or self.session.findings
        if errors:
            await self.jump_to(errors[0].path)

    async def action_next(self) -> None:
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
                form = self._steps[step]
                target = form.widget_for(errors[0].path) if isinstance(form, StepForm) else None
                if target is not None:
                    self._focus_widget(target)
                return
        index = STEP_IDS.index(step)
        if index + 1 < STEP_IDS.index("result"):
            await self.show_step(STEP_IDS[index + 1])

    async def action_back(self) -> None:
        index = STEP_IDS.index(self.current)
        if index > 0:
            await self.show_step(STEP_IDS[min(index - 1, STEP_IDS.index("review"))])

    async def action_goto(self, step: str) -> None:
        if step in STEP_IDS:
            await self.show_step(step)

    def action_focus_steps(self) -> None:
        self.set_focus(self.step_list)

    def action_toggle_preview(self) -> None:
        self.preview_format = "toml" if self.preview_format == "json" else "json"
        if not self.query_one(Preview).display:
            self.notify(
                f"The preview will show the {Preview.HEADERS[self.preview_format]}; it is "
                "hidden below 96 columns (widen the terminal to see it).",
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
        self.post_message(self.HelpRequested(self.current))

    def action_save(self) -> None:
        self.post_message(self.SaveRequested())

    def action_save_as(self) -> None:
        self.post_message(self.SaveRequested(as_new=True))

    def action_copy_menu(self) -> None:
        self.post_message(self.CopyRequested())

    def action_submit(self) -> None:
        self.post_message(self.SubmitRequested())

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
