"""Update a Static only when its text changes: every update costs a layout pass."""

from __future__ import annotations

from textual.widgets import Static


def show_text(widget: Static, text: str) -> None:
    """Update `widget` only when its text changes (every update costs a layout pass)."""
    if widget.content != text:
        widget.update(text)
