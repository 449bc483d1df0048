"""Named environments (profiles) from the user's config file.

    # ~/.config/sgp-template-wizard/config.toml (or --config FILE / $SGP_TEMPLATE_CONFIG)
    [profiles.dev]
    base_url = "https://api.dev.example.com"
    account_id = "acct-dev"
    api_key_env = "SGP_DEV_API_KEY"      # the NAME of the variable holding the key

A profile is chosen by `--profile NAME` or `$SGP_PROFILE`; nothing is read when none is.
Its values come after the flags and the SGP_* variables (see `ClientConfig.from_env`).
Every problem is an `InvalidConfig` naming the file and, when it can be found, the line.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui import APP_NAME
from tui.core.errors import InvalidConfig

CONFIG_VAR = "SGP_TEMPLATE_CONFIG"
PROFILE_VAR = "SGP_PROFILE"
CONFIG_FILE = "config.toml"
PROFILE_KEYS = ("base_url", "account_id", "api_key_env")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class ProfileError(InvalidConfig):
    """The config file or the chosen profile is unusable; the message names file and line."""


@dataclass(frozen=True)
class Profile:
    name: str
    source: str
    base_url: str | None = None
    account_id: str | None = None
    api_key_env: str | None = None

    def api_key(self, environ: Mapping[str, str]) -> str | None:
        """The key from the variable the profile names (None when unset or not named)."""
        return (environ.get(self.api_key_env) or None) if self.api_key_env else None


def default_config_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_path(APP_NAME)) / CONFIG_FILE


def config_path(explicit: str | None, environ: Mapping[str, str] = os.environ) -> Path:
    """--config, else $SGP_TEMPLATE_CONFIG, else the user config folder's config.toml."""
    chosen = explicit or environ.get(CONFIG_VAR)
    return Path(chosen).expanduser() if chosen else default_config_path()


def chosen_profile_name(
    explicit: str | None, environ: Mapping[str, str] = os.environ
) -> str | None:
    return explicit or environ.get(PROFILE_VAR) or None


def load_profiles(path: Path) -> dict[str, Profile]:
    """Every profile of the file at `path` (checked); ProfileError when it can't be used."""
    text = _read(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path}: not valid TOML: {exc}") from None
    tables = data.get("profiles", {})
    if not isinstance(tables, dict):
        raise ProfileError(f"{_where(path, text, ('profiles',))}: profiles must be a table")
    return {name: _profile(path, text, name, table) for name, table in tables.items()}


def load_profile(
    name: str | None,
    config: str | None = None,
    environ: Mapping[str, str] = os.environ,
) -> Profile | None:
    """The profile `name` (or $SGP_PROFILE) from the config file; None when none is chosen."""
    name = chosen_profile_name(name, environ)
    if name is None:
        return None
    path = config_path(config, environ)
    profiles = load_profiles(path)
    if name not in profiles:
        known = ", ".join(sorted(profiles)) or "none"
        raise ProfileError(
            f"unknown profile {name!r} (in {path}); known profiles: {known}",
            hint=f"add a [profiles.{name}] table to {path}, or pick a known one",
        )
    return profiles[name]


def profile_names(config: str | None = None, environ: Mapping[str, str] = os.environ) -> list[str]:
    """The profile names of the config file; empty when it is missing or unusable (for
    shell completion, which must never fail)."""
    try:
        return sorted(load_profiles(config_path(config, environ)))
    except InvalidConfig:
        return []


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProfileError(
            f"no config file at {path}",
            hint=f"create it with [profiles.NAME] tables, or point --config / ${CONFIG_VAR} at one",
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise ProfileError(f"{path}: cannot be read: {reason}") from None


def _profile(path: Path, text: str, name: str, table: Any) -> Profile:
    where = _where(path, text, ("profiles", name))
    if not isinstance(table, dict):
        raise ProfileError(f"{where}: profile {name!r} must be a table ([profiles.{name}])")
    for key, value in table.items():
        at = _where(path, text, ("profiles", name), key)
        if key not in PROFILE_KEYS:
            raise ProfileError(
                f"{at}: unknown key {key!r} in profile {name!r} (known: {', '.join(PROFILE_KEYS)})"
            )
        if not isinstance(value, str) or not value.strip():
            raise ProfileError(f"{at}: {key} must be a non-empty string")
    env_name = table.get("api_key_env")
    if env_name is not None and not _ENV_NAME.fullmatch(env_name):
        raise ProfileError(
            f"{_where(path, text, ('profiles', name), 'api_key_env')}: api_key_env is the NAME "
            "of an environment variable (like SGP_PROD_API_KEY), never the key itself"
        )
    return Profile(name=name, source=str(path), **table)


# -- locating a key in the text (tomllib gives no positions) ---------------------------------

_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")


def _where(path: Path, text: str, table: tuple[str, ...], key: str | None = None) -> str:
    line = _line_of(text, table, key)
    return f"{path}:{line}" if line else str(path)


def _line_of(text: str, table: tuple[str, ...], key: str | None) -> int | None:
    """The line of `key` in `[a.b]` (or of the header itself), also when the table is written
    as `b = {...}` under `[a]`."""
    current: tuple[str, ...] = ()
    header_line: int | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header is not None:
            current = _split_key(header[1])
            if current == table:
                header_line = number
            continue
        assigned = _assigned_key(line)
        if assigned is None:
            continue
        full = (*current, *assigned)
        if key is not None and full == (*table, key):
            return number
        if full == table:
            header_line = header_line or number
    return header_line


def _assigned_key(line: str) -> tuple[str, ...] | None:
    name, equals, _ = line.partition("=")
    if not equals or not name.strip() or name.strip().startswith("#"):
        return None
    return _split_key(name)


def _split_key(text: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in text.split("."))
