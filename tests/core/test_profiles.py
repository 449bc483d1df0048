"""Profiles from the config file: selection, precedence, errors with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.config import ClientConfig
from tui.core.profiles import (
    ProfileError,
    config_path,
    load_profile,
    load_profiles,
    profile_names,
)

CONFIG = """\
# environments
[profiles.dev]
base_url = "https://dev.example.com"
account_id = "acct-dev"
api_key_env = "SGP_DEV_KEY"

[profiles.prod]
base_url = "https://prod.example.com"
account_id = "acct-prod"
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


def test_loads_every_profile(config: Path) -> None:
    profiles = load_profiles(config)
    assert sorted(profiles) == ["dev", "prod"]
    assert profiles["dev"].api_key({"SGP_DEV_KEY": "k1"}) == "k1"
    assert profiles["prod"].api_key({"SGP_DEV_KEY": "k1"}) is None


def test_choice_by_flag_then_variable(config: Path) -> None:
    env = {"SGP_TEMPLATE_CONFIG": str(config), "SGP_PROFILE": "prod"}
    assert load_profile(None, None, env).name == "prod"  # type: ignore[union-attr]
    assert load_profile("dev", None, env).name == "dev"  # type: ignore[union-attr]
    assert load_profile(None, None, {"SGP_TEMPLATE_CONFIG": str(config)}) is None


def test_config_path_flag_over_variable(tmp_path: Path) -> None:
    assert config_path("a.toml", {"SGP_TEMPLATE_CONFIG": "b.toml"}) == Path("a.toml")
    assert config_path(None, {"SGP_TEMPLATE_CONFIG": "b.toml"}) == Path("b.toml")
    assert config_path(None, {}).name == "config.toml"


def test_unknown_profile_lists_the_known_ones(config: Path) -> None:
    with pytest.raises(ProfileError, match=r"unknown profile 'staging'.*known profiles: dev, prod"):
        load_profile("staging", str(config), {})


def test_missing_file_says_where_it_looked(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match=r"no config file at .*nope\.toml"):
        load_profile("dev", str(tmp_path / "nope.toml"), {})
    assert profile_names(str(tmp_path / "nope.toml"), {}) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[profiles.dev]\nbase_url = "x"\nbase_url = "y"\n',
            r"config.toml: not valid TOML.*line 3",
        ),
        (
            '[profiles.dev]\n\nregion = "us"\n',
            r"config.toml:3: unknown key 'region'.*known: base_url",
        ),
        (
            "[profiles.dev]\naccount_id = 5\n",
            r"config.toml:2: account_id must be a non-empty string",
        ),
        ('[profiles]\ndev = "x"\n', r"config.toml:2: profile 'dev' must be a table"),
        (
            '[profiles.dev]\napi_key_env = "sk-live-123"\n',
            r"config.toml:2: api_key_env is the NAME.*never the key itself",
        ),
    ],
)
def test_invalid_file_names_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError, match=message) as caught:
        load_profile("dev", str(path), {})
    assert "sk-live-123" not in str(caught.value)


def test_precedence_flags_then_variables_then_profile(config: Path) -> None:
    dev = load_profiles(config)["dev"]
    from_profile = ClientConfig.from_env({"SGP_DEV_KEY": "k-dev"}, profile=dev)
    assert (from_profile.base_url, from_profile.account_id, from_profile.api_key) == (
        "https://dev.example.com",
        "acct-dev",
        "k-dev",
    )
    env = {
        "SGP_DEV_KEY": "k-dev",
        "SGP_API_KEY": "k-env",
        "SGP_ACCOUNT_ID": "acct-env",
        "SGP_CLIENT_BASE_URL": "https://env.example.com",
    }
    from_env = ClientConfig.from_env(env, profile=dev)
    assert (from_env.base_url, from_env.account_id, from_env.api_key) == (
        "https://env.example.com",
        "acct-env",
        "k-env",
    )
    flags = ClientConfig.from_env(env, base_url="https://flag.example.com", profile=dev)
    assert flags.base_url == "https://flag.example.com"
