"""One form field: a label from the field's spec, its control, an error line and help text.

Every field of the wizard is a `FormField` built from the spec of its path (`form_spec`), so
titles, help, kinds and enum choices come from the model. The field never validates: it turns
the control's value into a template value and posts `FormField.Changed`; the screen updates the
`EditSession`, and pushes the core's findings back with `show_findings`.
"""

from __future__ import annotations

from typing import Any, Literal

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, Switch

from tui.core.report import Finding, Severity
from tui.core.spec_table import form_spec
from tui.core.specs import FieldSpec
from tui.widgets.choice_list import ChoiceList

ControlStyle = Literal["auto", "radio"]

DEFAULT_HINT_PREFIXED_MAX = 24
"""A longer default is shown without its "default: " prefix (see FormField._default_hint)."""


CONTENT_WIDTH_STEP = 32
"""A field's Input reports its content width in steps of this many cells (see FieldInput)."""


class FieldInput(Input):
    """An Input whose content width grows in steps of CONTENT_WIDTH_STEP cells.

    Textual's Input sets its virtual size from `content_width` on every change, and a new
    virtual size lays out the whole screen: with the exact width, every typed character did
    (about 10 ms in the wizard). In steps, one key in CONTENT_WIDTH_STEP does. The field's
    width is fixed by the stylesheet, so only its horizontal scroll range sees the padding,
    and the cursor keeps it scrolled to the text. Public API: `content_width` is Input's
    documented property.
    """

    @property
    def content_width(self) -> int:
        width = super().content_width
        return -(-width // CONTENT_WIDTH_STEP) * CONTENT_WIDTH_STEP


class FormField(Vertical):
    """A labelled control bound to one template path."""

    DEFAULT_CSS = """
    FormField { height: auto; margin: 0 0 1 0; }
    FormField > .field-label { color: $text; text-style: bold; }
    FormField > .field-error { display: none; color: $error; }
    FormField.-warning > .field-error { color: $warning; }
    FormField.-has-problem > .field-error { display: block; }
    FormField > .field-help { color: $text-muted; }
    FormField > .field-choice { color: $text-muted; height: auto; }
    FormField.-emphasis > .field-label { color: $accent; }
    """

    class Changed(Message):
        """The user changed the field; `value` None means "leave the key out".

        Keys typed in a burst reach the field before the screen handles the first change:
        a handler reads `field.value` (what the field holds now), not `value` (what it held
        when the message was posted). `pasted` is True for a change that inserted several
        characters at once (a bracketed paste; a paste without it arrives as typed keys).
        """

        def __init__(self, field: FormField, value: Any, *, pasted: bool = False) -> None:
            super().__init__()
            self.field = field
            self.path = field.path
            self.value = value
            self.pasted = pasted

        @property
        def control(self) -> FormField:
            return self.field

    class Committed(Message):
        """The user left the field or pressed Enter in it (a good time for slow checks)."""

        def __init__(self, field: FormField) -> None:
            super().__init__()
            self.field = field
            self.path = field.path
            self.value = field.value

        @property
        def control(self) -> FormField:
            return self.field

    def __init__(
        self,
        path: str,
        *,
        style: ControlStyle = "auto",
        placeholder: str = "",
        spec_path: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id or field_id(path), classes=classes)
        self.path = path
        self.spec: FieldSpec = form_spec(spec_path or path)
        self.style = style
        self.placeholder = placeholder
        self.value: Any = None
        self._required = self.spec.required
        self._control: Widget | None = None
        self._shown: tuple[str, bool, bool] = ("", False, False)
        self._choice_text = ""
        self._error: Static | None = None
        self._help: Static | None = None
        self._pasting = False
        self._input_text = ""
        """The text of the Input's last Changed event (a paste grows it by more than one)."""

    # -- composition --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self.value = self._initial_value()
        yield Label(self._label_text(), classes="field-label")
        self._control = self._make_control(self.value)
        yield self._control
        if self.spec.kind == "enum":
            self._choice_text = self._choice_description(self.value)
            choice = Static(self._choice_text, classes="field-choice")
            choice.display = bool(self._choice_text)
            yield choice
        # The error line and the help are mounted when first needed (an error to show, the
        # focus): most fields never need them, and widgets are what a start-up pays for.

    def on_descendant_focus(self) -> None:
        """Show the help while the field has the focus."""
        if self._help is not None:
            self._help.display = True
        elif self.spec.help:
            self._help = Static(self.spec.help, classes="field-help", markup=False)
            self.mount(self._help)

    def on_descendant_blur(self) -> None:
        if self._help is not None:
            self._help.display = False

    def _show_error_text(self, text: str) -> None:
        if self._error is not None:
            self._error.update(text)
        elif text:
            self._error = Static(text, classes="field-error", markup=False)
            self.mount(self._error, before=self._help)  # above the help, if it is shown

    def _label_text(self) -> str:
        marker = " [b $error]*[/]" if self._required else ""
        return f"{self.spec.title}{marker}"

    def _initial_value(self) -> Any:
        """The template's value, from the first ancestor offering `field_value(path)` (the
        wizard screen), so the control is built showing it: setting it after mounting would
        restyle the control (a chosen option, a switch) before the first frame."""
        for node in self.ancestors:
            source = getattr(node, "field_value", None)
            if callable(source):
                return source(self.path)
        return None

    def _make_control(self, value: Any = None) -> Widget:
        """The control for the field's kind, showing `value` (a switch, a choice list, a
        select); text, lists and maps get theirs from `load`."""
        kind = self.spec.kind
        control_id = "control"
        if kind == "bool":
            on = bool(value) if value is not None else bool(self.spec.default)
            return Switch(value=on, id=control_id)
        if kind == "enum" and self.style == "radio":
            unset = None if self._required else "(unset)"
            chosen = value if isinstance(value, str) else None
            return ChoiceList(self.spec.choices, chosen, unset_label=unset, id=control_id)
        if kind == "enum":
            options = [(choice, choice) for choice in self.spec.choices]
            chosen = value if value in self.spec.choices else Select.NULL
            return Select(
                options,
                allow_blank=True,
                value=chosen,
                id=control_id,
                compact=True,
                prompt="(unset)",
            )
        if kind == "str_list":
            return make_command_input(control_id, self.placeholder)
        if kind == "str_map":
            return make_key_value_editor(control_id)
        return FieldInput(  # its text comes from `load`, which keeps it from posting Changed
            placeholder=self.placeholder or self._default_hint(),
            # Text even for whole numbers: an "integer" Input silently drops what it does not
            # accept (2.5 became 25); the core's finding says why the text is wrong.
            type="text",
            id=control_id,
            compact=True,
            select_on_focus=False,
        )

    def _default_hint(self) -> str:
        """The default as a placeholder: nothing when there is none to tell.

        A long default is shown alone: Textual wraps a placeholder wider than the input, and
        "default: /workspace/…" would show only its first word.
        """
        text = str(self.spec.default).strip() if self.spec.has_default else ""
        if not text or len(text) > DEFAULT_HINT_PREFIXED_MAX:
            return text
        return f"default: {text}"

    @property
    def control(self) -> Widget:
        if self._control is None:
            self._control = self.query_one("#control")
        return self._control

    # -- values -------------------------------------------------------------------------

    def load(self, value: Any) -> None:
        """Show `value` (from the template) without reporting it as a user change.

        The screen calls it only for values that changed behind the field (a follow, a
        fill, a restore), never with a value the field itself reported: that one may be
        older than what the user has typed since.
        """
        self.value = value
        with self.prevent(Input.Changed, Switch.Changed, ChoiceList.Changed, Select.Changed):
            self._load_control(value)
        self._show_choice(value)

    def _load_control(self, value: Any) -> None:
        control = self.control
        kind = self.spec.kind
        if isinstance(control, Switch):
            control.value = bool(value) if value is not None else bool(self.spec.default)
        elif isinstance(control, ChoiceList):
            control.select(value if isinstance(value, str) else None)
        elif isinstance(control, Select):
            choices = self.spec.choices
            control.value = value if value in choices else Select.NULL
        elif isinstance(control, Input):
            control.value = self._input_text = "" if value is None else str(value)
            control.cursor_position = len(control.value)  # typing goes on at the end
        elif kind in ("str_list", "str_map"):
            empty: Any = [] if kind == "str_list" else {}
            control.set_value(value if isinstance(value, list | dict) else empty)  # type: ignore[attr-defined]

    def _report(self, value: Any) -> None:
        pasted, self._pasting = self._pasting, False
        if value == self.value:
            return
        self.value = value
        self._show_choice(value)
        self.post_message(self.Changed(self, value, pasted=pasted))

    def _show_choice(self, value: Any) -> None:
        if self.spec.kind != "enum":
            return
        text = self._choice_description(value)
        if text != self._choice_text:
            self._choice_text = text
            choice = self.query_one(".field-choice", Static)
            choice.update(text)
            choice.display = bool(text)

    def _choice_description(self, value: Any) -> str:
        return self.spec.describe_choice(value) if isinstance(value, str) else ""

    @on(Input.Changed, "#control")
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        # One change that adds several characters is a paste (each typed key is a change).
        self._pasting = len(event.value) > len(self._input_text) + 1
        self._input_text = event.value
        # The Input's value now, not the event's: in a burst the event lags the typing.
        self._report(parse_text(event.input.value, self.spec))

    @on(Input.Blurred, "#control")
    @on(Input.Submitted, "#control")
    def _input_committed(self, event: Input.Blurred | Input.Submitted) -> None:
        self.post_message(self.Committed(self))

    @on(Switch.Changed, "#control")
    def _switch_changed(self, event: Switch.Changed) -> None:
        event.stop()
        self._report(event.value)

    @on(ChoiceList.Changed, "#control")
    def _choice_changed(self, event: ChoiceList.Changed) -> None:
        event.stop()
        self._report(event.value)

    @on(Select.Changed, "#control")
    def _select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._report(None if event.value is Select.NULL else event.value)

    def on_command_input_changed(self, event: Message) -> None:
        event.stop()
        self._report(list(event.value) or None)  # type: ignore[attr-defined]

    def on_key_value_editor_changed(self, event: Message) -> None:
        event.stop()
        self._report(dict(event.value) or None)  # type: ignore[attr-defined]

    # -- state --------------------------------------------------------------------------

    def set_required(self, required: bool) -> None:
        if required != self._required:
            self._required = required
            self.query_one(".field-label", Label).update(self._label_text())

    def set_emphasis(self, emphasis: bool) -> None:
        self.set_class(emphasis, "-emphasis")

    def show_findings(self, findings: list[Finding], visible: bool) -> None:
        """Show the findings at or under this field's path (hidden until `visible`).

        Called on every keystroke, so it touches the widgets only when what they show
        changes: an unchanged error line costs nothing, and only an error line appearing or
        disappearing changes the layout.
        """
        mine = [f for f in findings if owns(self.path, f.path)] if visible else []
        errors = [f for f in mine if f.severity is Severity.ERROR]
        shown = errors or mine
        text = "\n".join(_finding_line(self.path, f) for f in shown)
        state = (text, bool(shown), bool(errors))
        if state == self._shown:
            return
        old_text = self._shown[0]
        self._shown = state
        if text != old_text:
            self._show_error_text(text)
        # One restyle of the field for the three classes, not one per class.
        before = self.classes
        self.set_class(bool(shown), "-has-problem", update=False)
        self.set_class(bool(shown) and not errors, "-warning", update=False)
        self.set_class(bool(errors), "-error", update=False)
        if self.classes != before:
            self.update_node_styles()

    @property
    def error_line(self) -> str:
        """The text of the error line ("" when it is hidden)."""
        return self._shown[0]


def owns(field_path: str, finding_path: str) -> bool:
    return finding_path == field_path or finding_path.startswith(field_path + ".")


def _finding_line(field_path: str, finding: Finding) -> str:
    mark = "✗" if finding.severity is Severity.ERROR else "⚠"
    suffix = finding.path[len(field_path) + 1 :] if finding.path != field_path else ""
    where = f"[{suffix}] " if suffix else ""
    server = " (server)" if finding.rule == "server" else ""
    return f"{mark} {where}{finding.message}{server}"


def field_id(path: str) -> str:
    """A widget id for a field path (ids cannot contain dots)."""
    return "f-" + path.replace(".", "--")


def parse_text(text: str, spec: FieldSpec) -> Any:
    """The template value for an Input's text: empty is "unset"; ints parse when they can.

    A text that is not an integer is passed on as text, so the core reports it.
    """
    if text == "":
        return None
    if spec.kind == "int":
        try:
            return int(text)
        except ValueError:
            return text
    return text


# -- the reusable editors, imported when a field needs one (not before the first frame) -------


def make_command_input(control_id: str, placeholder: str) -> Widget:
    from tui.widgets.command_input import CommandInput

    return CommandInput(id=control_id, placeholder=placeholder)


def make_key_value_editor(control_id: str) -> Widget:
    from tui.widgets.key_value import KeyValueEditor

    return KeyValueEditor(id=control_id)
