"""Every finding of the template, each selectable to jump to its field."""

from __future__ import annotations

from textual import on
from textual.markup import escape
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.core.report import Finding, Severity


class FindingsList(OptionList):
    """Errors first, then warnings; selecting one posts `Jump(path)`.

    Hidden while there is nothing to list: an empty, focusable box only gets in the way.
    """

    DEFAULT_CSS = """
    FindingsList { height: auto; max-height: 12; }
    """

    class Jump(Message):
        def __init__(self, path: str) -> None:
            super().__init__()
            self.path = path

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._findings: list[Finding] = []
        self.display = False

    def show(self, findings: list[Finding]) -> None:
        ordered = sorted(findings, key=lambda f: f.severity is not Severity.ERROR)
        if ordered == self._findings:
            return
        self._findings = ordered
        self.clear_options()
        self.add_options([Option(_line(f)) for f in ordered])
        self.display = bool(ordered)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self._findings and event.option_index < len(self._findings):
            self.post_message(self.Jump(self._findings[event.option_index].path))


def _line(finding: Finding) -> str:
    """`✗ path: message` (errors) or `⚠ path: message` (warnings), the mark in its colour."""
    mark = "[$error]✗[/]" if finding.severity is Severity.ERROR else "[$warning]⚠[/]"
    return f"{mark} [b]{escape(short_path(finding.path))}[/b]: {escape(finding.message)}"


def short_path(path: str) -> str:
    """The path without `vendor_configuration.` (every nested field is under it): shorter
    lines that wrap less, and still unique (`endpoint_config.endpoint_type` vs `endpoint_type`).
    """
    return path.removeprefix("vendor_configuration.") or "(template)"
