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
from rich.segment import Segment
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content, Span
from textual.geometry import Size
from textual.markup import parse_style
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
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
WIDTH_STEP = 16
"""The body view's scrollable width grows and shrinks in steps of this many cells."""


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


class BodyView(ScrollView, can_focus=True):
    """Highlighted JSON or TOML, one source line per row, never wrapped; scrolls both ways.

    Drawn a visible line at a time (Textual's line API): a Static re-rendered the whole
    text on every update, which for a template with hundreds of rows cost more than a frame
    per keystroke. Lines are highlighted when first drawn and kept until the text changes.
    """

    DEFAULT_CSS = """
    BodyView { width: 1fr; height: 1fr; overflow: auto auto; scrollbar-size: 1 1; }
    BodyView:focus { background-tint: $foreground 4%; }
    """

    source: reactive[str] = reactive("")
    """The text shown (bindable, so a parent can hold it before this widget mounts)."""

    def __init__(self, fmt: Format, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.fmt: Format = fmt
        self.lines: list[str] = []
        self._strips: dict[int, Strip] = {}
        self._styles: dict[str, Style] = {}

    def watch_source(self, text: str) -> None:
        self.lines = text.splitlines()
        self._strips.clear()
        width, height = text_size(text) if self.lines else (0, 0)
        # A new virtual size lays out the whole screen: the width moves in steps, so that
        # typing into the longest line does not do it on every key.
        fits = width <= self.scrollable_content_region.width
        size = Size(width if fits else -(-width // WIDTH_STEP) * WIDTH_STEP, height)
        if size != self.virtual_size:
            self.virtual_size = size
        self.refresh()

    def show_text(self, text: str, fmt: Format) -> None:
        if fmt != self.fmt:
            self.fmt = fmt
            self.watch_source(text)
        self.source = text

    def notify_style_update(self) -> None:
        """A new theme: the lines are coloured again when drawn."""
        super().notify_style_update()
        self._strips.clear()
        self._styles.clear()

    def _style(self, style: str | Style) -> Style:
        """A token's style, its theme variables ($text-primary) resolved."""
        if isinstance(style, Style):
            return style
        parsed = self._styles.get(style)
        if parsed is None:
            variables = self.app.get_css_variables()
            parsed = self._styles[style] = parse_style(style, variables)
        return parsed

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        style = self.rich_style
        if index >= len(self.lines):
            return Strip.blank(width, style)
        strip = self._strips.get(index)
        if strip is None:
            strip = self._strips[index] = self._line_strip(self.lines[index])
        return strip.crop_extend(scroll_x, scroll_x + width, style)

    def _line_strip(self, line: str) -> Strip:
        spans = [Span(a, b, TOKEN_STYLES[kind]) for a, b, kind in _line_tokens(line, self.fmt)]
        content = Content(line, spans=spans)
        pieces = content.render(self.visual_style, end="", parse_style=self._style)
        return Strip([Segment(text, style.rich_style if style else None) for text, style in pieces])

    def line_of(self, *keys: str) -> int | None:
        """The first line naming any of `keys` (a JSON key or a TOML table; None if none)."""
        needles = [n for key in keys for n in (f'"{key}"', f".{key}]", f"[{key}]")]
        for index, line in enumerate(self.lines):
            if any(needle in line for needle in needles):
                return index
        return None


class Preview(Vertical):
    """The request body, re-rendered whenever the session changes; scrolls both ways and
    follows the step being edited."""

    DEFAULT_CSS = """
    Preview { height: 1fr; }
    Preview > #preview-header { width: 1fr; color: $text-muted; text-style: bold; }
    """

    HEADERS = {"json": "JSON request body", "toml": "TOML draft"}
    """Which text the pane shows (it stays put while the body scrolls)."""

    format: reactive[Format] = reactive("json", init=False)
    """JSON body or TOML draft (the screen binds it to its own `preview_format`)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._body: dict[str, Any] = {}
        self._text = ""
        self._section: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static(self.HEADERS[self.format], id="preview-header", markup=False)
        yield BodyView(self.format, id="preview-text")

    @property
    def body_view(self) -> BodyView:
        return self.query_one("#preview-text", BodyView)

    def show(self, body: dict[str, Any]) -> None:
        self._body = body
        text = render_body(body, self.format)
        if text != self._text:
            self._text = text
            self.body_view.show_text(text, self.format)
            self._scroll_to_section()

    def follow(self, *keys: str) -> None:
        """Keep the part of the body holding `keys` (the step's table names) in view; no
        keys: the top."""
        if keys != self._section:
            self._section = keys
            self._scroll_to_section()

    def _scroll_to_section(self) -> None:
        view = self.body_view
        line = view.line_of(*self._section) if self._section else 0
        if line is not None and not view.scroll_offset.y <= line < view.scroll_offset.y + 3:
            view.scroll_to(y=line, animate=False, immediate=True)

    def watch_format(self, fmt: Format) -> None:
        self.query_one("#preview-header", Static).update(self.HEADERS[fmt])
        self._text = ""  # the same body, shown anew in the other format
        self.show(self._body)

    @property
    def text(self) -> str:
        return self._text
