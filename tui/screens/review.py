"""The last two steps: Review (findings, the exact body, where it goes) and Result."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Label, Static

from tui.core.findings import Finding
from tui.widgets.findings_list import FindingsList
from tui.widgets.preview import render_body

ResultKind = Literal["created", "exists", "recovered", "rejected", "network", "auth", "error"]


class ReviewStep(VerticalScroll):
    """Every finding (select one to jump to its field), the body, and the actions."""

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
    ReviewStep > .review-buttons { height: auto; margin: 1 0; }
    ReviewStep > .review-buttons Button { margin-right: 1; min-width: 8; }
    ReviewStep > #review-body { color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__(id="review")

    def compose(self) -> ComposeResult:
        yield Label("6 · Review & submit", classes="step-title")
        yield Static("", id="review-target", markup=False)
        yield Static("", id="review-summary", markup=False)
        yield FindingsList(id="review-findings")
        with Horizontal(classes="review-buttons"):
            yield Button("Submit", id="review-submit", variant="success", compact=True)
            yield Button("Save", id="review-save", compact=True)
            yield Button("Copy JSON", id="review-copy-json", compact=True)
            yield Button("Copy curl", id="review-copy-curl", compact=True)
            yield Button("Copy SDK", id="review-copy-python", compact=True)
        yield Label("Request body", classes="step-subtitle")
        yield Static("", id="review-body", markup=False)

    def show(self, findings: list[Finding], body: dict, target: str, account: str) -> None:
        errors = sum(1 for f in findings if f.is_error)
        warnings = len(findings) - errors
        summary = self.query_one("#review-summary", Static)
        if errors:
            summary.update(f"✗ {errors} error(s), {warnings} warning(s): fix the errors to submit.")
        elif warnings:
            summary.update(f"⚠ {warnings} warning(s): the API accepts this, Launch may not.")
        else:
            summary.update("✓ Ready to submit.")
        summary.set_class(bool(errors), "-error")
        summary.set_class(not errors and bool(warnings), "-warning")
        summary.set_class(not findings, "-ok")
        self.query_one("#review-target", Static).update(
            f"Will be sent to: {target}\nAccount: {account or '(not set)'}"
        )
        self.query_one(FindingsList).show(findings)
        self.query_one("#review-submit", Button).disabled = bool(errors)
        self.query_one("#review-body", Static).update(Text(render_body(body, "json")))


@dataclass(frozen=True)
class ResultView:
    """What the Result step shows."""

    kind: ResultKind
    title: str
    message: str
    template_id: str = ""
    created_at: str = ""


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


class ResultStep(VerticalScroll):
    """The outcome of the last submit, with the next sensible actions."""

    HELP = (
        "Result: the created template's id (or the existing identical one), or what went "
        "wrong and what to do. A rejected request (422) lists the server's messages and "
        "'Fix the fields' jumps to them; network and auth errors can be retried."
    )

    DEFAULT_CSS = """
    ResultStep { padding: 0 1; }
    ResultStep > #result-title { text-style: bold; margin-bottom: 1; }
    ResultStep.-ok > #result-title { color: $success; }
    ResultStep.-bad > #result-title { color: $error; }
    ResultStep > .result-buttons { height: auto; margin-top: 1; }
    ResultStep > .result-buttons Button { margin-right: 1; }
    """

    def __init__(self) -> None:
        super().__init__(id="result")
        self.view: ResultView | None = None

    def compose(self) -> ComposeResult:
        yield Label("7 · Result", classes="step-title")
        yield Static("Nothing submitted yet.", id="result-title", markup=False)
        yield Static("", id="result-message", markup=False)
        with Horizontal(classes="result-buttons"):
            for action, label in _LABELS.items():
                yield Button(label, id=f"result-{action}", compact=True)

    def on_mount(self) -> None:
        self._show_buttons(())

    def show(self, view: ResultView) -> None:
        self.view = view
        ok = view.kind in ("created", "exists", "recovered")
        self.set_class(ok, "-ok")
        self.set_class(not ok, "-bad")
        self.query_one("#result-title", Static).update(view.title)
        lines = [view.message]
        if view.template_id:
            lines.insert(0, f"Template id: {view.template_id}")
        if view.created_at:
            lines.insert(1, f"Created at:  {view.created_at}")
        self.query_one("#result-message", Static).update("\n".join(lines))
        self._show_buttons(_ACTIONS[view.kind])

    def show_pending(self, target: str) -> None:
        self.view = None
        self.remove_class("-ok", "-bad")
        self.query_one("#result-title", Static).update(f"Submitting to {target}…")
        self.query_one("#result-message", Static).update("")
        self._show_buttons(())

    def _show_buttons(self, actions: tuple[str, ...]) -> None:
        for action in _LABELS:
            self.query_one(f"#result-{action}", Button).display = action in actions
