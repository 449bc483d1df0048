"""The last two steps: Review (findings, the exact body, where it goes) and Result.

Steps are mounted lazily, so `show()` may run before the widgets nested in rows exist: their
state (Submit disabled, the body text, the result's buttons) lives in reactives on the step
and reaches them through `data_bind`, whenever they mount.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Button, Label, Static

from tui.controller import ResultView
from tui.core.report import Finding
from tui.widgets.findings_list import FindingsList
from tui.widgets.preview import BodyView, render_body


class ReviewStep(VerticalScroll):
    """Every finding (select one to jump to its field), the actions, and the body."""

    HELP = (
        "Review: every error and warning (select one to jump to its field), where the "
        "request will be sent, and the exact request body (${NAME} values shown as ***). "
        "Save the draft, copy the body / a curl command / an SDK snippet, or submit. "
        "Submit is disabled while there are errors; warnings do not block it."
    )

    DEFAULT_CSS = """
    ReviewStep { padding: 0 1; }
    ReviewStep > .step-title { text-style: bold; color: $accent; }
    ReviewStep > #review-target { margin: 1 0; }
    ReviewStep > #review-summary { text-style: bold; }
    ReviewStep > #review-summary.-error { color: $error; }
    ReviewStep > #review-summary.-warning { color: $warning; }
    ReviewStep > #review-summary.-ok { color: $success; }
    ReviewStep > #review-findings { margin-top: 1; }
    ReviewStep > .review-buttons { height: auto; margin-top: 1; }
    ReviewStep > .review-buttons > Label { width: auto; margin-right: 1; color: $text-muted; }
    ReviewStep > .review-buttons Button { margin-right: 1; min-width: 8; }
    ReviewStep > #review-body { height: auto; overflow-y: hidden; }
    """

    blocked: reactive[bool] = reactive(False)
    """Submit is disabled (there are errors)."""
    body_text: reactive[str] = reactive("")

    def __init__(self) -> None:
        super().__init__(id="review")

    def compose(self) -> ComposeResult:
        yield Label("6 · Review & submit", classes="step-title")
        yield Static("", id="review-target", markup=False)
        yield Static("", id="review-summary", markup=False)
        yield FindingsList(id="review-findings")
        # Two short rows, not one long one: every action stays visible in a 40-cell form.
        with Horizontal(classes="review-buttons", id="review-actions"):
            yield Button("Submit", id="review-submit", variant="success", compact=True).data_bind(
                disabled=ReviewStep.blocked
            )
            yield Button("Save draft", id="review-save", compact=True)
            yield Button("Enter values", id="review-variables", compact=True)
        with Horizontal(classes="review-buttons", id="review-copy"):
            yield Label("Copy as")
            yield Button("JSON", id="review-copy-json", compact=True)
            yield Button("curl", id="review-copy-curl", compact=True)
            yield Button("SDK", id="review-copy-python", compact=True)
        # The body, when the preview pane (which shows it too) is hidden: see tui.tcss.
        yield Label(
            "Request body (JSON; ${NAME} values as ***)",
            classes="step-subtitle",
            id="review-body-label",
        )
        yield BodyView("json", id="review-body").data_bind(source=ReviewStep.body_text)

    def show(
        self,
        findings: list[Finding],
        body: dict,
        target: str,
        account: str,
        unset_variables: Sequence[str] = (),
    ) -> None:
        """`unset_variables`: names the template references that this environment lacks (the
        submit would stop on them; they are not the template's fault, so not findings)."""
        errors = sum(1 for f in findings if f.is_error)
        warnings = len(findings) - errors
        summary = self.query_one("#review-summary", Static)
        names = ", ".join(f"${{{name}}}" for name in unset_variables)
        if errors:
            summary.update(f"✗ {errors} error(s), {warnings} warning(s): fix the errors to submit.")
        elif unset_variables:
            summary.update(
                f"✗ Not ready: {names} not set in this environment. Export it and restart, or "
                "press 'Enter values' (kept for this session only)."
            )
        elif warnings:
            summary.update(f"⚠ {warnings} warning(s): the API accepts this, Launch may not.")
        else:
            summary.update("✓ Ready to submit.")
        not_ready = bool(errors or unset_variables)
        summary.set_class(not_ready, "-error")
        summary.set_class(not not_ready and bool(warnings), "-warning")
        summary.set_class(not findings and not unset_variables, "-ok")
        where = f"Will be sent to: {target}\nAccount: {account or '(not set)'}"
        self.query_one("#review-target", Static).update(where)
        self.query_one(FindingsList).show(findings)
        self.query_one("#review-variables", Button).display = bool(unset_variables)
        self.blocked = not_ready
        self.body_text = render_body(body, "json")


_ACTIONS: dict[str, tuple[str, ...]] = {
    "created": ("copy-id", "new"),
    "recovered": ("copy-id", "new"),
    "exists": ("copy-id", "back"),
    "rejected": ("fix", "back"),
    "network": ("retry", "back"),
    "auth": ("api-key", "retry", "back"),
    "error": ("retry", "back"),
}
_LABELS = {
    "copy-id": "Copy id",
    "new": "Start another",
    "back": "Back to review",
    "fix": "Fix the fields",
    "retry": "Retry",
    "api-key": "Enter API key",
}


class ResultActions(Horizontal):
    """The result's buttons: only `actions` shown, in their order (focus lands on the first)."""

    actions: reactive[tuple[str, ...]] = reactive(())

    def compose(self) -> ComposeResult:
        for action, label in _LABELS.items():
            yield Button(label, id=f"result-{action}", compact=True)

    def on_mount(self) -> None:
        self.watch_actions(self.actions)

    def watch_actions(self, actions: tuple[str, ...]) -> None:
        buttons = {button.id: button for button in self.query_children(Button)}
        if len(buttons) < len(_LABELS):
            return  # not composed yet: on_mount applies them
        for action in reversed(actions):
            self.move_child(buttons[f"result-{action}"], before=0)
        for action in _LABELS:
            buttons[f"result-{action}"].display = action in actions


class ResultStep(VerticalScroll):
    """The outcome of the last submit, with the next sensible actions."""

    HELP = (
        "Result: the created template's id (or the existing identical one), or what went "
        "wrong and what to do. A rejected request (422) lists the server's messages and "
        "'Fix the fields' jumps to them; network and auth errors can be retried."
    )

    DEFAULT_CSS = """
    ResultStep { padding: 0 1; }
    ResultStep > .step-title { text-style: bold; color: $accent; }
    ResultStep > #result-title { text-style: bold; margin: 1 0; }
    ResultStep.-ok > #result-title { color: $success; }
    ResultStep.-bad > #result-title { color: $error; }
    ResultStep > ResultActions { height: auto; margin-top: 1; }
    ResultStep > ResultActions Button { margin-right: 1; min-width: 8; }
    """

    actions: reactive[tuple[str, ...]] = reactive(())
    """The buttons shown, most useful first."""

    def __init__(self) -> None:
        super().__init__(id="result")
        self.view: ResultView | None = None

    def compose(self) -> ComposeResult:
        yield Label("7 · Result", classes="step-title")
        yield Static("Nothing submitted yet.", id="result-title", markup=False)
        yield Static("", id="result-message", markup=False)
        yield ResultActions(classes="result-buttons").data_bind(actions=ResultStep.actions)

    def show(self, view: ResultView) -> None:
        self.view = view
        self.set_class(view.ok, "-ok")
        self.set_class(not view.ok, "-bad")
        self.query_one("#result-title", Static).update(view.title)
        lines = [view.message]
        if view.template_id and view.template_id not in view.message:
            lines.insert(0, f"Template id: {view.template_id}")  # once: the message may name it
        if view.created_at:
            lines.insert(1, f"Created at: {view.created_at}")
        self.query_one("#result-message", Static).update("\n".join(lines))
        self.actions = _ACTIONS[view.kind]

    def show_pending(self, target: str) -> None:
        self.view = None
        self.remove_class("-ok", "-bad")
        self.query_one("#result-title", Static).update(f"Submitting to {target}…")
        self.query_one("#result-message", Static).update("")
        self.actions = ()
