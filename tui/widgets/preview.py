"""A live preview of the request body, as JSON or as the draft's TOML, env values redacted.

The body is shown as it is written: indentation kept, never soft-wrapped (long lines scroll
horizontally) and coloured by a small tokeniser (keys, strings, numbers, literals, tables),
so that nesting stays readable without tree-sitter.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Literal

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import ScrollableContainer
from textual.content import Content, Span
from textual.reactive import reactive
from textual.widgets import Static

Format = Literal["json", "toml"]

TOKEN_STYLES = {
    "key": "$text-primary",
    "table": "bold $text-accent",
    "string": "$text-success",
    "redacted": "italic $text-warning",
    "number": "$text-warning",
    "literal": "$text-secondary",
    "punct": "$text-muted",
}
"""Theme variables only, so the colours follow the theme."""

_TOKEN = re.compile(
    r"""(?P<string>"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
    r"""|(?P<literal>\b(?:true|false|null)\b)"""
    r"""|(?P<number>-?\b\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?\b)"""
    r"""|(?P<punct>[{}\[\],:=])"""
)
_JSON_KEY_FOLLOWS = re.compile(r"[ \t]*:")
_TOML_TABLE = re.compile(r"[ \t]*\[\[?[^\]\n]*\]\]?[ \t]*$")
_TOML_KEY = re.compile(r"""[ \t]*([A-Za-z0-9_-][A-Za-z0-9_.-]*|"(?:[^"\\\n]|\\.)*")(?=[ \t]*=)""")
_REDACTED = {'"***"', "'***'"}


def render_body(body: dict[str, Any], fmt: Format) -> str:
    """The body as text, with `${NAME}` values shown as *** (never the resolved value)."""
    from tui.core import render
    from tui.core.interpolation import redact

    safe = redact(body)
    return render.to_toml(safe) if fmt == "toml" else render.to_json(safe)


def text_size(text: str) -> tuple[int, int]:
    """(width in cells of the longest line, number of lines) of `text` shown unwrapped."""
    lines = text.splitlines() or [""]
    return max(cell_len(line) for line in lines), len(lines)


def highlight(text: str, fmt: Format) -> Content:
    """`text` with its tokens coloured; whitespace is left exactly as it is."""
    spans: list[Span] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        spans.extend(
            Span(offset + start, offset + end, TOKEN_STYLES[kind])
            for start, end, kind in _line_tokens(line.rstrip("\n"), fmt)
        )
        offset += len(line)
    return Content(text.rstrip("\n"), spans=spans)


def _line_tokens(line: str, fmt: Format) -> Iterator[tuple[int, int, str]]:
    """(start, end, kind) of each coloured token of one line."""
    scan_from = 0
    if fmt == "toml":
        if _TOML_TABLE.fullmatch(line):
            yield len(line) - len(line.lstrip()), len(line.rstrip()), "table"
            return
        key = _TOML_KEY.match(line)
        if key is not None:
            yield key.start(1), key.end(1), "key"
            scan_from = key.end(1)
    for match in _TOKEN.finditer(line, scan_from):
        kind = match.lastgroup or "punct"
        if kind == "string":
            if fmt == "json" and _JSON_KEY_FOLLOWS.match(line, match.end()):
                kind = "key"
            elif match.group() in _REDACTED:
                kind = "redacted"
        yield match.start(), match.end(), kind


class BodyView(Static):
    """Highlighted JSON or TOML, one source line per row: no soft wrap, as wide as its text."""

    DEFAULT_CSS = """
    BodyView { width: auto; height: auto; text-wrap: nowrap; text-overflow: clip; }
    """

    source: reactive[str] = reactive("")
    """The text shown (bindable, so a parent can hold it before this widget mounts)."""

    def __init__(self, fmt: Format, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.fmt: Format = fmt
        self._text_size = (0, 0)

    def watch_source(self, text: str) -> None:
        """Show `text`; a layout (of the whole screen, in Textual) only when its size changed.

        Typing usually changes one line that is not the longest, so the view keeps its size
        and a repaint is enough.
        """
        size = text_size(text)
        self.update(highlight(text, self.fmt), layout=size != self._text_size)
        self._text_size = size

    def show_text(self, text: str, fmt: Format) -> None:
        if fmt != self.fmt:
            self.fmt = fmt
            self.watch_source(text)
        self.source = text


class Preview(ScrollableContainer):
    """The request body, re-rendered whenever the session changes; scrolls both ways."""

    DEFAULT_CSS = """
    Preview { height: 1fr; overflow: auto auto; }
    Preview > #preview-header { dock: top; width: 1fr; color: $text-muted; text-style: bold; }
    """

    HEADERS = {"json": "JSON request body", "toml": "TOML draft"}
    """Which text the pane shows (it stays put while the body scrolls)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.format: Format = "json"
        self._body: dict[str, Any] = {}
        self._text = ""

    def compose(self) -> ComposeResult:
        yield Static(self.HEADERS[self.format], id="preview-header", markup=False)
        yield BodyView(self.format, id="preview-text")

    def show(self, body: dict[str, Any]) -> None:
        self._body = body
        text = render_body(body, self.format)
        if text != self._text:
            self._text = text
            self.query_one("#preview-text", BodyView).show_text(text, self.format)

    def toggle_format(self) -> None:
        self.format = "toml" if self.format == "json" else "json"
        self.query_one("#preview-header", Static).update(self.HEADERS[self.format])
        self.show(self._body)

    @property
    def text(self) -> str:
        return self._text
