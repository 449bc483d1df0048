"""Where API commands send requests: SGP (from flags and SGP_* variables) or the sandbox."""

from __future__ import annotations

import argparse
import os
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from tui.core.client import SGPClient
    from tui.core.config import ClientConfig
    from tui.core.profiles import Profile

T = TypeVar("T")
SANDBOX_LABEL = "local sandbox"


@dataclass(frozen=True)
class Target:
    config: ClientConfig
    label: str


def profile_of(args: argparse.Namespace) -> Profile | None:
    """The config file's profile chosen by --profile or $SGP_PROFILE (None when none is);
    read once per command."""
    if "loaded_profile" not in vars(args):
        from tui.core.profiles import load_profile

        args.loaded_profile = load_profile(
            getattr(args, "profile", None), getattr(args, "config", None), os.environ
        )
    return args.loaded_profile


def profile_name_of(args: argparse.Namespace) -> str | None:
    profile = profile_of(args)
    return profile.name if profile is not None else None


def account_id_for(args: argparse.Namespace) -> str | None:
    """The account from --account-id, else SGP_ACCOUNT_ID, else the profile's; with
    --sandbox, the sandbox's default account (None when there is none)."""
    chosen = _chosen_account(args)
    if chosen is None and getattr(args, "sandbox", False):
        from tui.sandbox.embedded import DEFAULT_ACCOUNT_ID

        return DEFAULT_ACCOUNT_ID
    return chosen


def _chosen_account(args: argparse.Namespace) -> str | None:
    profile = profile_of(args)
    return (
        getattr(args, "account_id", None)
        or os.environ.get("SGP_ACCOUNT_ID")
        or (profile.account_id if profile else None)
        or None
    )


def default_sandbox_db() -> str:
    """The same database `sgp-template sandbox` uses by default (in the user data folder)."""
    from tui.sandbox.store import default_db_path

    return str(default_db_path())


def client_config(args: argparse.Namespace) -> ClientConfig:
    """The configuration for SGP itself, from flags over SGP_* variables."""
    from tui.core.config import ClientConfig

    timeouts: dict[str, float] = {}
    if getattr(args, "timeout", None):
        timeouts["read_timeout"] = args.timeout
    return ClientConfig.from_env(
        os.environ,
        base_url=getattr(args, "base_url", None),
        account_id=getattr(args, "account_id", None),
        allow_insecure_http=getattr(args, "allow_insecure_http", False),
        profile=profile_of(args),
        **timeouts,
    )


@contextmanager
def api_target(args: argparse.Namespace, *, ready: bool = True) -> Iterator[Target]:
    """Yield the target of the command; with --sandbox, the sandbox runs meanwhile.

    `ready`: check up front that a request can be sent (a key, no insecure http), so a
    misconfiguration is one usage error instead of a failure per request.
    """
    if not getattr(args, "sandbox", False):
        config = client_config(args)
        if ready:
            _require_profile_key(config, profile_of(args))
            config.require_api_key()
            config.check_transport_security()
        profile = profile_of(args)
        yield Target(config, target_label(config, profile.name if profile else None))
        return
    from tui.sandbox import Sandbox

    db = args.sandbox_db or os.environ.get("SGP_SANDBOX_DB") or default_sandbox_db()
    with Sandbox(db=db) as sandbox:
        yield Target(_sandbox_config(sandbox, args), SANDBOX_LABEL)


def target_label(config: ClientConfig, profile_name: str | None) -> str:
    """Where requests go, as the user is shown it: the base URL, and the profile if any."""
    label = str(config.base_url)
    return f"{label}, profile {profile_name}" if profile_name else label


def _require_profile_key(config: ClientConfig, profile: Profile | None) -> None:
    """No key, and the profile names the variable that should hold it: say which."""
    if config.api_key or profile is None or not profile.api_key_env:
        return
    from tui.core.errors import InvalidConfig

    raise InvalidConfig(
        f"no API key: profile {profile.name!r} reads it from ${profile.api_key_env}, "
        "which is not set",
        hint=f"export {profile.api_key_env} (or SGP_API_KEY, which wins over the profile)",
    )


def _sandbox_config(sandbox: Any, args: argparse.Namespace) -> ClientConfig:
    """The sandbox's config, with --account-id (or SGP_ACCOUNT_ID) and --timeout applied."""
    wanted: dict[str, Any] = {}
    chosen = _chosen_account(args)
    if chosen:
        wanted["account_id"] = chosen
    if getattr(args, "timeout", None):
        wanted["read_timeout"] = args.timeout
    return sandbox.config(**wanted)


def open_client(config: ClientConfig) -> SGPClient:
    """The client used by every API command (tests replace this to inject a transport)."""
    from tui.core.client import SGPClient

    return SGPClient(config)


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    import asyncio

    return asyncio.run(coroutine)
