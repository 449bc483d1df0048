"""Apps in fixed states for the snapshot tests (no network: a MockTransport answers)."""

from __future__ import annotations

from typing import Any

import httpx
from textual.pilot import Pilot

from tests.ui.helpers import VALID_TEMPLATE
from tui.app import WizardApp, make_app
from tui.core.config import ClientConfig

SIZE = (100, 32)
SMALL = (80, 24)
SIZES = (SIZE, SMALL)
"""Every step is snapshotted at both sizes."""
FIXED_ID = "tmpl_0123456789"
FIXED_TIME = "2026-01-02T03:04:05Z"

WITH_WARNINGS: dict[str, Any] = {
    **VALID_TEMPLATE,
    "vendor_configuration": {
        "bundle_config": dict(VALID_TEMPLATE["vendor_configuration"]["bundle_config"]),
        "endpoint_config": {"endpoint_type": "SYNC", "gpus": 1, "memory": "8gb"},
    },
}
WITH_ERRORS: dict[str, Any] = {**WITH_WARNINGS, "name": 7}
WITH_ERRORS.pop("model_type")


def config() -> ClientConfig:
    return ClientConfig(
        base_url="https://sgp.example.com", api_key="test-key-123", account_id="acct-1"
    )


def created_json(body: dict[str, Any]) -> dict[str, Any]:
    return {**body, "id": FIXED_ID, "created_at": FIXED_TIME, "created_by_user_id": "user-1"}


def transport(kind: str) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        listing = kind == "exists"
        if kind == "auth":
            return httpx.Response(401, json={"detail": "Invalid API key"})
        if request.method == "GET":
            items = [created_json(VALID_TEMPLATE)] if listing else []
            return httpx.Response(200, json={"items": items, "total_item_count": len(items)})
        if kind == "rejected":
            detail = [{"loc": ["body", "name"], "msg": "name is taken", "type": "value_error"}]
            return httpx.Response(422, json={"detail": detail})
        if kind == "network":
            raise httpx.ConnectError("connection refused", request=request)

        return httpx.Response(200, json=created_json(VALID_TEMPLATE))

    return httpx.MockTransport(handler)


def app_for(template: dict[str, Any] | None = None, kind: str = "created") -> WizardApp:
    if template is None:
        return make_app(config=config(), choose_start=False, target_label="https://sgp.example.com")
    return make_app(
        draft=template,
        config=config(),
        transport=transport(kind),
        target_label="https://sgp.example.com",
    )


async def settle(pilot: Pilot) -> None:
    """Let messages, workers and animations finish.

    No scrolling back to the top is needed: the wizard focuses a newly shown step's first
    field without scrolling to it, so the step stays at its top.
    """
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def show(pilot: Pilot, step: str) -> None:
    """Show `step` (mounting it on first visit) and settle."""
    await pilot.pause()
    await pilot.app.wizard.show_step(step)  # type: ignore[attr-defined]
    await settle(pilot)
