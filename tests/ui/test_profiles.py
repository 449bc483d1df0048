"""The wizard shows the profile it targets and can switch to another one of the config file."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from tests.ui.helpers import VALID_TEMPLATE
from tests.ui.test_friction import _notes
from tui.app import make_app
from tui.cli.commands.wizard import ProfileTargets
from tui.screens.wizard import WizardScreen

SIZE = (100, 32)

CONFIG = """\
[profiles.dev]
base_url = "https://dev.example.com"
account_id = "acct-dev"
api_key_env = "DEV_KEY"

[profiles.prod]
base_url = "https://prod.example.com"
account_id = "acct-prod"
api_key_env = "PROD_KEY"
"""


@pytest.fixture
def targets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ProfileTargets:
    for name in ("SGP_CLIENT_BASE_URL", "SGP_BASE_URL", "SGP_ACCOUNT_ID", "SGP_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PROD_KEY", "prod-secret-key")
    config = tmp_path / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    args = argparse.Namespace(config=str(config), profile="dev", sandbox=False)
    return ProfileTargets(args)


async def test_the_palette_offers_every_profile_and_switching_retargets(
    targets: ProfileTargets,
) -> None:
    config, label = targets.target("dev")
    app = make_app(draft=VALID_TEMPLATE, config=config, target_label=label, targets=targets)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.controller.target_label == "https://dev.example.com, profile dev"
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert isinstance(app.screen, WizardScreen)
        assert "Target profile: dev" in titles and "Target profile: prod" in titles
        app.switch_profile("prod")
        await pilot.pause()
        assert app.controller.target_label == "https://prod.example.com, profile prod"
        assert app.controller.config.base_url == "https://prod.example.com"
        assert app.controller.config.api_key == "prod-secret-key"
        assert app.session.get("account_id") == VALID_TEMPLATE["account_id"]  # kept as typed


async def test_an_unknown_profile_is_a_message_and_the_target_stays(
    targets: ProfileTargets,
) -> None:
    config, label = targets.target("dev")
    app = make_app(draft=VALID_TEMPLATE, config=config, target_label=label, targets=targets)
    shown = _notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.switch_profile("staging")
        await pilot.pause()
        assert app.controller.target_label == label
    assert any("staging" in m and "dev, prod" in m for m in shown), shown


def test_the_sandbox_offers_no_profiles(tmp_path: Path) -> None:
    """--sandbox chose the target: no profile may send the work elsewhere by accident."""
    args = argparse.Namespace(config=str(tmp_path / "none.toml"), profile=None, sandbox=True)
    assert ProfileTargets.for_args(args) is None
