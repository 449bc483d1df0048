"""Helpers for driving the wizard in tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from textual.pilot import Pilot

from tui.app import WizardApp
from tui.core.config import ClientConfig
from tui.widgets.form_field import FormField, field_id

VC = "vendor_configuration"
BUNDLE = f"{VC}.bundle_config"
ENDPOINT = f"{VC}.endpoint_config"

VALID_TEMPLATE: dict[str, Any] = {
    "name": "demo",
    "endpoint_type": "SYNC",
    "model_type": "COMPLETION",
    "account_id": "acct-1",
    "vendor_configuration": {
        "bundle_config": {
            "registry": "reg.example.com",
            "image": "team/model",
            "tag": "1.0",
            "command": ["serve", "--port", "5005"],
        },
        "endpoint_config": {"endpoint_type": "SYNC", "min_workers": 1},
    },
}


async def wait_until(pilot: Pilot, condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Pause until `condition()` holds (the view follows a change a frame or two later, and
    more under load); fails with the condition's source line if it never does."""
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await pilot.pause(0.02)
    assert condition(), "condition still false after the timeout"


def field(app: WizardApp, path: str) -> FormField:
    return app.wizard.query_one(f"#{field_id(path)}", FormField)


async def type_into(pilot: Pilot, app: WizardApp, path: str, text: str) -> None:
    """Focus the field's control and type `text` (replacing what is there)."""
    control = field(app, path).control
    control.focus()
    await pilot.pause()
    if hasattr(control, "value") and isinstance(control.value, str):
        control.value = ""
        await pilot.pause()
    await pilot.press(*text)
    await pilot.pause()


def error_text(app: WizardApp, path: str) -> str:
    from textual.widgets import Static

    widget = field(app, path)
    if not widget.has_class("-has-problem"):
        return ""
    return str(widget.query_one(".field-error", Static).render())


UNREACHABLE = ClientConfig(base_url="http://127.0.0.1:9", api_key="k", account_id="acct-1")
"""A target no request reaches: tests give the client a mock transport instead."""


def rejecting_transport() -> httpx.MockTransport:
    """A server that lists no templates and rejects every create (422, `name` is taken)."""

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            return httpx.Response(200, json={"items": [], "total_item_count": 0})
        detail = [{"loc": ["body", "name"], "msg": "name is taken", "type": "value_error"}]
        return httpx.Response(422, json={"detail": detail})

    return httpx.MockTransport(handler)


def unreachable_transport() -> httpx.MockTransport:
    """A server that cannot be reached (every request: connection refused)."""

    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    return httpx.MockTransport(handler)
