"""A live preview of the request body, as JSON or as the draft's TOML, env values redacted."""

from __future__ import annotations

import json
from typing import Any, Literal

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

Format = Literal["json", "toml"]


def render_body(body: dict[str, Any], fmt: Format) -> str:
    """The body as text, with `${NAME}` values shown as *** (never the resolved value)."""
    safe = redacted(body)
    try:
        from tui.core import render

        return render.to_toml(safe) if fmt == "toml" else render.to_json(safe)
    except ImportError:
        return json.dumps(safe, indent=2)


def redacted(body: dict[str, Any]) -> dict[str, Any]:
    try:
        from tui.core.interpolation import redact
    except ImportError:
        return body
    return redact(body)


class Preview(VerticalScroll):
    """The request body, re-rendered whenever the session changes."""

    DEFAULT_CSS = """
    Preview { height: 1fr; }
    Preview > #preview-text { width: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.format: Format = "json"
        self._body: dict[str, Any] = {}
        self._text = ""
        self.border_title = "Request body (JSON)"

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static("", id="preview-text", markup=False)

    def show(self, body: dict[str, Any]) -> None:
        self._body = body
        text = render_body(body, self.format)
        if text != self._text:
            self._text = text
            self.query_one("#preview-text", Static).update(Text(text, no_wrap=True))

    def toggle_format(self) -> None:
        self.format = "toml" if self.format == "json" else "json"
        self.border_title = f"Request body ({self.format.upper()})"
        self.show(self._body)

    @property
    def text(self) -> str:
        return self._text
