"""The wizard's actions without a screen: `WizardController` over a session and a server."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.ui.helpers import (
    UNREACHABLE,
    VALID_TEMPLATE,
    rejecting_transport,
    unreachable_transport,
)
from tui.controller import ActionFailed, WizardController
from tui.core.config import ClientConfig
from tui.core.session import EditSession
from tui.sandbox import Sandbox


def controller_for(
    template: dict[str, Any], config: ClientConfig, **kwargs: Any
) -> WizardController:
    return WizardController(EditSession(copy.deepcopy(template)), config, **kwargs)


def test_save_draft_writes_the_session_and_marks_it_saved(tmp_path: Path) -> None:
    controller = controller_for(VALID_TEMPLATE, ClientConfig(account_id="acct-1"))
    controller.session.set("name", "saved-name")
    assert controller.session.dirty
    path = tmp_path / "draft.toml"
    controller.save_draft(path)
    assert not controller.session.dirty and controller.session.draft_path == path
    assert tomllib.loads(path.read_text())["template"]["name"] == "saved-name"


def test_a_draft_that_cannot_be_written_says_why_and_stays_unsaved(tmp_path: Path) -> None:
    controller = controller_for(VALID_TEMPLATE, ClientConfig())
    controller.session.set("name", "x")
    with pytest.raises(ActionFailed) as failed:
        controller.save_draft(tmp_path / "missing-folder" / "draft.toml")
    assert failed.value.title == "Not saved" and "missing-folder" in failed.value.message
    assert controller.session.dirty


def test_a_broken_draft_is_refused_without_touching_the_session(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[template\nname = ", encoding="utf-8")
    controller = controller_for(VALID_TEMPLATE, ClientConfig())
    with pytest.raises(ActionFailed) as failed:
        controller.open_draft(path)
    assert failed.value.title == "Cannot open the draft"
    assert controller.session.draft_path is None


def test_readiness_names_what_must_come_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CTRL_TOKEN", raising=False)
    template = copy.deepcopy(VALID_TEMPLATE)
    template["vendor_configuration"]["bundle_config"]["env"] = {"TOKEN": "${CTRL_TOKEN}"}
    controller = controller_for(template, ClientConfig(account_id="acct-1"))
    assert controller.readiness() == "unset"
    assert controller.unset_variables() == ["CTRL_TOKEN"]
    controller.session_values["CTRL_TOKEN"] = "in-memory"
    assert controller.readiness() == "no_key"
    controller.set_api_key("key")
    assert controller.readiness() == "ready"
    controller.session.set("endpoint_type", "NOT-A-TYPE")
    assert controller.readiness() == "errors"


async def test_submit_creates_once_and_then_finds_the_identical_template() -> None:
    with Sandbox(db=":memory:") as sandbox:
        controller = controller_for(VALID_TEMPLATE, sandbox.config(account_id="acct-1"))
        first = await controller.submit()
        second = await controller.submit()
    assert first.kind == "created" and first.ok and first.template_id
    assert second.kind == "exists" and second.template_id == first.template_id
    assert controller.result == second
    assert controller.step_states()["result"] == "valid"


async def test_a_rejected_submit_marks_the_steps_of_the_server_findings() -> None:
    controller = controller_for(VALID_TEMPLATE, UNREACHABLE, transport=rejecting_transport())
    view = await controller.submit()
    assert view.kind == "rejected" and not view.ok
    assert "name is taken" in view.message
    assert "basics" in controller.session.visited
    assert controller.step_states()["result"] == "errors"


async def test_a_network_failure_says_retrying_is_safe() -> None:
    controller = controller_for(VALID_TEMPLATE, UNREACHABLE, transport=unreachable_transport())
    view = await controller.submit()
    assert view.kind == "network" and "never creates a duplicate" in view.message


async def test_pull_returns_the_request_body_or_says_why_not() -> None:
    with Sandbox(db=":memory:") as sandbox:
        controller = controller_for(VALID_TEMPLATE, sandbox.config(account_id="acct-1"))
        created = await controller.submit()
        body = await controller.pull(created.template_id)
        with pytest.raises(ActionFailed) as failed:
            await controller.pull("no-such-id")
    assert body["name"] == VALID_TEMPLATE["name"]
    assert failed.value.title == "Cannot pull no-such-id"


def test_switching_to_an_unknown_profile_keeps_the_target() -> None:
    class Targets:
        def names(self) -> list[str]:
            return ["dev"]

        def target(self, name: str) -> tuple[ClientConfig, str]:
            if name != "dev":
                raise LookupError(f"no profile {name!r}; known: dev")
            return ClientConfig(base_url="https://dev.example.com"), "dev label"

    controller = controller_for(
        VALID_TEMPLATE, ClientConfig(base_url="https://a.example.com"), targets=Targets()
    )
    with pytest.raises(ActionFailed) as failed:
        controller.switch_profile("prod")
    assert "known: dev" in failed.value.message
    assert controller.target_label == "https://a.example.com"
    controller.switch_profile("dev")
    assert controller.target_label == "dev label"
    assert controller.config.base_url == "https://dev.example.com"


def test_start_over_leaves_a_blank_unbound_template(tmp_path: Path) -> None:
    controller = controller_for(VALID_TEMPLATE, ClientConfig(account_id="acct-9"))
    controller.session.draft_path = tmp_path / "d.toml"
    controller.start_over()
    assert controller.session.draft_path is None and not controller.session.dirty
    assert controller.session.template["account_id"] == "acct-9"
    assert controller.session.get("name") is None
