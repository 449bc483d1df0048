"""ClientConfig: SDK-compatible env vars, flags win, the key stays hidden, no clear-text key."""

from __future__ import annotations

import pytest

from tui import __version__
from tui.core.config import DEFAULT_BASE_URL, ClientConfig, is_loopback_host
from tui.core.errors import InvalidConfig

SECRET = "sk-config-SECRET-42"


def test_defaults_without_environment() -> None:
    config = ClientConfig.from_env({})
    assert config.base_url == DEFAULT_BASE_URL == "https://api.egp.scale.com"
    assert config.api_key is None and config.account_id is None
    assert (config.connect_timeout, config.read_timeout) == (5.0, 60.0)
    assert config.max_retries == 2
    assert config.user_agent == f"sgp-template/{__version__}"


def test_reads_the_sdk_variables() -> None:
    env = {
        "SGP_API_KEY": SECRET,
        "SGP_ACCOUNT_ID": "acct-env",
        "SGP_CLIENT_BASE_URL": "https://sgp.example.com/",
    }
    config = ClientConfig.from_env(env)
    assert config.api_key == SECRET
    assert config.account_id == "acct-env"
    assert config.base_url == "https://sgp.example.com"


def test_older_base_url_variable_is_a_fallback() -> None:
    assert ClientConfig.from_env({"SGP_BASE_URL": "https://old.example"}).base_url == (
        "https://old.example"
    )
    both = {"SGP_BASE_URL": "https://old.example", "SGP_CLIENT_BASE_URL": "https://new.example"}
    assert ClientConfig.from_env(both).base_url == "https://new.example"


def test_flags_win_over_the_environment() -> None:
    env = {"SGP_ACCOUNT_ID": "acct-env", "SGP_CLIENT_BASE_URL": "https://env.example"}
    config = ClientConfig.from_env(
        env,
        base_url="https://flag.example",
        account_id="acct-flag",
        connect_timeout=1.5,
        read_timeout=600,
    )
    assert config.base_url == "https://flag.example"
    assert config.account_id == "acct-flag"
    assert (config.connect_timeout, config.read_timeout) == (1.5, 600)


def test_repr_never_shows_the_key() -> None:
    config = ClientConfig.from_env({"SGP_API_KEY": SECRET})
    assert SECRET not in repr(config)
    assert SECRET not in str(config)


def test_missing_key_is_an_error_only_when_asked_for() -> None:
    config = ClientConfig.from_env({})
    with pytest.raises(InvalidConfig, match="set SGP_API_KEY"):
        config.require_api_key()
    assert ClientConfig.from_env({"SGP_API_KEY": SECRET}).require_api_key() == SECRET


@pytest.mark.parametrize(
    "url", ["http://sgp.example.com", "http://10.0.0.5:8080", "http://api.egp.scale.com"]
)
def test_plain_http_to_a_remote_host_is_refused(url: str) -> None:
    config = ClientConfig(base_url=url, api_key=SECRET)
    with pytest.raises(InvalidConfig, match="--allow-insecure-http") as caught:
        config.check_transport_security()
    assert SECRET not in caught.value.message


def test_plain_http_allowed_with_the_flag() -> None:
    ClientConfig(
        base_url="http://sgp.example.com", allow_insecure_http=True
    ).check_transport_security()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000",
        "http://127.8.9.10",
        "http://localhost:5003/public",
        "http://[::1]:8000",
        "https://sgp.example.com",
    ],
)
def test_loopback_and_https_are_fine(url: str) -> None:
    ClientConfig(base_url=url).check_transport_security()


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("::1", True), ("[::1]", True), ("localhost", True),
     ("128.0.0.1", False), ("localhost.evil.com", False), ("example.com", False)],
)  # fmt: skip
def test_is_loopback_host(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


@pytest.mark.parametrize(
    "url", ["ftp://x.example", "not a url", "https://user:pw@sgp.example.com", ""]
)
def test_bad_base_urls_are_clear_errors(url: str) -> None:
    with pytest.raises(InvalidConfig) as caught:
        ClientConfig(base_url=url)
    assert "pw" not in caught.value.message.replace("https://", "")


def test_non_positive_timeouts_are_refused() -> None:
    with pytest.raises(InvalidConfig, match="read timeout"):
        ClientConfig.from_env({}, read_timeout=0)
