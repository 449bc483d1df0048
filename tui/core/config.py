"""Client configuration from the official SDK's environment variables and the CLI's flags.

Precedence: explicit arguments (the CLI's flags) > environment > the chosen profile of the
config file (tui.core.profiles) > defaults. The API key is
kept out of `repr()` and is only checked when a request is about to be made, so commands
that never talk to the server (validate, show, --dry-run) work without one.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from tui import __version__
from tui.core.errors import InvalidConfig

if TYPE_CHECKING:
    from tui.core.profiles import Profile

DEFAULT_BASE_URL = "https://api.egp.scale.com"
DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_READ_TIMEOUT = 60.0
DEFAULT_MAX_RETRIES = 2
INSECURE_FLAG = "--allow-insecure-http"

API_KEY_VAR = "SGP_API_KEY"
ACCOUNT_ID_VAR = "SGP_ACCOUNT_ID"
BASE_URL_VARS = ("SGP_CLIENT_BASE_URL", "SGP_BASE_URL")


@dataclass(frozen=True)
class ClientConfig:
    """Where to send requests, as whom, and how patiently."""

    base_url: str = DEFAULT_BASE_URL
    api_key: str | None = field(default=None, repr=False)
    account_id: str | None = None
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    read_timeout: float = DEFAULT_READ_TIMEOUT
    allow_insecure_http: bool = False
    max_retries: int = DEFAULT_MAX_RETRIES
    user_agent: str = f"sgp-template/{__version__}"

    def __post_init__(self) -> None:
        object.__setattr__(self, "base_url", _clean_base_url(self.base_url))
        for name in ("connect_timeout", "read_timeout"):
            if not getattr(self, name) > 0:
                raise InvalidConfig(f"{name.replace('_', ' ')} must be a positive number")
        if self.max_retries < 0:
            raise InvalidConfig("max retries cannot be negative")

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] = os.environ,
        *,
        base_url: str | None = None,
        account_id: str | None = None,
        api_key: str | None = None,
        allow_insecure_http: bool = False,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
        profile: Profile | None = None,
    ) -> ClientConfig:
        """Read SGP_API_KEY, SGP_ACCOUNT_ID and SGP_CLIENT_BASE_URL (or the older
        SGP_BASE_URL); explicit arguments win over the environment, which wins over
        `profile` (its key is read from the variable it names)."""
        env_base_url = next((environ[v] for v in BASE_URL_VARS if environ.get(v)), None)
        from_profile = profile.api_key(environ) if profile else None
        return cls(
            base_url=base_url or env_base_url or (profile and profile.base_url) or DEFAULT_BASE_URL,
            api_key=api_key or environ.get(API_KEY_VAR) or from_profile,
            account_id=account_id
            or environ.get(ACCOUNT_ID_VAR)
            or (profile and profile.account_id)
            or None,
            connect_timeout=DEFAULT_CONNECT_TIMEOUT if connect_timeout is None else connect_timeout,
            read_timeout=DEFAULT_READ_TIMEOUT if read_timeout is None else read_timeout,
            allow_insecure_http=allow_insecure_http,
        )

    @property
    def host(self) -> str:
        import httpx

        return httpx.URL(self.base_url).host

    @property
    def is_loopback(self) -> bool:
        return is_loopback_host(self.host)

    def check_transport_security(self) -> None:
        """Refuse to send the key in clear text to anything but this machine."""
        import httpx

        url = httpx.URL(self.base_url)
        if url.scheme == "http" and not self.is_loopback and not self.allow_insecure_http:
            raise InvalidConfig(
                f"refusing to send the API key over plain http:// to {url.host}",
                hint=f"use https://, or pass {INSECURE_FLAG} if you really mean it",
            )

    def require_api_key(self) -> str:
        """The API key; a missing key is an error only once a request is made."""
        if not self.api_key:
            raise InvalidConfig(
                "no API key", hint=f"set {API_KEY_VAR} in the environment (it is never saved)"
            )
        return self.api_key


def is_loopback_host(host: str) -> bool:
    """localhost, 127.0.0.0/8 or ::1."""
    name = host.strip("[]").lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?")


def _is_plain_url(text: str) -> bool:
    """An http(s) URL with an ASCII host name or IPv4 address, an optional port and a plain
    path: the usual case, accepted without importing httpx (the wizard starts faster)."""
    if _PLAIN_URL.fullmatch(text) is None:
        return False
    parts = urlsplit(text)
    try:
        port = parts.port
    except ValueError:
        return False
    return bool(parts.hostname) and (port is None or port > 0)


def _clean_base_url(raw: str) -> str:
    text = raw.strip()
    if _is_plain_url(text):
        return text.rstrip("/")
    import httpx

    try:
        url = httpx.URL(text)
    except httpx.InvalidURL as exc:
        raise InvalidConfig(f"invalid base URL {text!r}: {exc}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise InvalidConfig(
            f"invalid base URL {text!r}", hint="use a URL like https://api.egp.scale.com"
        )
    if url.userinfo:
        raise InvalidConfig(
            "the base URL must not contain credentials", hint=f"put the key in {API_KEY_VAR}"
        )
    return text.rstrip("/")
